//! The e-mails reviewers get: their sign-in link, and the news of cases to review. Both
//! in English and Chinese, plain text and escaped HTML.

use crate::campaign::{Campaign, ReviewRound, format_date};
use crate::email::Email;
use crate::lang::Lang;
use crate::mail::OutgoingMail;
use crate::text::escape_html;

use super::Reviewer;

/// The personal link to the review page, sent when a reviewer is registered or gets a
/// new link.
pub fn sign_in_mail(reviewer: &Reviewer, url: &str, campaign: &Campaign) -> OutgoingMail {
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      link: fn(&str) -> String|
     -> Vec<String> {
        let (name, url) = (esc(&reviewer.name), link(url));
        let title = esc(campaign.title().get(lang));
        let period = esc(&campaign.review_period_text(lang));
        match lang {
            Lang::En => vec![
                format!("Dear {name},"),
                format!("Thank you for reviewing cases for the {title}. Reviews run {period}."),
                format!(
                    "Your personal link to the review page (it works on a phone; please keep it to yourself):\n{url}"
                ),
                "If you did not expect this message, you can ignore it.".into(),
            ],
            Lang::Zh => vec![
                format!("{name}，您好："),
                format!("感谢您担任{title}的评审专家。评审时间为{period}。"),
                format!("以下是您的专属评审链接（可在手机上使用，请勿转发）：\n{url}"),
                "如果您并未期待这封邮件，请忽略。".into(),
            ],
        }
    };
    bilingual(
        &reviewer.email,
        "Your review link / 您的评审链接",
        paragraphs,
        campaign,
        None,
    )
}

/// The news that `count` new cases wait in `round`, with the link.
pub fn assignment_mail(
    reviewer: &Reviewer,
    url: &str,
    count: usize,
    round: &ReviewRound,
    campaign: &Campaign,
) -> OutgoingMail {
    let paragraphs = |lang: Lang,
                      esc: fn(&str) -> String,
                      link: fn(&str) -> String|
     -> Vec<String> {
        let (name, url) = (esc(&reviewer.name), link(url));
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
                format!("Open them here:\n{url}"),
            ],
            Lang::Zh => vec![
                format!("{name}，您好："),
                format!("有{count}个新案例等待您评审（{round_title}），请于{due}前完成。"),
                format!("请点击以下链接开始：\n{url}"),
            ],
        }
    };
    bilingual(
        &reviewer.email,
        &match count {
            1 => "1 case to review / 待评审案例1个".to_string(),
            n => format!("{n} cases to review / 待评审案例{n}个"),
        },
        paragraphs,
        campaign,
        None,
    )
}

/// A link we made, as HTML: the escaped address, as text and as the target.
fn html_link(url: &str) -> String {
    let url = escape_html(url);
    format!("<a href=\"{url}\">{url}</a>")
}

/// A message in English then Chinese, plain text and escaped HTML, signed by the call's
/// contact; with an opt-out line when `opt_out` is a link to stop such messages. The
/// paragraphs get `esc` for any text and `link` for the links casebook made (in HTML an
/// `<a>`; applicants' text is never made a link).
pub fn bilingual(
    to: &Email,
    subject: &str,
    paragraphs: impl Fn(Lang, fn(&str) -> String, fn(&str) -> String) -> Vec<String>,
    campaign: &Campaign,
    opt_out: Option<&str>,
) -> OutgoingMail {
    let contact = campaign.contact();
    let mut text = Vec::new();
    let mut html = Vec::new();
    let footer = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| -> Vec<String> {
        let mut lines = vec![format!(
            "{} ({})",
            esc(contact.name.get(lang)),
            esc(contact.email.as_str())
        )];
        if let Some(url) = opt_out {
            lines.push(match lang {
                Lang::En => format!("No more reminders? {}", link(url)),
                Lang::Zh => format!("不想再收到提醒？{}", link(url)),
            });
        }
        lines
    };
    for lang in [Lang::En, Lang::Zh] {
        text.extend(paragraphs(lang, str::to_string, str::to_string));
        text.extend(footer(lang, str::to_string, str::to_string));
        html.extend(
            paragraphs(lang, escape_html, html_link)
                .into_iter()
                .chain(footer(lang, escape_html, html_link))
                .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>"))),
        );
    }
    OutgoingMail::new(to.clone(), subject, text.join("\n\n"), html.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::CountryCode;

    #[test]
    fn the_sign_in_address_is_a_link_in_html_and_plain_in_text() {
        let campaign = Campaign::builtin();
        let reviewer = Reviewer {
            id: super::super::ReviewerId::random(),
            name: "Ana <Souza>".into(),
            email: Email::parse("ana@example.org").unwrap(),
            country: CountryCode::parse("BR").unwrap(),
            organization: "Rio Institute".into(),
            excluded_organizations: Vec::new(),
            areas: Vec::new(),
            generation: 0,
            revoked: false,
            years: vec![2024],
            version: 1,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let url = "https://example.org/review#token=a.b&c";
        let mail = sign_in_mail(&reviewer, url, &campaign);
        assert!(
            mail.html.contains(
                r#"<a href="https://example.org/review#token=a.b&amp;c">https://example.org/review#token=a.b&amp;c</a>"#
            ),
            "{}",
            mail.html
        );
        assert!(mail.html.contains("Ana &lt;Souza&gt;"), "{}", mail.html);
        assert!(
            mail.text.contains(url) && !mail.text.contains("<a "),
            "{}",
            mail.text
        );
        let news = assignment_mail(&reviewer, url, 1, &campaign.review_rounds()[0], &campaign);
        assert!(
            news.subject.starts_with("1 case to review"),
            "{}",
            news.subject
        );
        assert!(news.html.contains("<a href="), "{}", news.html);
    }
}
