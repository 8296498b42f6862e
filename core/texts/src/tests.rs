use super::*;

fn files() -> Vec<ResourceFile> {
    builtin_files()
}

fn without(files: &[ResourceFile], language: &str, file: &str, id: &str) -> Vec<ResourceFile> {
    files
        .iter()
        .cloned()
        .map(|mut f| {
            if f.language == language && f.name == file {
                f.source = f
                    .source
                    .lines()
                    .filter(|line| !line.starts_with(&format!("{id} =")))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            f
        })
        .collect()
}

#[test]
fn the_built_in_files_are_complete_in_all_six_languages() {
    assert_eq!(check(&files()), vec![]);
    for lang in Lang::ALL {
        for msg in msg::ALL {
            assert!(
                bundle(lang).get_message(msg.id()).is_some(),
                "{} lacks {}",
                lang.code(),
                msg.id()
            );
        }
    }
}

#[test]
fn a_removed_message_is_named_with_its_file_and_language() {
    let problems = check(&without(&files(), "fr", "bot.ftl", "bot-linked"));
    assert_eq!(
        problems,
        vec![TextProblem::MissingMessage {
            language: "fr".into(),
            file: "bot.ftl".into(),
            id: "bot-linked".into()
        }]
    );
    assert_eq!(
        problems[0].to_string(),
        "fr/bot.ftl: message bot-linked is missing; translate it from en/bot.ftl"
    );
}

#[test]
fn extra_messages_unknown_variables_files_and_syntax_are_refused() {
    let mut files = files();
    let ru = files
        .iter_mut()
        .find(|f| f.language == "ru" && f.name == "bot.ftl")
        .expect("ru/bot.ftl");
    ru.source
        .push_str("\nbot-unused = Лишнее\nbot-linked = Готово, { $who }!\nbroken = {\n");
    files.push(ResourceFile {
        language: "es".into(),
        name: "extra.ftl".into(),
        source: String::new(),
    });
    files.push(ResourceFile {
        language: "de".into(),
        name: "bot.ftl".into(),
        source: String::new(),
    });
    files.retain(|f| !(f.language == "ar" && f.name == "mail.ftl"));
    let problems: Vec<String> = check(&files).iter().map(ToString::to_string).collect();
    let expect = [
        "de/: not one of the six languages",
        "ru/bot.ftl:",
        "ru/bot.ftl: message bot-unused is not in en/bot.ftl",
        "ru/bot.ftl: message bot-linked uses $who, which en/bot.ftl does not give it",
        "es/extra.ftl: en/ has no such file",
        "ar/mail.ftl: missing; copy en/mail.ftl",
    ];
    for expected in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected:?} not in {problems:#?}"
        );
    }
}

#[test]
fn a_variable_named_in_the_english_comment_may_be_used() {
    // Chinese drops the year from the second date, English from the first.
    assert_eq!(
        t!(
            Lang::Zh,
            DATE_PERIOD_SAME_YEAR,
            from = "2024年7月1日",
            from_short = "7月1日",
            to = "2024年8月31日",
            to_short = "8月31日"
        ),
        "2024年7月1日至8月31日"
    );
    assert_eq!(
        t!(
            Lang::En,
            DATE_PERIOD_SAME_YEAR,
            from = "1 July 2024",
            from_short = "1 July",
            to = "31 August 2024",
            to_short = "31 August"
        ),
        "from 1 July to 31 August 2024"
    );
}

#[test]
fn plurals_follow_each_languages_own_rules() {
    let files = |lang, n: usize| t!(lang, BOT_FILES_SO_FAR, count = n);
    assert!(files(Lang::En, 1).starts_with("One file so far"));
    assert!(files(Lang::En, 14).starts_with("14 files so far"));
    // Russian: one (1, 21), few (2-4, 22), many (5-20).
    assert!(files(Lang::Ru, 1).contains("1 файл."));
    assert!(files(Lang::Ru, 21).contains("21 файл."));
    assert!(files(Lang::Ru, 3).contains("3 файла."));
    assert!(files(Lang::Ru, 14).contains("14 файлов."));
    // Arabic: six forms.
    let arabic: Vec<String> = [0, 1, 2, 3, 11, 100].map(|n| files(Lang::Ar, n)).into();
    assert!(arabic[0].starts_with("لا ملفات"));
    assert!(arabic[1].starts_with("ملف واحد"));
    assert!(arabic[2].starts_with("ملفان"));
    assert!(arabic[3].contains("3\u{2069} ملفات"));
    assert!(arabic[4].contains("11\u{2069} ملفًا"));
    assert!(arabic[5].contains("100\u{2069} ملف "));
    // French counts 0 and 1 as one.
    assert!(t!(Lang::Fr, BOT_WORD_TOTAL, words = 0).ends_with("0 mot"));
    assert!(t!(Lang::Fr, BOT_WORD_TOTAL, words = 2).ends_with("2 mots"));
}

#[test]
fn only_arabic_isolates_what_is_put_into_a_sentence() {
    let reference = "PC2024-0001";
    assert!(
        t!(Lang::Ar, BOT_FILE_ADDED, filename = reference).contains("\u{2068}PC2024-0001\u{2069}")
    );
    for lang in [Lang::En, Lang::Zh, Lang::Fr, Lang::Ru, Lang::Es] {
        let text = t!(lang, BOT_FILE_ADDED, filename = reference);
        assert!(
            text.contains(reference) && !text.contains('\u{2068}'),
            "{text}"
        );
    }
}

#[test]
fn lists_and_sentences_are_joined_as_each_language_joins_them() {
    assert_eq!(list(Lang::En, &["Kenya", "Brazil"]), "Kenya, Brazil");
    assert_eq!(list(Lang::Zh, &["肯尼亚", "巴西"]), "肯尼亚、巴西");
    assert_eq!(list(Lang::Ar, &["كينيا", "البرازيل"]), "كينيا، البرازيل");
    assert_eq!(then(Lang::Zh, "甲。", "乙。"), "甲。乙。");
    assert_eq!(then(Lang::Fr, "Un.", "Deux."), "Un. Deux.");
}
