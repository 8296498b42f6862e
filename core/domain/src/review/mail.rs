//! The e-mails reviewers get: their sign-in link, and the news of cases to review. Both
//! in the reviewer's language followed by English, plain text and escaped HTML.

use crate::campaign::{Campaign, ReviewRound, format_date};
use crate::lang::{Lang, msg, t, text};
use crate::mail::{OutgoingMail, in_languages, with_english};

use super::Reviewer;

/// The personal link to the review page, sent when a reviewer is registered or gets a
/// new link.
pub fn sign_in_mail(reviewer: &Reviewer, url: &str, campaign: &Campaign) -> OutgoingMail {
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| {
        let title = esc(campaign.title().get(lang));
        let period = esc(&campaign.review_period_text(lang));
        vec![
            t!(lang, MAIL_DEAR, name = esc(&reviewer.name)),
            t!(lang, MAIL_REVIEW_THANKS, title = title, period = period),
            format!("{}\n{}", text(lang, msg::MAIL_REVIEW_LINK), link(url)),
            text(lang, msg::MAIL_NOT_EXPECTED),
        ]
    };
    in_languages(
        &reviewer.email,
        &with_english(reviewer.language),
        |lang| text(lang, msg::MAIL_REVIEW_LINK_SUBJECT),
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
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| {
        let round_title = esc(round.title.get(lang));
        let due = esc(&format_date(round.ends, lang));
        vec![
            t!(lang, MAIL_DEAR, name = esc(&reviewer.name)),
            t!(
                lang,
                MAIL_ASSIGNED,
                count = count,
                round = round_title,
                due = due
            ),
            format!("{}\n{}", text(lang, msg::MAIL_OPEN_THEM), link(url)),
        ]
    };
    in_languages(
        &reviewer.email,
        &with_english(reviewer.language),
        |lang| t!(lang, MAIL_ASSIGNED_SUBJECT, count = count),
        paragraphs,
        campaign,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::CountryCode;
    use crate::email::Email;

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
            language: Lang::En,
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
            news.subject.starts_with("One case to review"),
            "{}",
            news.subject
        );
        assert!(news.html.contains("<a href="), "{}", news.html);
        // English alone for an English reader.
        assert!(!mail.text.contains("您好"), "{}", mail.text);
    }

    #[test]
    fn a_reviewer_reads_their_language_first_then_english() {
        let campaign = Campaign::builtin();
        let mut reviewer = Reviewer {
            id: super::super::ReviewerId::random(),
            name: "Amina".into(),
            email: Email::parse("amina@example.org").unwrap(),
            country: CountryCode::parse("MA").unwrap(),
            organization: "Rabat Lab".into(),
            excluded_organizations: Vec::new(),
            areas: Vec::new(),
            generation: 0,
            revoked: false,
            years: vec![2024],
            language: Lang::Fr,
            version: 1,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let url = "https://example.org/review#token=x";
        let mail = sign_in_mail(&reviewer, url, &campaign);
        assert_eq!(mail.subject, "Votre lien d’évaluation / Your review link");
        let french = mail.text.find("Votre lien personnel").expect("French");
        let english = mail.text.find("Your personal link").expect("English");
        assert!(french < english, "{}", mail.text);
        assert!(
            mail.text.contains("du 1er juillet au 31 août 2024"),
            "{}",
            mail.text
        );
        assert!(
            mail.html.contains(r#"<div lang="fr" dir="ltr">"#),
            "{}",
            mail.html
        );
        reviewer.language = Lang::Ar;
        let news = assignment_mail(&reviewer, url, 3, &campaign.review_rounds()[0], &campaign);
        assert!(
            news.html.contains(r#"<div lang="ar" dir="rtl">"#),
            "{}",
            news.html
        );
        assert!(
            news.subject.ends_with("/ 3 cases to review"),
            "{}",
            news.subject
        );
    }
}
