use std::path::PathBuf;

use anyhow::{Context, bail};
use casebook_core::campaign::{ConflictRule, format_date};
use casebook_core::lang::{ResourceFile, TextProblem, builtin_files, check_texts};
use casebook_core::{Campaign, InstalledCampaign, Lang, OpenCall, SectionKey};
use casebook_startup::Dependencies;
use jiff::Timestamp;

use crate::data_args::DataArgs;
use crate::words::{plain, say};

#[derive(clap::Subcommand)]
pub enum CampaignCommand {
    /// Print the campaign given (the built-in one, or --campaign FILE); `campaign list`
    /// says which call the data has open.
    /// (In the language of --lang.)
    Show,
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
                .with_context(|| say!(CLI_CANNOT_READ, path = file.display().to_string()))?;
            let (mut installed, campaign) = InstalledCampaign::check(&text, Timestamp::now())
                .with_context(|| say!(CLI_CAMPAIGN_INVALID, path = file.display().to_string()))?;
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
            let lang = crate::words::lang();
            let (year, title, deadline) = (
                campaign.year(),
                campaign.title().get(lang),
                campaign.deadline_text(lang),
            );
            let said = if replaced {
                say!(
                    CLI_CAMPAIGN_REPLACED,
                    year = year,
                    title = title,
                    deadline = deadline
                )
            } else {
                say!(
                    CLI_CAMPAIGN_INSTALLED,
                    year = year,
                    title = title,
                    deadline = deadline
                )
            };
            writeln!(out, "{said}")?;
            if open != OpenCall::Year(campaign.year()) {
                writeln!(out, "{}", say!(CLI_CAMPAIGN_NOT_OPEN_YET, year = year))?;
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
                    Some(c) => say!(
                        CLI_CAMPAIGN_INSTALLED_AT,
                        at = c.installed_at.strftime("%Y-%m-%d %H:%M UTC").to_string()
                    ),
                    None => match &campaign_file {
                        Some(path) => say!(CLI_CAMPAIGN_GIVEN, path = path.display().to_string()),
                        None => say!(CLI_BUILT_IN),
                    },
                };
                let mark = if is_open {
                    say!(CLI_CAMPAIGN_OPEN_MARK)
                } else {
                    "-".to_string()
                };
                writeln!(out, "{year}  {mark}  ({origin})")?;
            }
            if open == OpenCall::Closed {
                writeln!(out, "{}", say!(CLI_CAMPAIGN_NONE_OPEN))?;
            }
        }
        CampaignCommand::Open { year, data } => {
            let deps = on_data(&data, &campaign_file).await?;
            let installed = deps.stores.campaigns.installed_campaigns().await?;
            let given = given()?;
            if year != given.year() && !installed.iter().any(|c| c.year == year) {
                bail!(say!(CLI_CAMPAIGN_NOT_INSTALLED, year = year));
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
            let said = say!(
                CLI_CAMPAIGN_OPENED,
                year = year,
                deadline = campaign.deadline_text(crate::words::lang()),
                zone = campaign.time_zone().to_string()
            );
            writeln!(out, "{said}")?;
            if kept > 0 {
                writeln!(out, "{}", say!(CLI_CAMPAIGN_EARLIER_REFUSED, count = kept))?;
            } else if !earlier.is_empty() {
                let said = say!(
                    CLI_CAMPAIGN_EARLIER_NOT_REFUSED,
                    count = earlier.len(),
                    year = year
                );
                writeln!(out, "{said}")?;
            }
        }
        CampaignCommand::Close { data } => {
            let deps = on_data(&data, &campaign_file).await?;
            deps.stores
                .campaigns
                .set_open_call(OpenCall::Closed)
                .await?;
            writeln!(out, "{}", say!(CLI_CAMPAIGN_CLOSED))?;
        }
        CampaignCommand::Show => {
            let campaign = Campaign::load(campaign_file.as_deref())?;
            out = summary(&campaign, crate::words::lang(), now);
        }
        CampaignCommand::Check { file, texts } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| say!(CLI_CANNOT_READ, path = file.display().to_string()))?;
            let campaign = Campaign::from_toml(&text)
                .with_context(|| say!(CLI_CAMPAIGN_INVALID, path = file.display().to_string()))?;
            in_six_languages(&campaign, &file)?;
            let (files, from) = match &texts {
                Some(dir) => (resource_files(dir)?, dir.display().to_string()),
                None => (builtin_files(), say!(CLI_BUILT_IN)),
            };
            let problems = check_texts(&files);
            if !problems.is_empty() {
                let listed: Vec<String> = problems
                    .iter()
                    .map(|p| format!("  {}", problem_text(p)))
                    .collect();
                bail!(
                    "{}\n{}",
                    say!(
                        CLI_TEXTS_PROBLEMS,
                        from = from.as_str(),
                        count = problems.len()
                    ),
                    listed.join("\n")
                );
            }
            let said = say!(
                CLI_CAMPAIGN_VALID,
                path = file.display().to_string(),
                year = campaign.year(),
                areas = campaign.areas().len(),
                deadline = campaign.deadline_text(crate::words::lang()),
                zone = campaign.time_zone().to_string()
            );
            writeln!(out, "{said}")?;
            let said = say!(CLI_TEXTS_VALID, from = from.as_str(), files = files.len());
            writeln!(out, "{said}")?;
        }
    }
    use std::io::Write as _;
    write!(std::io::stdout().lock(), "{out}")?;
    Ok(())
}

/// A problem of the resource files, said in the command's language.
fn problem_text(problem: &TextProblem) -> String {
    use TextProblem as P;
    match problem {
        P::UnknownLanguage { language } => {
            say!(CLI_TEXT_UNKNOWN_LANGUAGE, language = language.as_str())
        }
        P::MissingLanguage { language } => say!(CLI_TEXT_MISSING_LANGUAGE, language = *language),
        P::MissingFile { language, file } => say!(
            CLI_TEXT_MISSING_FILE,
            language = language.as_str(),
            file = file.as_str()
        ),
        P::ExtraFile { language, file } => say!(
            CLI_TEXT_EXTRA_FILE,
            language = language.as_str(),
            file = file.as_str()
        ),
        P::Syntax {
            language,
            file,
            line,
            error,
        } => say!(
            CLI_TEXT_SYNTAX,
            language = language.as_str(),
            file = file.as_str(),
            line = line.to_string(),
            error = error.as_str()
        ),
        P::MissingMessage { language, file, id } => say!(
            CLI_TEXT_MISSING_MESSAGE,
            language = language.as_str(),
            file = file.as_str(),
            id = id.as_str()
        ),
        P::ExtraMessage { language, file, id } => say!(
            CLI_TEXT_EXTRA_MESSAGE,
            language = language.as_str(),
            file = file.as_str(),
            id = id.as_str()
        ),
        P::UnknownVariable {
            language,
            file,
            id,
            variable,
        } => say!(
            CLI_TEXT_UNKNOWN_VARIABLE,
            language = language.as_str(),
            file = file.as_str(),
            id = id.as_str(),
            variable = variable.as_str()
        ),
    }
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
        listed.push(format!(
            "  {}",
            say!(CLI_AND_MORE, count = missing.len() - LISTED)
        ));
    }
    bail!(
        "{}\n{}",
        say!(
            CLI_CAMPAIGN_UNTRANSLATED,
            path = file.display().to_string(),
            count = missing.len()
        ),
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
    let languages = std::fs::read_dir(dir)
        .with_context(|| say!(CLI_CANNOT_READ, path = dir.display().to_string()))?;
    for language in languages {
        let language = language?;
        if !language.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(language.path())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                if files.len() == MAX_RESOURCE_FILES {
                    bail!(say!(
                        CLI_TOO_MANY_RESOURCE_FILES,
                        dir = dir.display().to_string(),
                        max = MAX_RESOURCE_FILES
                    ));
                }
                if std::fs::metadata(&path)?.len() > MAX_RESOURCE_FILE_BYTES {
                    bail!(say!(
                        CLI_RESOURCE_FILE_TOO_LARGE,
                        path = path.display().to_string()
                    ));
                }
                let source = std::fs::read_to_string(&path)
                    .with_context(|| say!(CLI_CANNOT_READ, path = path.display().to_string()))?;
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
        "{}",
        say!(CLI_SHOW_ORGANIZER, name = c.organizer().get(lang))
    );
    let status = if c.is_open(now) {
        say!(CLI_SHOW_OPEN)
    } else {
        say!(CLI_SHOW_CLOSED)
    };
    let deadline = say!(
        CLI_SHOW_DEADLINE,
        deadline = c.deadline_text(lang),
        zone = c.time_zone().to_string(),
        status = status
    );
    let _ = writeln!(out, "{deadline}");
    let _ = writeln!(out, "\n{}", say!(CLI_SHOW_SCHEDULE));
    for m in c.milestones() {
        let ends = m
            .ends
            .map(|d| format!(" - {}", plain(format_date(d, lang))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{}  {}",
            plain(format_date(m.starts, lang)),
            ends,
            m.title.get(lang)
        );
    }
    let _ = writeln!(out, "\n{}", say!(CLI_SHOW_AREAS));
    for a in c.areas() {
        let _ = writeln!(out, "  {:<16} {}", a.id, a.name.get(lang));
    }
    let _ = writeln!(out, "\n{}", say!(CLI_SHOW_SECTIONS));
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
    let _ = writeln!(out, "\n{}", say!(CLI_SHOW_REVIEW));
    for r in c.review_rounds() {
        let _ = writeln!(
            out,
            "  {} {}: {} - {}",
            r.number,
            r.title.get(lang),
            plain(format_date(r.starts, lang)),
            plain(format_date(r.ends, lang))
        );
    }
    for cr in c.criteria() {
        let [low, high] = cr.scale;
        let criterion = say!(
            CLI_SHOW_CRITERION,
            title = cr.title.get(lang),
            low = low,
            high = high,
            weight = cr.weight
        );
        let _ = writeln!(out, "  - {criterion}");
    }
    let review = c.review();
    let rule = match review.conflict {
        ConflictRule::InvolvedCountries => say!(CLI_SHOW_CONFLICT_INVOLVED),
        ConflictRule::LeadCountry => say!(CLI_SHOW_CONFLICT_LEAD),
    };
    let lines = [
        say!(
            CLI_SHOW_REVIEWERS_PER_CASE,
            count = review.reviewers_per_case,
            rule = rule
        ),
        say!(
            CLI_SHOW_SELECTION,
            collected = c.selection().collected,
            outstanding = c.selection().outstanding
        ),
        say!(CLI_SHOW_COUNTRIES, count = c.min_countries()),
        say!(CLI_SHOW_EARLIER, count = c.earlier_cases().len()),
        say!(
            CLI_SHOW_FAQ,
            topics = c
                .faq()
                .iter()
                .map(|f| f.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        say!(
            CLI_SHOW_CONTACT,
            name = c.contact().name.get(lang),
            email = c.contact().email.as_str()
        ),
    ];
    let _ = writeln!(out, "  {}", lines[0]);
    for line in &lines[1..] {
        let _ = writeln!(out, "{line}");
    }
}
