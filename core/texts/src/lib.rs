//! Every sentence casebook says to people, in the six UN languages. The words live in
//! Project Fluent resource files, `locales/<language>/<file>.ftl` beside this crate, built
//! in at compile time; a message is named by a constant of [`msg`] (made from the English
//! files, so a typo does not compile) and formatted with [`text`] or the [`t!`] macro.
//! Plural forms are CLDR's for each language, from Fluent: `{ $days -> [one] ... *[other] ... }`
//! (Arabic has six). [`check`] holds every language's files to English's.

mod check;
mod lang;
mod page;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use check::{ResourceFile, TextProblem, builtin_files, check};
pub use fluent_bundle::FluentArgs as Args;
pub use lang::Lang;
pub use page::page_messages;

include!(concat!(env!("OUT_DIR"), "/resources.rs"));

/// A message of the resource files, by id (see [`msg`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg(&'static str);

impl Msg {
    pub fn id(self) -> &'static str {
        self.0
    }
}

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, parsed at its first use: a function that only ever answers in
/// English parses English alone.
static BUNDLES: [OnceLock<Bundle>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];

fn bundle(lang: Lang) -> &'static Bundle {
    BUNDLES[lang.index()].get_or_init(|| {
        let id = lang.code().parse().unwrap_or_default();
        let mut bundle = Bundle::new_concurrent(vec![id]);
        // Arabic reads right to left: a name or a reference put into a sentence is isolated so
        // its own direction holds. The other five are left to right throughout.
        bundle.set_use_isolating(lang.is_right_to_left());
        // The command line's words only in the `casebook` command (feature `cli`).
        let resources = RESOURCES.iter();
        #[cfg(feature = "cli")]
        let resources = resources.chain(CLI_RESOURCES);
        for (code, file, packed) in resources.filter(|(code, ..)| *code == lang.code()) {
            let resource =
                FluentResource::try_new(inflated(packed)).unwrap_or_else(|(partial, errors)| {
                    tracing::error!(
                        language = code,
                        file,
                        errors = errors.len(),
                        "resource file has syntax errors; its other messages are used"
                    );
                    partial
                });
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(
                    language = code,
                    file,
                    errors = errors.len(),
                    "resource file repeats a message"
                );
            }
        }
        bundle
    })
}

/// The largest a built-in resource file may be once inflated (each is a few KiB).
const MAX_RESOURCE_BYTES: usize = 1 << 20;

/// A built-in resource file's text, from its deflated bytes (made by build.rs; a file that
/// could not be read back is empty, and its messages are said in English or by id).
pub(crate) fn inflated(packed: &[u8]) -> String {
    miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_RESOURCE_BYTES)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| {
            tracing::error!("a built-in resource file could not be inflated");
            String::new()
        })
}

/// The message in the language, with no arguments.
pub fn text(lang: Lang, msg: Msg) -> String {
    format(lang, msg, None)
}

/// The message in the language, its `$variables` given by `args`.
pub fn text_with(lang: Lang, msg: Msg, args: &FluentArgs) -> String {
    format(lang, msg, Some(args))
}

fn format(lang: Lang, msg: Msg, args: Option<&FluentArgs>) -> String {
    // The check keeps every language complete; should a file still lack a message, English
    // says it rather than nothing.
    let (bundle, message) = match bundle(lang).get_message(msg.0) {
        Some(message) => (bundle(lang), message),
        None => match bundle(Lang::En).get_message(msg.0) {
            Some(message) => {
                tracing::error!(
                    language = lang.code(),
                    message = msg.0,
                    "message missing; said in English"
                );
                (bundle(Lang::En), message)
            }
            None => return msg.0.to_string(),
        },
    };
    let Some(pattern) = message.value() else {
        return msg.0.to_string();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::error!(
            language = lang.code(),
            message = msg.0,
            ?errors,
            "message formatted with errors"
        );
    }
    text.into_owned()
}

/// A message with arguments: `t!(lang, BOT_SAVED, words = 12, limit = 500)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $msg:ident) => {
        $crate::text($lang, $crate::msg::$msg)
    };
    ($lang:expr, $msg:ident, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::Args::new();
        $( args.set(stringify!($name), $value); )+
        $crate::text_with($lang, $crate::msg::$msg, &args)
    }};
}

/// Items joined as a list is in the language: "a, b, c" or "甲、乙、丙".
pub fn list(lang: Lang, items: &[impl AsRef<str>]) -> String {
    let separator = text(lang, msg::LIST_SEPARATOR);
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(&separator)
}

/// Two sentences one after the other: with a space, or none in Chinese.
pub fn then(lang: Lang, first: &str, second: &str) -> String {
    format!("{first}{}{second}", text(lang, msg::SENTENCE_GAP))
}

#[cfg(test)]
mod tests;
