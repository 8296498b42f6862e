//! The six UN languages end to end: an applicant applies through `casebook chat` in each
//! of Arabic, Chinese, English, French, Russian and Spanish (the four sections in English,
//! as the call asks), is answered in that language throughout, asks the FAQ in it, and
//! gets the confirmation in it, then in English. And the resource files' check refuses a
//! set of files with a message removed.

mod common;

use std::path::Path;
use std::process::Command;

use casebook_core::lang::{msg, t, text};
use casebook_core::{Campaign, Lang};

const MAY: &str = "2024-05-01T09:00:00+08:00";

/// `casebook chat --lang LANG` with `input` on its standard input.
fn chat_in(lang: Lang, user: &str, input: &str, data_dir: &Path) -> String {
    common::chat_with(&["--lang", lang.code()], user, input, data_dir, MAY)
}

/// What an applicant in each language types: the deadline question in their words, and
/// the countries by their names in their language.
struct Applicant {
    lang: Lang,
    deadline_question: &'static str,
    china: &'static str,
    kenya: &'static str,
    brazil: &'static str,
    /// Between the items of a list, as the language writes it.
    comma: &'static str,
}

const APPLICANTS: [Applicant; 6] = [
    Applicant {
        lang: Lang::Ar,
        deadline_question: "متى الموعد النهائي لتقديم الطلبات؟",
        china: "الصين",
        kenya: "كينيا",
        brazil: "البرازيل",
        comma: "، ",
    },
    Applicant {
        lang: Lang::Zh,
        deadline_question: "申报截止日期是什么时候？",
        china: "中国",
        kenya: "肯尼亚",
        brazil: "巴西",
        comma: "、",
    },
    Applicant {
        lang: Lang::En,
        deadline_question: "When is the deadline for applications?",
        china: "China",
        kenya: "Kenya",
        brazil: "Brazil",
        comma: ", ",
    },
    Applicant {
        lang: Lang::Fr,
        deadline_question: "Quelle est la date limite pour les candidatures ?",
        china: "Chine",
        kenya: "Kenya",
        brazil: "Brésil",
        comma: ", ",
    },
    Applicant {
        lang: Lang::Ru,
        deadline_question: "Когда последний день подачи заявок?",
        china: "Китай",
        kenya: "Кения",
        brazil: "Бразилия",
        comma: ", ",
    },
    Applicant {
        lang: Lang::Es,
        deadline_question: "¿Cuál es la fecha límite para las candidaturas?",
        china: "China",
        kenya: "Kenia",
        brazil: "Brasil",
        comma: ", ",
    },
];

fn section(heading: &str) -> String {
    format!(
        "{heading} The partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online.\n\nWhat came next\nEvery village chose two people to look after its site.\n."
    )
}

#[test]
fn an_applicant_applies_in_each_of_the_six_languages_with_the_sections_in_english() {
    let campaign = Campaign::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut references = Vec::new();
    for (n, who) in APPLICANTS.iter().enumerate() {
        let lang = who.lang;
        let email = format!("applicant{n}@example.org");
        let done = text(lang, msg::BOT_DONE);
        let skip = text(lang, msg::BOT_SKIP);
        let lines = [
            who.deadline_question.to_string(),
            "/apply".into(),
            format!("Village Links {}", lang.code()),
            "Example Telecom".into(),
            who.china.into(),
            format!("Example Networks Kenya, {}", who.kenya),
            done.clone(),
            [who.china, who.kenya, who.brazil].join(who.comma),
            "1".into(), // the first area's button
            section("Origins:"),
            section("Partners:"),
            section("Method:"),
            section("Results:"),
            "Li Wei".into(),
            email.clone(),
            skip,
            done,
            text(lang, msg::BOT_SUBMIT),
        ];
        let out = chat_in(
            lang,
            &format!("user{n}"),
            &(lines.join("\n") + "\n"),
            dir.path(),
        );

        // The FAQ, asked in the language, answered in it.
        let schedule = campaign.faq().iter().find(|t| t.id == "schedule").unwrap();
        assert!(
            out.contains(schedule.answer.get(lang)),
            "{}: {out}",
            lang.code()
        );
        // The wizard speaks the language, and says the sections are written in English.
        let expected = [
            text(lang, msg::BOT_ASK_LEAD_NAME),
            text(lang, msg::BOT_ASK_CONTACT_EMAIL),
            t!(lang, BOT_PARTNER_ADDED, count = 1),
            t!(
                lang,
                BOT_COUNTRIES_LISTED,
                count = 3,
                names = {
                    let names = [who.china, who.kenya, who.brazil].map(|c| {
                        let code = casebook_core::CountryCode::parse(c).unwrap();
                        format!("{} ({code})", code.name(lang))
                    });
                    casebook_core::lang::list(lang, &names)
                }
            ),
            text(lang, msg::BOT_YOUR_APPLICATION),
            text(lang, msg::BOT_READY_TO_SUBMIT),
        ];
        for said in expected {
            assert!(
                out.contains(&said),
                "{}: {said:?} not in {out}",
                lang.code()
            );
        }
        if lang != Lang::En {
            assert!(
                out.contains(&text(lang, msg::BOT_SECTIONS_IN_ENGLISH)),
                "{}: {out}",
                lang.code()
            );
            // Nothing in English: none of the English sentences of the same steps.
            for english in [
                "Which organization leads the practice?",
                "Saved:",
                "Your application:",
                "Submitted!",
                "Let us fill in your application",
            ] {
                assert!(
                    !out.contains(english),
                    "{}: {english:?} in {out}",
                    lang.code()
                );
            }
        }
        let title = campaign
            .sections()
            .get(casebook_core::SectionKey::Background)
            .title
            .get(lang);
        assert!(
            out.contains(&t!(lang, BOT_ASK_SECTION, title = title, limit = 500)),
            "{}: {out}",
            lang.code()
        );
        // The reference, in a sentence of the language.
        let reference = format!("PC2024-{:04}", n + 1);
        let period = campaign.review_period_text(lang);
        let submitted = t!(
            lang,
            BOT_SUBMITTED,
            reference = reference.as_str(),
            period = period
        );
        assert!(
            out.contains(&submitted),
            "{}: {submitted:?} not in {out}",
            lang.code()
        );
        references.push((lang, email, reference));
    }

    // The confirmation mails: each in its applicant's language, then English (English
    // alone for English), with the reference.
    let mails = common::outbox(dir.path());
    for (lang, email, reference) in references {
        let mail = mails
            .iter()
            .find(|m| m.contains(&format!("To: {email}")))
            .unwrap_or_else(|| panic!("no confirmation to {email}"));
        let theirs = t!(lang, MAIL_CONFIRMATION_GREETING, person = "Li Wei");
        let english = t!(Lang::En, MAIL_CONFIRMATION_GREETING, person = "Li Wei");
        let (at_theirs, at_english) = (mail.find(&theirs), mail.find(&english));
        assert!(
            at_theirs.is_some() && at_english.is_some(),
            "{}: {mail}",
            lang.code()
        );
        assert!(at_theirs <= at_english, "their language first: {mail}");
        assert!(mail.contains(&reference), "{mail}");
        if lang != Lang::En {
            let review = t!(
                lang,
                MAIL_CONFIRMATION_REVIEW,
                period = Campaign::builtin().review_period_text(lang)
            );
            assert!(mail.contains(&review), "{}: {mail}", lang.code());
        } else {
            assert_eq!(
                mail.matches("Dear Li Wei,").count(),
                2,
                "English once, text and HTML: {mail}"
            );
        }
    }
}

#[test]
fn the_check_refuses_resource_files_with_a_message_removed_and_a_campaign_missing_a_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let campaign = root.join("core/campaigns/2024.toml");
    let check = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["campaign", "check"])
            .args(args)
            .output()
            .expect("run casebook campaign check")
    };
    let ok = check(&[
        campaign.as_os_str(),
        "--texts".as_ref(),
        root.join("core/texts/locales").as_os_str(),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("in the six languages"));

    // A translator's copy of the files with one French message removed.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root.join("core/texts/locales")).unwrap() {
        let language = entry.unwrap();
        let to = dir.path().join(language.file_name());
        std::fs::create_dir(&to).unwrap();
        for file in std::fs::read_dir(language.path()).unwrap() {
            let file = file.unwrap();
            std::fs::copy(file.path(), to.join(file.file_name())).unwrap();
        }
    }
    let bot = dir.path().join("fr/bot.ftl");
    let kept: Vec<String> = std::fs::read_to_string(&bot)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("bot-linked ="))
        .map(str::to_string)
        .collect();
    std::fs::write(&bot, kept.join("\n")).unwrap();
    let refused = check(&[
        campaign.as_os_str(),
        "--texts".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("fr/bot.ftl: message bot-linked is missing; translate it from en/bot.ftl"),
        "{said}"
    );
    // A French translator reads it in French.
    let refused = check(&[
        campaign.as_os_str(),
        "--texts".as_ref(),
        dir.path().as_os_str(),
        "--lang".as_ref(),
        "fr".as_ref(),
    ]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("fr/bot.ftl : le message bot-linked manque ; traduisez-le depuis en/bot.ftl"),
        "{said}"
    );

    // A campaign whose Russian answer to a question is left out.
    let text = std::fs::read_to_string(&campaign).unwrap();
    let without: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("answer.ru"))
        .collect();
    let file = dir.path().join("no-russian.toml");
    std::fs::write(&file, without.join("\n")).unwrap();
    let refused = check(&[file.as_os_str()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("lacks 8 texts") && said.contains("faq[0].answer.ru"),
        "{said}"
    );
}

/// The API's answers to organizers and to uploads, which the console and the pages show,
/// come in the caller's language too (`Accept-Language`).
#[tokio::test]
async fn organizers_and_uploaders_are_answered_in_their_language() {
    use reqwest::Method;
    use serde_json::json;

    let dir = tempfile::tempdir().unwrap();
    let organizer = common::first_organizer(dir.path(), "http://127.0.0.1:9", MAY);
    let token = organizer["token"].as_str().unwrap();
    let served = common::Served::start(dir.path(), &["--now", MAY], &[]);
    let api = common::api::Api::new(&served);
    let message = |answer: &common::api::Answer| {
        answer.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    // An organizer reading French, Russian, Chinese and Arabic.
    let french = api
        .speaking("fr")
        .send(Method::GET, "/admin/rankings", Some(token), None)
        .await;
    assert_eq!((french.status, french.error_code()), (400, "invalid_query"));
    assert_eq!(
        message(&french),
        "round est obligatoire : le numéro du tour, p. ex. ?round=1."
    );
    let russian = api
        .speaking("ru")
        .send(Method::GET, "/admin/rankings?round=7", Some(token), None)
        .await;
    assert_eq!(russian.error_code(), "unknown_round", "{}", russian.body);
    assert_eq!(message(&russian), "В этом конкурсе нет 7-го тура оценки.");
    let chinese = api
        .speaking("zh-CN")
        .send(Method::POST, "/admin/rounds/first/close", Some(token), None)
        .await;
    assert_eq!(chinese.status, 404, "{}", chinese.body);
    assert!(
        message(&chinese).starts_with("没有这一轮评审"),
        "{}",
        chinese.body
    );
    let reviewer = json!({"name": "Dara", "email": "dara@example.org", "country": "France", "organization": "Institut Exemple", "language": "fr"});
    let added = api
        .send(
            Method::POST,
            "/admin/reviewers",
            Some(token),
            Some(&reviewer),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let again = api
        .speaking("ar")
        .send(
            Method::POST,
            "/admin/reviewers",
            Some(token),
            Some(&reviewer),
        )
        .await;
    assert_eq!((again.status, again.error_code()), (409, "email_taken"));
    assert!(
        message(&again).starts_with("هناك شخص مسجَّل بهذا البريد الإلكتروني بالفعل."),
        "{}",
        again.body
    );

    // An applicant reading Spanish links a chat; one reading Arabic uploads too little.
    let spanish = api.speaking("es");
    let d = spanish.create_draft(&json!({})).await;
    let link = spanish.call(Method::POST, &d, "/link").await;
    assert_eq!(link.status, 201, "{}", link.body);
    let code = link.body["code"].as_str().unwrap();
    assert_eq!(
        link.body["how"],
        format!(
            "Envíe /link {code} al bot en los próximos 30 minutos. El código sirve una sola vez."
        )
    );
    let grant = api.grant(&d, "plan.pdf", "application/pdf", 2000).await;
    assert_eq!(grant.status, 201, "{}", grant.body);
    let short = api
        .client()
        .put(grant.body["upload"]["url"].as_str().unwrap())
        .header("content-type", "application/pdf")
        .header("accept-language", "ar")
        .body(b"%PDF-1.7\n".repeat(10))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status().as_u16(), 400);
    let short: serde_json::Value = short.json().await.unwrap();
    assert_eq!(short["error"]["code"], "size_mismatch", "{short}");
    assert!(
        short["error"]["message"].as_str().unwrap().starts_with(
            "يقبل هذا الرابط \u{2068}2000\u{2069} بايت بالضبط، وأُرسل \u{2068}90\u{2069} بايت."
        ),
        "{short}"
    );
}

/// The command line speaks the language of `--lang` (or `CASEBOOK_LANG`): its summaries,
/// its reports and its errors; a language it does not speak is refused by name.
#[test]
fn the_command_line_speaks_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let run = |lang: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .env("CASEBOOK_LANG", lang)
            .env_remove("CASEBOOK_CAMPAIGN")
            .args(args)
            .output()
            .expect("run casebook");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let data = dir.path().to_str().unwrap();

    let (ok, russian, _) = run("ru", &["campaign", "show", "--now", MAY]);
    assert!(ok);
    for said in [
        "Организатор: ",
        "Срок: 20 июня 2024 г.",
        "открыт",
        "Направления:",
        "Минимум стран: 2",
    ] {
        assert!(russian.contains(said), "{said:?} in {russian}");
    }
    // Arabic at a terminal: no isolation marks, which terminals show as boxes.
    let (ok, arabic, _) = run("ar", &["--lang", "ar", "campaign", "show"]);
    assert!(ok);
    assert!(
        arabic.contains("الجهة المنظِّمة: ") && arabic.contains("20 يونيو 2024"),
        "{arabic}"
    );
    assert!(!arabic.contains(['\u{2068}', '\u{2069}']), "{arabic:?}");

    // --lang wins over CASEBOOK_LANG; a report and an error in Chinese, then Spanish.
    let (ok, chinese, _) = run(
        "fr",
        &[
            "--lang",
            "zh",
            "admin",
            "organizers",
            "add",
            "--name",
            "Lin",
            "--email",
            "lin@example.org",
            "--data-dir",
            data,
        ],
    );
    assert!(ok, "{chinese}");
    assert!(
        chinese.contains("已登记主办方成员 Lin（lin@example.org）"),
        "{chinese}"
    );
    assert!(chinese.contains("这是首位主办方成员"), "{chinese}");
    let (ok, _, spanish) = run(
        "es",
        &[
            "admin",
            "rankings",
            "--round",
            "1",
            "--by",
            "best",
            "--data-dir",
            data,
        ],
    );
    assert!(!ok);
    assert!(
        spanish.starts_with("error: --by: use normalized (por defecto) o raw"),
        "{spanish}"
    );
    let (ok, _, french) = run(
        "fr",
        &[
            "admin",
            "rounds",
            "close",
            "1",
            "--as",
            "nobody@example.org",
            "--data-dir",
            data,
        ],
    );
    assert!(!ok);
    assert!(
        french
            .contains("erreur : --as nobody@example.org : aucun organisateur actif n’a cet e-mail"),
        "{french}"
    );
    let (ok, _, refused) = run("en", &["--lang", "de", "campaign", "show"]);
    assert!(!ok);
    assert!(
        refused.contains("[possible values: ar, en, es, fr, ru, zh]"),
        "{refused}"
    );
}
