//! Property tests of the signed transfer links `casebook serve` hands out: any text as a
//! link is refused without panic, every link made reads back before it expires and not
//! after, and a link with any one character changed opens nothing.

use casebook_embedded::{LinkError, LocalSignedUrls, Transfer};
use jiff::Timestamp;
use proptest::prelude::*;

fn transfer() -> impl Strategy<Value = Transfer> {
    prop_oneof![
        (
            ".{0,60}",
            ".{0,40}",
            ".{0,40}",
            ".{0,40}",
            any::<u64>(),
            1i64..4_000_000_000_000
        )
            .prop_map(
                |(key, application, attachment, content_type, size, expires_ms)| {
                    Transfer::Upload {
                        key,
                        application,
                        attachment,
                        content_type,
                        size,
                        expires_ms,
                    }
                }
            ),
        (".{0,60}", ".{0,80}", ".{0,40}", 1i64..4_000_000_000_000).prop_map(
            |(key, filename, content_type, expires_ms)| Transfer::Download {
                key,
                filename,
                content_type,
                expires_ms,
            }
        ),
    ]
}

fn urls() -> LocalSignedUrls {
    LocalSignedUrls::new("http://127.0.0.1:8080", [9; 32])
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_as_a_link_is_refused_without_panic(text in ".{0,400}") {
        prop_assert!(urls().verify(&text, Timestamp::UNIX_EPOCH).is_err());
    }

    #[test]
    fn a_link_reads_back_until_it_expires(t in transfer()) {
        let token = urls().sign(&t);
        let before = millis(t.expires_ms() - 1);
        prop_assert_eq!(urls().verify(&token, before), Ok(t.clone()));
        prop_assert_eq!(urls().verify(&token, millis(t.expires_ms())), Err(LinkError::Expired));
        // Another server's secret opens nothing.
        let other = LocalSignedUrls::new("http://127.0.0.1:8080", [8; 32]);
        prop_assert_eq!(other.verify(&token, before), Err(LinkError::Invalid));
    }

    #[test]
    fn a_link_with_one_character_changed_opens_nothing(
        t in transfer(),
        at in any::<prop::sample::Index>(),
        c in "[A-Za-z0-9_.-]",
    ) {
        let token = urls().sign(&t);
        let i = at.index(token.len());
        let mut changed = token.clone();
        changed.replace_range(i..i + 1, &c);
        prop_assume!(changed != token);
        prop_assert!(urls().verify(&changed, millis(t.expires_ms() - 1)).is_err());
    }
}
