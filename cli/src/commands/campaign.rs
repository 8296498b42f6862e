use std::path::PathBuf;

use anyhow::{Context, bail};
use casebook_core::campaign::{ConflictRule, format_date};
use casebook_core::lang::{ResourceFile, builtin_files, check_texts};
use casebook_core::{Campaign, InstalledCampaign, Lang, OpenCall, SectionKey};
use casebook_startup::Dependencies;
use jiff::Timestamp;

use crate::data_args::DataArgs;

#[derive(clap::Subcommand)]
pub enum CampaignCommand {
    /// Print the campaign given (the built-in one, or --campaign FILE); `campaign list`
    /// says which call the data has open.
    Show {
        /// Language of the summary: en or zh.
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
    },
    /// Check a campaign file and the resource files of the texts people read, and say what
    /// is wrong, key by key: each text in the six languages, each language's resource files
    /// with English's messages.
    Check {
        file: PathBuf,
        /// A folder of resource files to check (`<language>/<file>.ftl`, as
        /// core/texts/locales), instead of the ones built into this casebook.
        #[arg(long, value_name = "DIR")]
        texts: Option<PathBuf>,
    },
    /// Keep a campaign file with the data (next year's call, or a corrected file for its
    /// year); `campaign open YEAR` then opens it.
    Install {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// The installed campaigns, and which call is open.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Open YEAR's call for applications (one call is open at a time).
    Open {
        year: i16,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Close the open call: no call takes applications until one is opened.
    Close {
        #[command(flatten)]
        data: DataArgs,
    },
}

pub async fn run(
    cmd: CampaignCommand,
    campaign_file: Option<PathBuf>,
    now: Timestamp,
) -> anyhow::Result<()> {
    let given = || Campaign::load(campaign_file.as_deref());
    let mut out = String::new();
    use std::fmt::Write;
    match cmd {
        CampaignCommand::Install { file, data } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let (mut installed, campaign) = InstalledCampaign::check(&text, Timestamp::now())
                .with_context(|| format!("{} is not a valid campaign", file.display()))?;
            in_six_languages(&campaign, &file)?;
            let deps = on_data(&data, &campaign_file).await?;
            let before = deps.stores.campaigns.installed_campaigns().await?;
            let replaced = before.iter().find(|c| c.year == installed.year);
            // A corrected file keeps the earlier years' cases its opening gathered.
            if let Some(earlier) = replaced {
                installed.earlier = earlier.earlier.clone();
            }
            let replaced = replaced.is_some();
            deps.stores.campaigns.install_campaign(&installed).await?;
            let open = deps.stores.campaigns.open_call().await?;
            writeln!(
                out,
                "{} the {} campaign ({}, deadline {}).",
                if replaced { "Replaced" } else { "Installed" },
                campaign.year(),
                campaign.title().get(Lang::En),
                campaign.deadline_text(Lang::En)
            )?;
            if open != OpenCall::Year(campaign.year()) {
                writeln!(
                    out,
                    "It takes no application until it is opened: casebook campaign open {}",
                    campaign.year()
                )?;
            }
        }
        CampaignCommand::List { data } => {
            let deps = on_data(&data, &campaign_file).await?;
            let installed = deps.stores.campaigns.installed_campaigns().await?;
            let open = deps.stores.campaigns.open_call().await?;
            let given = given()?;
            let mut years: Vec<i16> = installed.iter().map(|c| c.year).collect();
            if !years.contains(&given.year()) {
                years.push(given.year());
            }
            years.sort();
            for year in years {
                let is_open = match open {
                    OpenCall::Given => year == given.year(),
                    OpenCall::Year(y) => y == year,
                    OpenCall::Closed => false,
                };
                let origin = match installed.iter().find(|c| c.year == year) {
                    Some(c) => format!(
                        "installed {}",
                        c.installed_at.strftime("%Y-%m-%d %H:%M UTC")
                    ),
                    None => match &campaign_file {
                        Some(path) => format!("given: {}", path.display()),
                        None => "built in".to_string(),
                    },
                };
                writeln!(
                    out,
                    "{year}  {}  ({origin})",
                    if is_open { "open" } else { "-" }
                )?;
            }
            if open == OpenCall::Closed {
                writeln!(
                    out,
                    "No call is open: casebook campaign open YEAR opens one."
                )?;
            }
        }
        CampaignCommand::Open { year, data } => {
            let deps = on_data(&data, &campaign_file).await?;
            let installed = deps.stores.campaigns.installed_campaigns().await?;
            let given = given()?;
            if year != given.year() && !installed.iter().any(|c| c.year == year) {
                bail!(
                    "no {year} campaign is installed: install its file first (casebook campaign install FILE)"
                );
            }
            // The cases collected in the years before are refused by name while it runs:
            // gathered now, kept with the year's file.
            let years = installed.iter().map(|c| c.year).chain([given.year()]);
            let earlier =
                casebook_core::calls::collected_before(&*deps.stores.applications, year, years)
                    .await?;
            let mut installed = installed;
            let kept = match installed.iter_mut().find(|c| c.year == year) {
                Some(file) => {
                    file.earlier = earlier.clone();
                    deps.stores.campaigns.install_campaign(file).await?;
                    earlier.len()
                }
                None => 0,
            };
            let campaign =
                casebook_core::campaign::open_campaign(OpenCall::Year(year), &installed, given)?;
            deps.stores
                .campaigns
                .set_open_call(OpenCall::Year(year))
                .await?;
            writeln!(
                out,
                "The {year} call is open: applications until {} ({} time). The bot, the reminders and new applications follow it.",
                campaign.deadline_text(Lang::En),
                campaign.time_zone()
            )?;
            if kept > 0 {
                writeln!(
                    out,
                    "{kept} case(s) collected in earlier years are refused by name (opening the call again gathers them again)."
                )?;
            } else if !earlier.is_empty() {
                writeln!(
                    out,
                    "{} case(s) collected in earlier years are not refused by name: install the {year} file (casebook campaign install FILE) and open it again.",
                    earlier.len()
                )?;
            }
        }
        CampaignCommand::Close { data } => {
            let deps = on_data(&data, &campaign_file).await?;
            deps.stores
                .campaigns
                .set_open_call(OpenCall::Closed)
                .await?;
            writeln!(
                out,
                "No call is open now: applications are refused until casebook campaign open YEAR."
            )?;
        }
        CampaignCommand::Show { lang } => {
            let campaign = Campaign::load(campaign_file.as_deref())?;
            out = summary(&campaign, Lang::from_tag(&lang), now);
        }
        CampaignCommand::Check { file, texts } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let campaign = Campaign::from_toml(&text)
                .with_context(|| format!("{} is not a valid campaign", file.display()))?;
            in_six_languages(&campaign, &file)?;
            let (files, from) = match &texts {
                Some(dir) => (resource_files(dir)?, dir.display().to_string()),
                None => (builtin_files(), "built in".to_string()),
            };
            let problems = check_texts(&files);
            if !problems.is_empty() {
                let listed: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
                bail!(
                    "the resource files ({from}) have {} problem(s):\n{}",
                    problems.len(),
                    listed.join("\n")
                );
            }
            writeln!(
                out,
                "{} is a valid campaign: {} call, {} areas, deadline {} ({}), in the six languages.",
                file.display(),
                campaign.year(),
                campaign.areas().len(),
                campaign.deadline_text(Lang::En),
                campaign.time_zone()
            )?;
            writeln!(
                out,
                "The resource files ({from}): {} files, each language with every message.",
                files.len()
            )?;
        }
    }
    use std::io::Write as _;
    write!(std::io::stdout().lock(), "{out}")?;
    Ok(())
}

/// Refuses a campaign that leaves a text people read without one of the six languages.
fn in_six_languages(campaign: &Campaign, file: &std::path::Path) -> anyhow::Result<()> {
    const LISTED: usize = 20;
    let missing = &campaign.untranslated();
    if missing.is_empty() {
        return Ok(());
    }
    let mut listed: Vec<String> = missing
        .iter()
        .take(LISTED)
        .map(|k| format!("  {k}"))
        .collect();
    if missing.len() > LISTED {
        listed.push(format!("  and {} more", missing.len() - LISTED));
    }
    bail!(
        "{} lacks {} text(s) in Arabic (ar), French (fr), Russian (ru) or Spanish (es); every text people read is given in ar, en, es, fr, ru and zh:\n{}",
        file.display(),
        missing.len(),
        listed.join("\n")
    )
}

/// The largest resource file read for the check (each built-in one is a few KiB), and the
/// most files, so a wrong folder is refused before it is read.
const MAX_RESOURCE_FILE_BYTES: u64 = 1024 * 1024;
const MAX_RESOURCE_FILES: usize = 200;

/// The resource files of a folder laid out as core/texts/locales: `<language>/<file>.ftl`.
fn resource_files(dir: &std::path::Path) -> anyhow::Result<Vec<ResourceFile>> {
    let mut files = Vec::new();
    let languages =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for language in languages {
        let language = language?;
        if !language.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(language.path())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                if files.len() == MAX_RESOURCE_FILES {
                    bail!(
                        "{} holds more than {MAX_RESOURCE_FILES} .ftl files: is it the right folder?",
                        dir.display()
                    );
                }
                if std::fs::metadata(&path)?.len() > MAX_RESOURCE_FILE_BYTES {
                    bail!(
                        "{} is over 1 MiB: a resource file is a few KiB of messages",
                        path.display()
                    );
                }
                let source = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                files.push(ResourceFile {
                    language: language.file_name().to_string_lossy().into_owned(),
                    name: path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    source,
                });
            }
        }
    }
    Ok(files)
}

/// The data these commands manage. They run no call, so the open call's campaign is not
/// read: a year whose file no longer passes the checks can still be replaced or closed.
async fn on_data(data: &DataArgs, campaign_file: &Option<PathBuf>) -> anyhow::Result<Dependencies> {
    let mut settings = data.settings(
        crate::data_args::ChosenCall::open(campaign_file.clone()),
        None,
    );
    settings.read_open_call = false;
    Ok(Dependencies::build(&settings).await?)
}

fn summary(c: &Campaign, lang: Lang, now: Timestamp) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.title().get(lang));
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("Organizer", "主办方"),
        c.organizer().get(lang)
    );
    let status = if c.is_open(now) {
        lang.pick("open", "进行中")
    } else {
        lang.pick("closed", "已截止")
    };
    let _ = writeln!(
        out,
        "{}: {} ({}, {}) - {}",
        lang.pick("Deadline", "截止日期"),
        c.deadline_text(lang),
        lang.pick("end of day", "当天结束"),
        c.time_zone(),
        status
    );
    let _ = writeln!(out, "\n{}:", lang.pick("Schedule", "日程"));
    for m in c.milestones() {
        let ends = m
            .ends
            .map(|d| format!(" - {}", format_date(d, lang)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{}  {}",
            format_date(m.starts, lang),
            ends,
            m.title.get(lang)
        );
    }
    let _ = writeln!(out, "\n{}:", lang.pick("Areas", "领域"));
    for a in c.areas() {
        let _ = writeln!(out, "  {:<16} {}", a.id, a.name.get(lang));
    }
    let _ = writeln!(
        out,
        "\n{}:",
        lang.pick("Sections (word limits)", "内容部分（字数上限）")
    );
    for key in SectionKey::ALL {
        let s = c.sections().get(key);
        let _ = writeln!(
            out,
            "  {:<16} {} ({})",
            key.as_str(),
            s.title.get(lang),
            s.word_limit
        );
    }
    review_summary(&mut out, c, lang);
    out
}

/// The review part of the summary: rounds, criteria, the conflict rule, the selection,
/// and the call's other numbers.
fn review_summary(out: &mut String, c: &Campaign, lang: Lang) {
    use std::fmt::Write;
    let _ = writeln!(out, "\n{}:", lang.pick("Review", "评审"));
    for r in c.review_rounds() {
        let _ = writeln!(
            out,
            "  {} {}: {} - {}",
            r.number,
            r.title.get(lang),
            format_date(r.starts, lang),
            format_date(r.ends, lang)
        );
    }
    for cr in c.criteria() {
        let [low, high] = cr.scale;
        let _ = writeln!(
            out,
            "  - {} ({low}-{high}, {} {})",
            cr.title.get(lang),
            lang.pick("weight", "权重"),
            cr.weight
        );
    }
    let review = c.review();
    let conflict = match (review.conflict, lang == Lang::Zh) {
        (ConflictRule::InvolvedCountries, false) => {
            "never a case involving the reviewer's country or organization"
        }
        (ConflictRule::InvolvedCountries, true) => "不评审涉及本人所在国家或机构的案例",
        (ConflictRule::LeadCountry, false) => {
            "never a case led from the reviewer's country or organization"
        }
        (ConflictRule::LeadCountry, true) => "不评审由本人所在国家或机构牵头的案例",
    };
    let _ = writeln!(
        out,
        "  {}: {}; {conflict}",
        lang.pick("Reviewers per case and round", "每轮每个案例的评审人数"),
        review.reviewers_per_case
    );
    let _ = writeln!(
        out,
        "{}: {} / {}",
        lang.pick(
            "Selection (collected / outstanding)",
            "入选（案例集 / 优秀案例）"
        ),
        c.selection().collected,
        c.selection().outstanding
    );
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("Countries required", "最少国家数"),
        c.min_countries()
    );
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("Earlier cases listed", "往届案例"),
        c.earlier_cases().len()
    );
    let topics: Vec<&str> = c.faq().iter().map(|f| f.id.as_str()).collect();
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("FAQ topics", "常见问题"),
        topics.join(", ")
    );
    let _ = writeln!(
        out,
        "{}: {} <{}>",
        lang.pick("Contact", "联系人"),
        c.contact().name.get(lang),
        c.contact().email
    );
}
