//! The reminders' e-mails: short, in the recipient's language then English, each with its
//! opt-out line.

use std::collections::BTreeMap;

use crate::application::Application;
use crate::campaign::{Campaign, ReviewRound, format_date};
use crate::email::Email;
use crate::lang::{Lang, msg, t, text};
use crate::mail::OutgoingMail;
use crate::mail::{in_languages, with_english};
use crate::review::Reviewer;
use crate::rules::Problem;

/// The organizers' mails (digests): the secretariat reads English and Chinese.
pub const ORGANIZERS_LANGUAGES: &[Lang] = &[Lang::En, Lang::Zh];

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
/// In the language of the first draft's applicant, then English. The subject holds no
/// applicant-written text.
pub fn draft_nudge(
    to: &Email,
    drafts: &[(Application, Vec<Problem>)],
    days_before: u16,
    campaign: &Campaign,
    opt_out: &str,
) -> OutgoingMail {
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, _link: fn(&str) -> String| {
        let deadline = esc(&campaign.deadline_text(lang));
        let title = esc(campaign.title().get(lang));
        let words = NudgeWords {
            lang,
            esc,
            campaign,
            days_left: t!(lang, MAIL_DAYS_LEFT, days = days_before),
            deadline: &deadline,
            title: &title,
        };
        let mut p = vec![text(lang, msg::MAIL_HELLO)];
        match drafts {
            [(app, problems)] => one_draft(&words, app, problems, &mut p),
            _ => many_drafts(&words, drafts, &mut p),
        }
        p.push(text(lang, msg::MAIL_NUDGE_CARRY_ON));
        p
    };
    let lang = drafts.first().map_or(Lang::En, |(app, _)| app.language);
    in_languages(
        to,
        &with_english(lang),
        |lang| t!(lang, MAIL_NUDGE_SUBJECT, days = days_before),
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
    days_left: String,
    deadline: &'a str,
    title: &'a str,
}

impl NudgeWords<'_> {
    /// A draft's name in the language's quotes, or nothing when it has none.
    fn quoted(&self, app: &Application) -> String {
        match draft_name(app) {
            n if n.is_empty() => String::new(),
            n => quoted(self.lang, &(self.esc)(&n)),
        }
    }
}

/// A name in quotation marks as the language writes them.
fn quoted(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("\"{name}\""),
        Lang::Zh => format!("“{name}”"),
        Lang::Ru | Lang::Es | Lang::Ar => format!("«{name}»"),
        Lang::Fr => format!("« {name} »"),
    }
}

/// The nudge's middle for one draft: what is still to do.
fn one_draft(w: &NudgeWords<'_>, app: &Application, problems: &[Problem], p: &mut Vec<String>) {
    let (lang, esc, campaign) = (w.lang, w.esc, w.campaign);
    p.push(t!(
        lang,
        MAIL_NUDGE_ONE,
        name = w.quoted(app),
        title = w.title,
        deadline = w.deadline,
        days_left = w.days_left.as_str()
    ));
    let listed: Vec<String> = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|pr| format!("- {}", esc(&pr.message(campaign, lang))))
        .collect();
    let more = problems.len().saturating_sub(LISTED_PROBLEMS);
    if listed.is_empty() {
        p.push(text(lang, msg::MAIL_NUDGE_COMPLETE));
        return;
    }
    let mut lines = vec![text(lang, msg::MAIL_NUDGE_STILL_TO_DO)];
    lines.extend(listed);
    if more > 0 {
        lines.push(t!(lang, MAIL_AND_MORE, count = more));
    }
    p.push(lines.join("\n"));
}

/// The nudge's middle for several drafts that give one address: each named with what
/// it still needs, and a word for whoever did not start them.
fn many_drafts(w: &NudgeWords<'_>, drafts: &[(Application, Vec<Problem>)], p: &mut Vec<String>) {
    let lang = w.lang;
    let count = drafts.len();
    p.push(t!(
        lang,
        MAIL_NUDGE_MANY,
        count = count,
        title = w.title,
        deadline = w.deadline,
        days_left = w.days_left.as_str()
    ));
    let colon = text(lang, msg::LABEL_COLON);
    let mut lines: Vec<String> = drafts
        .iter()
        .take(NAMED_DRAFTS)
        .map(|(app, problems)| {
            let name = match w.quoted(app) {
                q if q.is_empty() => text(lang, msg::MAIL_NUDGE_NO_NAME),
                q => q,
            };
            let state = match problems.len() {
                0 => text(lang, msg::MAIL_NUDGE_DRAFT_COMPLETE),
                n => t!(lang, MAIL_NUDGE_DRAFT_TO_DO, count = n),
            };
            format!("- {name}{colon}{state}")
        })
        .collect();
    let more = count.saturating_sub(NAMED_DRAFTS);
    if more > 0 {
        lines.push(t!(lang, MAIL_AND_MORE, count = more));
    }
    p.push(lines.join("\n"));
    p.push(text(lang, msg::MAIL_NUDGE_NOT_YOURS));
}

/// A draft's nudge in the chat it lives in: one short message in the chat's language,
/// then English.
pub fn draft_chat_nudge(
    app: &Application,
    lang: Lang,
    days_before: u16,
    campaign: &Campaign,
) -> String {
    let name: String = app
        .content
        .practice_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect();
    let said: Vec<String> = with_english(lang)
        .into_iter()
        .map(|lang| {
            t!(
                lang,
                CHAT_NUDGE,
                name = if name.is_empty() {
                    String::new()
                } else {
                    quoted(lang, &name)
                },
                deadline = campaign.deadline_text(lang),
                days_left = t!(lang, MAIL_DAYS_LEFT, days = days_before)
            )
        })
        .collect();
    said.join("\n\n")
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
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| {
        let title = esc(round.title.get(lang));
        let due = esc(&format_date(round.ends, lang));
        let news = if opening {
            t!(
                lang,
                MAIL_ROUND_OPENS,
                count = pending,
                round = title,
                due = due
            )
        } else {
            t!(
                lang,
                MAIL_ROUND_OPEN_REVIEWS,
                count = pending,
                round = title,
                due = due
            )
        };
        vec![
            t!(lang, MAIL_DEAR, name = esc(&reviewer.name)),
            news,
            format!("{}\n{}", text(lang, msg::MAIL_YOUR_LINK), link(sign_in)),
        ]
    };
    in_languages(
        &reviewer.email,
        &with_english(reviewer.language),
        |lang| t!(lang, MAIL_REVIEWS_WAITING_SUBJECT, count = pending),
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
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, _link: fn(&str) -> String| {
        let deadline = esc(&campaign.deadline_text(lang));
        let (status, area, countries) = (
            esc(&line(&digest.by_status)),
            esc(&line(&digest.by_area)),
            esc(&countries),
        );
        let nearly = esc(&nearly.join("; "));
        let d = digest;
        vec![
            t!(lang, MAIL_DIGEST_SO_FAR, deadline = deadline),
            t!(
                lang,
                MAIL_DIGEST_COUNTS,
                status = status,
                area = area,
                countries = countries
            ),
            t!(
                lang,
                MAIL_DIGEST_SINCE,
                submitted = d.submitted_since,
                drafts = d.drafts_since,
                questions = d.questions_since,
                files = d.rejected_files_since
            ),
            t!(
                lang,
                MAIL_DIGEST_NEARLY,
                count = d.nearly_done.len(),
                names = nearly
            ),
        ]
    };
    let submitted = digest.by_status.get("submitted").copied().unwrap_or(0);
    in_languages(
        to,
        ORGANIZERS_LANGUAGES,
        |lang| t!(lang, MAIL_DIGEST_SUBJECT, submitted = submitted),
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
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, _link: fn(&str) -> String| {
        let title = esc(round.title.get(lang));
        let ends = esc(&format_date(round.ends, lang));
        let idle = esc(&idle.join(", "));
        vec![
            t!(
                lang,
                MAIL_ROUND_DIGEST,
                round = title,
                ends = ends,
                done = *done,
                due = *due,
                cases = *unreviewed_cases
            ),
            t!(
                lang,
                MAIL_ROUND_DIGEST_IDLE,
                count = idle_reviewers.len(),
                names = idle
            ),
            text(lang, msg::MAIL_ROUND_DIGEST_DETAILS),
        ]
    };
    in_languages(
        to,
        ORGANIZERS_LANGUAGES,
        |lang| t!(lang, MAIL_ROUND_DIGEST_SUBJECT, done = *done, due = *due),
        paragraphs,
        campaign,
        Some(opt_out),
    )
}
