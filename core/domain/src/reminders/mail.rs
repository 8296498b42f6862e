//! The reminders' e-mails: short, in English and Chinese, each with its opt-out line.

use std::collections::BTreeMap;

use crate::application::Application;
use crate::campaign::{Campaign, ReviewRound, format_date};
use crate::email::Email;
use crate::lang::Lang;
use crate::mail::OutgoingMail;
use crate::review::Reviewer;
use crate::review::mail::bilingual;
use crate::rules::Problem;

/// At most this many missing things are listed in a nudge; the rest are counted.
const LISTED_PROBLEMS: usize = 5;

/// At most this many drafts are named in one nudge; the rest are counted.
const NAMED_DRAFTS: usize = 5;

/// A draft's name as a nudge quotes it: one line, at most 80 characters.
fn draft_name(app: &Application) -> String {
    app.content
        .practice_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect()
}

/// The nudge of an address about its unsubmitted drafts (one mail however many drafts
/// name it): the deadline, and for one draft what is still missing, for several each
/// one's name and how much is left (at most [`NAMED_DRAFTS`] named, the rest counted).
/// The subject holds no applicant-written text.
pub fn draft_nudge(
    to: &Email,
    drafts: &[(Application, Vec<Problem>)],
    days_before: u16,
    campaign: &Campaign,
    opt_out: &str,
) -> OutgoingMail {
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      _link: fn(&str) -> String|
     -> Vec<String> {
        let deadline = esc(&campaign.deadline_text(lang));
        let title = esc(campaign.title().get(lang));
        let words = NudgeWords {
            lang,
            esc,
            campaign,
            days_before,
            deadline: &deadline,
            title: &title,
        };
        let mut p = vec![match lang {
            Lang::En => "Hello,".to_string(),
            Lang::Zh => "您好：".to_string(),
        }];
        match drafts {
            [(app, problems)] => one_draft(&words, app, problems, &mut p),
            _ => many_drafts(&words, drafts, &mut p),
        }
        p.push(match lang {
            Lang::En => "Carry on where you started: in the chat with our bot send /apply, or open the draft with the edit token you were given.".into(),
            Lang::Zh => "请在原处继续：在与机器人的对话中发送 /apply，或用您获得的编辑令牌打开草稿。".into(),
        });
        p
    };
    bilingual(
        to,
        &format!(
            "{} to submit your application / 距申报截止还有{days_before}天",
            capitalised(&days_left_en(days_before))
        ),
        paragraphs,
        campaign,
        Some(opt_out),
    )
}

/// What a nudge's paragraphs are written with, in one language.
struct NudgeWords<'a> {
    lang: Lang,
    esc: fn(&str) -> String,
    campaign: &'a Campaign,
    days_before: u16,
    deadline: &'a str,
    title: &'a str,
}

impl NudgeWords<'_> {
    /// A draft's name in quotes, or nothing when it has none.
    fn quoted(&self, app: &Application) -> String {
        match (draft_name(app), self.lang) {
            (n, _) if n.is_empty() => String::new(),
            (n, Lang::En) => format!(" \"{}\"", (self.esc)(&n)),
            (n, Lang::Zh) => format!("“{}”", (self.esc)(&n)),
        }
    }
}

/// The nudge's middle for one draft: what is still to do.
fn one_draft(w: &NudgeWords<'_>, app: &Application, problems: &[Problem], p: &mut Vec<String>) {
    let (lang, esc, campaign, days_before) = (w.lang, w.esc, w.campaign, w.days_before);
    let (deadline, title) = (w.deadline, w.title);
    let quoted = |app: &Application| w.quoted(app);
    p.push(match lang {
        Lang::En => format!(
            "Your application{} to the {title} is not submitted yet. The call closes on {deadline} ({}).",
            quoted(app),
            days_left_en(days_before)
        ),
        Lang::Zh => format!(
            "您在{title}中的申报{}尚未提交。征集将于{deadline}截止（还剩{days_before}天）。",
            quoted(app)
        ),
    });
    let listed: Vec<String> = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|pr| format!("- {}", esc(&pr.message(campaign, lang))))
        .collect();
    let more = problems.len().saturating_sub(LISTED_PROBLEMS);
    p.push(match (listed.is_empty(), lang) {
        (true, Lang::En) => "It looks complete: all that is left is to submit it.".into(),
        (true, Lang::Zh) => "申报内容看来已经完整，只差提交。".into(),
        (false, Lang::En) if more > 0 => {
            format!("Still to do:\n{}\n- and {more} more", listed.join("\n"))
        }
        (false, Lang::En) => format!("Still to do:\n{}", listed.join("\n")),
        (false, Lang::Zh) if more > 0 => {
            format!("尚需完成：\n{}\n- 另有{more}项", listed.join("\n"))
        }
        (false, Lang::Zh) => format!("尚需完成：\n{}", listed.join("\n")),
    });
}

/// The nudge's middle for several drafts that give one address: each named with what
/// it still needs, and a word for whoever did not start them.
fn many_drafts(w: &NudgeWords<'_>, drafts: &[(Application, Vec<Problem>)], p: &mut Vec<String>) {
    let (lang, days_before) = (w.lang, w.days_before);
    let (deadline, title) = (w.deadline, w.title);
    let quoted = |app: &Application| w.quoted(app);
    let count = drafts.len();
    p.push(match lang {
        Lang::En => format!(
            "{count} applications to the {title} that give this address are not submitted yet. The call closes on {deadline} ({}).",
            days_left_en(days_before)
        ),
        Lang::Zh => format!(
            "有{count}份填写了此邮箱的{title}申报尚未提交。征集将于{deadline}截止（还剩{days_before}天）。"
        ),
    });
    let mut lines: Vec<String> = drafts
        .iter()
        .take(NAMED_DRAFTS)
        .map(|(app, problems)| {
            let name = match quoted(app) {
                q if q.is_empty() => match lang {
                    Lang::En => " (no name yet)".to_string(),
                    Lang::Zh => "（尚未命名）".to_string(),
                },
                q => q,
            };
            match (problems.len(), lang) {
                (0, Lang::En) => format!("-{name}: complete, ready to submit"),
                (n, Lang::En) => format!("-{name}: {n} thing(s) still to do"),
                (0, Lang::Zh) => format!("- {name}：已完整，可以提交"),
                (n, Lang::Zh) => format!("- {name}：还有{n}项待完成"),
            }
        })
        .collect();
    let more = count.saturating_sub(NAMED_DRAFTS);
    if more > 0 {
        lines.push(match lang {
            Lang::En => format!("- and {more} more"),
            Lang::Zh => format!("- 另有{more}份"),
        });
    }
    p.push(lines.join("\n"));
    p.push(match lang {
        Lang::En => "If you did not start these, someone else gave your address: you can ignore this message, or use the link below to get no more reminders.".into(),
        Lang::Zh => "如果这些申报不是您填写的，可能是他人填写了您的邮箱：您可以忽略此邮件，或通过下方链接不再接收提醒。".into(),
    });
}

/// A draft's nudge in the chat it lives in: one short message in both languages.
pub fn draft_chat_nudge(app: &Application, days_before: u16, campaign: &Campaign) -> String {
    let name: String = app
        .content
        .practice_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect();
    let (en_name, zh_name) = if name.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(" \"{name}\""), format!("“{name}”"))
    };
    format!(
        "Reminder: your application{en_name} is not submitted yet. The call closes on {} ({}). Send /apply to carry on, or STOP for no more reminders.\n\n提醒：您的申报{zh_name}尚未提交。征集将于{}截止（还剩{days_before}天）。发送 /apply 继续填写；发送 STOP 不再接收提醒。",
        campaign.deadline_text(Lang::En),
        days_left_en(days_before),
        campaign.deadline_text(Lang::Zh)
    )
}

/// "1 day left", "14 days left": English counts in words of its own (Chinese needs none).
fn days_left_en(days: u16) -> String {
    match days {
        1 => "1 day left".to_string(),
        n => format!("{n} days left"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A reviewer's nudge: how many reviews wait in the round, and their link.
pub fn reviewer_nudge(
    reviewer: &Reviewer,
    pending: usize,
    round: &ReviewRound,
    opening: bool,
    sign_in: &str,
    campaign: &Campaign,
    opt_out: &str,
) -> OutgoingMail {
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      link: fn(&str) -> String|
     -> Vec<String> {
        let (name, link) = (esc(&reviewer.name), link(sign_in));
        let round_title = esc(round.title.get(lang));
        let due = esc(&format_date(round.ends, lang));
        match lang {
            Lang::En => vec![
                format!("Dear {name},"),
                match (opening, pending) {
                    (true, 1) => format!(
                        "{round_title} opens today: 1 case waits for your review, due by {due}."
                    ),
                    (true, n) => format!(
                        "{round_title} opens today: {n} cases wait for your review, due by {due}."
                    ),
                    (false, 1) => {
                        format!("1 review of {round_title} is still open, due by {due}.")
                    }
                    (false, n) => {
                        format!("{n} reviews of {round_title} are still open, due by {due}.")
                    }
                },
                format!("Your link:\n{link}"),
            ],
            Lang::Zh => vec![
                format!("{name}，您好："),
                if opening {
                    format!("{round_title}今天开始：有{pending}个案例等待您评审，请于{due}前完成。")
                } else {
                    format!("{round_title}尚有{pending}份评审未完成，请于{due}前完成。")
                },
                format!("您的评审链接：\n{link}"),
            ],
        }
    };
    bilingual(
        &reviewer.email,
        &match pending {
            1 => "1 review waiting / 待完成评审1份".to_string(),
            n => format!("{n} reviews waiting / 待完成评审{n}份"),
        },
        paragraphs,
        campaign,
        Some(opt_out),
    )
}

/// What the organizers' digest of the call says.
#[derive(Debug, Clone, Default)]
pub struct CallDigest {
    pub by_status: BTreeMap<String, usize>,
    pub by_area: BTreeMap<String, usize>,
    pub by_country: Vec<(String, usize)>,
    pub submitted_since: usize,
    pub drafts_since: usize,
    pub nearly_done: Vec<String>,
    pub questions_since: usize,
    pub rejected_files_since: usize,
}

/// The organizers' digest of the call.
pub fn call_digest(
    to: &Email,
    digest: &CallDigest,
    campaign: &Campaign,
    opt_out: &str,
) -> OutgoingMail {
    let counts = |pairs: Vec<(&String, &usize)>| {
        if pairs.is_empty() {
            return "-".to_string();
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let line = |map: &BTreeMap<String, usize>| counts(map.iter().collect());
    let countries = counts(digest.by_country.iter().map(|(k, v)| (k, v)).collect());
    let nearly: Vec<String> = digest.nearly_done.iter().take(10).cloned().collect();
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      _link: fn(&str) -> String|
     -> Vec<String> {
        let deadline = esc(&campaign.deadline_text(lang));
        let (status, area, countries) = (
            esc(&line(&digest.by_status)),
            esc(&line(&digest.by_area)),
            esc(&countries),
        );
        let nearly = esc(&nearly.join("; "));
        let d = digest;
        match lang {
            Lang::En => vec![
                format!("The call so far (it closes on {deadline}):"),
                format!(
                    "By status: {status}\nSubmitted, by area: {area}\nSubmitted, by lead country: {countries}"
                ),
                format!(
                    "Since the last digest: {} submitted, {} new drafts, {} question(s) the bot could not answer (`casebook admin questions`), {} file(s) rejected.",
                    d.submitted_since, d.drafts_since, d.questions_since, d.rejected_files_since
                ),
                format!(
                    "Drafts that look nearly done ({}): {nearly}",
                    d.nearly_done.len()
                ),
            ],
            Lang::Zh => vec![
                format!("征集进展（{deadline}截止）："),
                format!(
                    "按状态：{status}\n已提交，按领域：{area}\n已提交，按牵头国家：{countries}"
                ),
                format!(
                    "自上次汇总以来：新提交{}份，新草稿{}份，机器人未能回答的问题{}个，被拒绝的附件{}个。",
                    d.submitted_since, d.drafts_since, d.questions_since, d.rejected_files_since
                ),
                format!("接近完成的草稿（{}份）：{nearly}", d.nearly_done.len()),
            ],
        }
    };
    bilingual(
        to,
        &format!(
            "Call digest: {} submitted / 征集汇总：已提交{}份",
            digest.by_status.get("submitted").copied().unwrap_or(0),
            digest.by_status.get("submitted").copied().unwrap_or(0)
        ),
        paragraphs,
        campaign,
        Some(opt_out),
    )
}

/// What the organizers' digest of a round says.
#[derive(Debug, Clone, Default)]
pub struct RoundDigest {
    pub done: usize,
    pub due: usize,
    /// Reviewers with nothing submitted yet.
    pub idle_reviewers: Vec<String>,
    /// Cases with no submitted review yet.
    pub unreviewed_cases: usize,
}

/// The organizers' digest of a round's progress.
pub fn round_digest(
    to: &Email,
    round: &ReviewRound,
    digest: &RoundDigest,
    campaign: &Campaign,
    opt_out: &str,
) -> OutgoingMail {
    let RoundDigest {
        done,
        due,
        idle_reviewers,
        unreviewed_cases,
    } = digest;
    let idle: Vec<String> = idle_reviewers.iter().take(20).cloned().collect();
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      _link: fn(&str) -> String|
     -> Vec<String> {
        let title = esc(round.title.get(lang));
        let ends = esc(&format_date(round.ends, lang));
        let idle = esc(&idle.join(", "));
        match lang {
            Lang::En => vec![
                format!(
                    "{title} (until {ends}): {done} of {due} reviews submitted; {}.",
                    match unreviewed_cases {
                        1 => "1 case without any submitted review yet".to_string(),
                        n => format!("{n} cases without any submitted review yet"),
                    }
                ),
                format!(
                    "Reviewers who have not submitted anything yet ({}): {idle}",
                    idle_reviewers.len()
                ),
                "Details: `casebook admin rounds progress N` or GET /admin/rounds/N.".into(),
            ],
            Lang::Zh => vec![
                format!(
                    "{title}（至{ends}）：已提交评审{done}份，共{due}份；尚无评审提交的案例{unreviewed_cases}个。"
                ),
                format!(
                    "尚未提交任何评审的专家（{}位）：{idle}",
                    idle_reviewers.len()
                ),
                "详情：`casebook admin rounds progress N` 或 GET /admin/rounds/N。".into(),
            ],
        }
    };
    bilingual(
        to,
        &format!("Review progress: {done}/{due} / 评审进度：{done}/{due}"),
        paragraphs,
        campaign,
        Some(opt_out),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_day_is_a_day_and_more_are_days() {
        assert_eq!(super::days_left_en(1), "1 day left");
        assert_eq!(super::days_left_en(14), "14 days left");
        assert_eq!(super::capitalised("1 day left"), "1 day left");
        assert_eq!(super::capitalised("days"), "Days");
    }
}
