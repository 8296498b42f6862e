//! The e-mails reviewers get: their sign-in link, and the news of cases to review. Both
//! in English and Chinese, plain text and escaped HTML.

use crate::campaign::{Campaign, ReviewRound, format_date};
use crate::confirmation::escape_html;
use crate::lang::Lang;
use crate::mail::OutgoingMail;

use super::Reviewer;

/// The personal link to the review page, sent when a reviewer is registered or gets a
/// new link.
pub fn sign_in_mail(reviewer: &Reviewer, link: &str, campaign: &Campaign) -> OutgoingMail {
    let paragraphs = |lang: Lang, esc: fn(&str) -> String| -> Vec<String> {
        let (name, link) = (esc(&reviewer.name), esc(link));
        let title = esc(campaign.title().get(lang));
        let period = esc(&campaign.review_period_text(lang));
        match lang {
            Lang::En => vec![
                format!("Dear {name},"),
                format!("Thank you for reviewing cases for the {title}. Reviews run {period}."),
                format!(
                    "Your personal link to the review page (it works on a phone; please keep it to yourself):\n{link}"
                ),
                "If you did not expect this message, you can ignore it.".into(),
            ],
            Lang::Zh => vec![
                format!("{name}，您好："),
                format!("感谢您担任{title}的评审专家。评审时间为{period}。"),
                format!("以下是您的专属评审链接（可在手机上使用，请勿转发）：\n{link}"),
                "如果您并未期待这封邮件，请忽略。".into(),
            ],
        }
    };
    bilingual(
        reviewer,
        "Your review link / 您的评审链接",
        paragraphs,
        campaign,
    )
}

/// The news that `count` new cases wait in `round`, with the link.
pub fn assignment_mail(
    reviewer: &Reviewer,
    link: &str,
    count: usize,
    round: &ReviewRound,
    campaign: &Campaign,
) -> OutgoingMail {
    let paragraphs = |lang: Lang, esc: fn(&str) -> String| -> Vec<String> {
        let (name, link) = (esc(&reviewer.name), esc(link));
        let round_title = esc(round.title.get(lang));
        let due = esc(&format_date(round.ends, lang));
        match lang {
            Lang::En => vec![
                format!("Dear {name},"),
                match count {
                    1 => format!(
                        "One new case is waiting for your review ({round_title}), due by {due}."
                    ),
                    n => format!(
                        "{n} new cases are waiting for your review ({round_title}), due by {due}."
                    ),
                },
                format!("Open them here:\n{link}"),
            ],
            Lang::Zh => vec![
                format!("{name}，您好："),
                format!("有{count}个新案例等待您评审（{round_title}），请于{due}前完成。"),
                format!("请点击以下链接开始：\n{link}"),
            ],
        }
    };
    bilingual(
        reviewer,
        &format!("{count} case(s) to review / 待评审案例{count}个"),
        paragraphs,
        campaign,
    )
}

fn bilingual(
    reviewer: &Reviewer,
    subject: &str,
    paragraphs: impl Fn(Lang, fn(&str) -> String) -> Vec<String>,
    campaign: &Campaign,
) -> OutgoingMail {
    let contact = campaign.contact();
    let mut text = Vec::new();
    let mut html = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        let mut said = paragraphs(lang, str::to_string);
        said.push(format!(
            "{} ({})",
            contact.name.get(lang),
            contact.email.as_str()
        ));
        text.extend(said);
        let mut escaped = paragraphs(lang, escape_html);
        escaped.push(format!(
            "{} ({})",
            escape_html(contact.name.get(lang)),
            escape_html(contact.email.as_str())
        ));
        html.extend(
            escaped
                .iter()
                .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>"))),
        );
    }
    OutgoingMail::new(
        reviewer.email.clone(),
        subject,
        text.join("\n\n"),
        html.join("\n"),
    )
}
