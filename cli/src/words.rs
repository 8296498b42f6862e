//! The language the command speaks (`--lang` or `CASEBOOK_LANG`, English by default),
//! chosen once when it starts, and [`say!`] to put a message of the resource files in it.

use std::sync::OnceLock;

use casebook_core::Lang;

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the command's language; the first choice holds.
pub fn choose(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The command's language.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Text for a terminal: without the marks that isolate a name or number inside an Arabic
/// sentence (FSI, PDI). Pages and chat apps lay them out; most terminals show them as
/// boxes or gaps.
pub fn plain(text: String) -> String {
    if text.contains(['\u{2068}', '\u{2069}']) {
        text.replace(['\u{2068}', '\u{2069}'], "")
    } else {
        text
    }
}

/// A message of the command line's resource files in the command's language, for the
/// terminal: `say!(CLI_PUBLISHED, cases = 2)`.
macro_rules! say {
    ($($message:tt)+) => {
        $crate::words::plain(casebook_core::lang::t!($crate::words::lang(), $($message)+))
    };
}
pub(crate) use say;
