//! Every sentence the engine says, by message of the resource files (core/texts, bot.ftl),
//! in the chat's language. Facts (dates, names, limits) come in as arguments from the
//! campaign; no channel is named here.

use casebook_core::lang::{msg, t, text};
use casebook_core::{Campaign, Lang};

// The page says these too: one wording, kept in core.
pub use casebook_core::lang::then;
pub use casebook_core::service::{not_understood, now_closed};

use super::Choice;
use crate::wizard::Step;

// ------------------------------------------------------------------ choices

pub fn done(lang: Lang) -> Choice {
    Choice::new(text(lang, msg::BOT_DONE), "done")
}

pub fn skip(lang: Lang) -> Choice {
    Choice::new(text(lang, msg::BOT_SKIP), "skip")
}

pub fn submit(lang: Lang) -> Choice {
    Choice::new(text(lang, msg::BOT_SUBMIT), "/submit")
}

pub fn apply_now(lang: Lang) -> Choice {
    Choice::new(text(lang, msg::BOT_APPLY_NOW), "/apply")
}

/// The menu's way to the languages: "Language" in the chat's, then in English.
pub fn switch_language(lang: Lang) -> Choice {
    let label = match lang {
        Lang::En => text(lang, msg::BOT_SWITCH_LANGUAGE),
        _ => format!("{} / Language", text(lang, msg::BOT_SWITCH_LANGUAGE)),
    };
    Choice::new(label, "/language")
}

/// The six, each named in itself.
pub fn languages() -> Vec<Choice> {
    Lang::ALL
        .into_iter()
        .map(|lang| Choice::new(lang.native_name(), format!("/lang {}", lang.code())))
        .collect()
}

/// The language question, in the chat's language and English.
pub fn language_question(lang: Lang) -> String {
    match lang {
        Lang::En => text(lang, msg::BOT_LANGUAGE_QUESTION),
        _ => format!(
            "{} / {}",
            text(lang, msg::BOT_LANGUAGE_QUESTION),
            text(Lang::En, msg::BOT_LANGUAGE_QUESTION)
        ),
    }
}

// ------------------------------------------------------------------ menu and help

pub fn welcome(lang: Lang, title: &str, status: &str) -> String {
    t!(lang, BOT_WELCOME, title = title, status = status)
}

pub fn open_until(lang: Lang, deadline: &str) -> String {
    t!(lang, BOT_OPEN_UNTIL, deadline = deadline)
}

pub fn closed_but_answering(lang: Lang, deadline: &str) -> String {
    t!(lang, BOT_CLOSED_BUT_ANSWERING, deadline = deadline)
}

pub fn closed_cannot_apply(lang: Lang, deadline: &str) -> String {
    t!(lang, BOT_CLOSED_CANNOT_APPLY, deadline = deadline)
}

pub fn what_to_know(lang: Lang) -> String {
    text(lang, msg::BOT_WHAT_TO_KNOW)
}

pub fn help(lang: Lang) -> String {
    text(lang, msg::BOT_HELP)
}

/// The help's line for the terminal chat's /attach, on a line of its own.
pub fn help_paths(lang: Lang) -> String {
    format!("\n{}", text(lang, msg::BOT_HELP_PATHS))
}

/// The help's line for channels that take files, on a line of its own.
pub fn help_documents(lang: Lang) -> String {
    format!("\n{}", text(lang, msg::BOT_HELP_DOCUMENTS))
}

pub fn unknown_command(lang: Lang) -> String {
    text(lang, msg::BOT_UNKNOWN_COMMAND)
}

pub fn too_long(lang: Lang, max: usize, section_max: usize) -> String {
    t!(lang, BOT_TOO_LONG, max = max, section_max = section_max)
}

pub fn stopped(lang: Lang, has_draft: bool) -> String {
    text(
        lang,
        if has_draft {
            msg::BOT_STOPPED_DRAFT
        } else {
            msg::BOT_STOPPED
        },
    )
}

pub fn will_answer_in(lang: Lang) -> String {
    text(lang, msg::BOT_WILL_ANSWER_IN)
}

pub fn welcome_back(lang: Lang) -> String {
    text(lang, msg::BOT_WELCOME_BACK)
}

pub fn trouble(lang: Lang) -> String {
    text(lang, msg::BOT_TROUBLE)
}

// ------------------------------------------------------------------ the wizard

/// How the wizard starts; in a language other than English, with the rule that the four
/// sections are written in English.
pub fn wizard_intro(lang: Lang) -> String {
    match lang {
        Lang::En => text(lang, msg::BOT_WIZARD_INTRO),
        _ => then(
            lang,
            &text(lang, msg::BOT_WIZARD_INTRO),
            &text(lang, msg::BOT_SECTIONS_IN_ENGLISH),
        ),
    }
}

pub fn carry_on(lang: Lang) -> String {
    text(lang, msg::BOT_CARRY_ON)
}

pub fn send_documents(lang: Lang, max_mb: u32) -> String {
    t!(lang, BOT_SEND_DOCUMENTS, max_mb = max_mb)
}

pub fn send_paths(lang: Lang) -> String {
    text(lang, msg::BOT_SEND_PATHS)
}

pub fn choose_area(lang: Lang) -> String {
    text(lang, msg::BOT_CHOOSE_AREA)
}

pub fn partner_format(lang: Lang) -> String {
    text(lang, msg::BOT_PARTNER_FORMAT)
}

pub fn countries_listed(lang: Lang, names: &[String]) -> String {
    t!(
        lang,
        BOT_COUNTRIES_LISTED,
        count = names.len(),
        names = casebook_core::lang::list(lang, names)
    )
}

pub fn partner_added(lang: Lang, count: usize) -> String {
    t!(lang, BOT_PARTNER_ADDED, count = count)
}

pub fn section_saved(lang: Lang, words: usize, limit: usize) -> String {
    t!(lang, BOT_SECTION_SAVED, words = words, limit = limit)
}

// ------------------------------------------------------------------ summary and submit

pub fn your_application(lang: Lang) -> String {
    text(lang, msg::BOT_YOUR_APPLICATION)
}

pub fn not_given(lang: Lang) -> String {
    text(lang, msg::BOT_NOT_GIVEN)
}

pub fn word_total(lang: Lang, words: usize) -> String {
    t!(lang, BOT_WORD_TOTAL, words = words)
}

/// The summary's labels, in the order it lists them.
pub struct SummaryLabels {
    pub practice_name: String,
    pub lead: String,
    pub partners: String,
    pub countries: String,
    pub area: String,
    pub contact: String,
    pub collecting: String,
    pub files: String,
    /// What follows a label: ": ", or "：" in Chinese.
    pub colon: String,
}

pub fn summary_labels(lang: Lang) -> SummaryLabels {
    SummaryLabels {
        practice_name: text(lang, msg::BOT_LABEL_PRACTICE_NAME),
        lead: text(lang, msg::BOT_LABEL_LEAD),
        partners: text(lang, msg::BOT_LABEL_PARTNERS),
        countries: text(lang, msg::BOT_LABEL_COUNTRIES),
        area: text(lang, msg::BOT_LABEL_AREA),
        contact: text(lang, msg::BOT_LABEL_CONTACT),
        collecting: text(lang, msg::BOT_LABEL_COLLECTING),
        files: text(lang, msg::BOT_LABEL_FILES),
        colon: text(lang, msg::LABEL_COLON),
    }
}

/// What follows a label: ": ", "：", " : ".
pub fn label_colon(lang: Lang) -> String {
    text(lang, msg::LABEL_COLON)
}

pub fn ready_to_submit(lang: Lang) -> String {
    text(lang, msg::BOT_READY_TO_SUBMIT)
}

pub fn still_to_fix(lang: Lang) -> String {
    text(lang, msg::BOT_STILL_TO_FIX)
}

/// The edit menu's labels, in the wizard's order of steps.
pub fn edit_labels(lang: Lang) -> [String; 14] {
    [
        msg::BOT_EDIT_NAME,
        msg::BOT_EDIT_LEAD,
        msg::BOT_EDIT_LEAD_COUNTRY,
        msg::BOT_EDIT_PARTNERS,
        msg::BOT_EDIT_COUNTRIES,
        msg::BOT_EDIT_AREA,
        msg::BOT_EDIT_BACKGROUND,
        msg::BOT_EDIT_COOPERATION,
        msg::BOT_EDIT_MODALITIES,
        msg::BOT_EDIT_BENEFITS,
        msg::BOT_EDIT_CONTACT_NAME,
        msg::BOT_EDIT_EMAIL,
        msg::BOT_EDIT_COLLECTING,
        msg::BOT_ADD_FILES,
    ]
    .map(|m| text(lang, m))
}

pub fn which_answer(lang: Lang) -> String {
    text(lang, msg::BOT_WHICH_ANSWER)
}

pub fn nothing_to_edit(lang: Lang) -> String {
    text(lang, msg::BOT_NOTHING_TO_EDIT)
}

pub fn nothing_to_submit(lang: Lang) -> String {
    text(lang, msg::BOT_NOTHING_TO_SUBMIT)
}

pub fn submitted(lang: Lang, reference: &str, period: &str) -> String {
    t!(lang, BOT_SUBMITTED, reference = reference, period = period)
}

pub fn confirmation_pending(lang: Lang) -> String {
    text(lang, msg::BOT_CONFIRMATION_PENDING)
}

pub fn confirmation_held(lang: Lang) -> String {
    text(lang, msg::BOT_CONFIRMATION_HELD)
}

pub fn not_yet(lang: Lang) -> String {
    text(lang, msg::BOT_NOT_YET)
}

// ------------------------------------------------------------------ files

pub fn apply_before_files(lang: Lang) -> String {
    text(lang, msg::BOT_APPLY_BEFORE_FILES)
}

pub fn files_only_in_drafts(lang: Lang) -> String {
    text(lang, msg::BOT_FILES_ONLY_IN_DRAFTS)
}

pub fn file_not_added(lang: Lang) -> String {
    text(lang, msg::BOT_FILE_NOT_ADDED)
}

pub fn file_added(lang: Lang, filename: &str) -> String {
    t!(lang, BOT_FILE_ADDED, filename = filename)
}

pub fn files_so_far(lang: Lang, count: usize) -> String {
    t!(lang, BOT_FILES_SO_FAR, count = count)
}

// ------------------------------------------------------------------ links and status

pub fn nothing_to_link(lang: Lang) -> String {
    text(lang, msg::BOT_NOTHING_TO_LINK)
}

pub fn link_code(lang: Lang, code: &str, minutes: i64) -> String {
    t!(lang, BOT_LINK_CODE, code = code, minutes = minutes)
}

pub fn link_invalid(lang: Lang) -> String {
    text(lang, msg::BOT_LINK_INVALID)
}

pub fn linked(lang: Lang) -> String {
    text(lang, msg::BOT_LINKED)
}

pub fn no_applications(lang: Lang) -> String {
    text(lang, msg::BOT_NO_APPLICATIONS)
}

pub fn your_applications(lang: Lang) -> String {
    text(lang, msg::BOT_YOUR_APPLICATIONS)
}

/// How many earlier applications a greeting lists (a chat message stays short).
pub const EARLIER_LISTED: usize = 10;

pub fn earlier_applications(lang: Lang, year: i16) -> String {
    t!(lang, BOT_EARLIER_APPLICATIONS, year = year.to_string())
}

/// What follows an application of another year's call: ` (2024 call)`.
pub fn of_call(lang: Lang, year: i16) -> String {
    t!(lang, OF_CALL, year = year.to_string())
}

pub fn earlier_draft_closed(lang: Lang, year: i16, open: i16) -> String {
    t!(
        lang,
        BOT_EARLIER_DRAFT_CLOSED,
        year = year.to_string(),
        open = open.to_string()
    )
}

pub fn no_name_yet(lang: Lang) -> String {
    text(lang, msg::BOT_NO_NAME_YET)
}

// ------------------------------------------------------------------ the questions

/// The question, with its tip and example.
pub fn question(step: Step, campaign: &Campaign, lang: Lang) -> String {
    if let Some(key) = step.section() {
        let spec = campaign.sections().get(key);
        return t!(
            lang,
            BOT_ASK_SECTION,
            title = spec.title.get(lang),
            limit = spec.word_limit
        );
    }
    let msg = match step {
        Step::PracticeName => msg::BOT_ASK_PRACTICE_NAME,
        Step::LeadName => msg::BOT_ASK_LEAD_NAME,
        Step::LeadCountry => msg::BOT_ASK_LEAD_COUNTRY,
        Step::Partners => msg::BOT_ASK_PARTNERS,
        Step::Countries => msg::BOT_ASK_COUNTRIES,
        Step::Area => msg::BOT_ASK_AREA,
        Step::ContactName => msg::BOT_ASK_CONTACT_NAME,
        Step::ContactEmail => msg::BOT_ASK_CONTACT_EMAIL,
        Step::CollectingOrganization => msg::BOT_ASK_COLLECTING_ORGANIZATION,
        Step::Attachments => return attachments_question(campaign, lang),
        _ => return String::new(),
    };
    text(lang, msg)
}

/// The optional files step: what helps, and the campaign's types and limits.
fn attachments_question(campaign: &Campaign, lang: Lang) -> String {
    let rules = &campaign.attachments();
    let types: Vec<String> = rules
        .types
        .iter()
        .map(|t| format!("{} {}", t.label.get(lang), t!(lang, SIZE_MB, mb = t.max_mb)))
        .collect();
    t!(
        lang,
        BOT_ASK_ATTACHMENTS,
        types = casebook_core::lang::list(lang, &types),
        max_files = rules.max_files,
        max_total_mb = rules.max_total_mb
    )
}

pub fn reminders_stopped(lang: Lang) -> String {
    text(lang, msg::BOT_REMINDERS_STOPPED)
}
