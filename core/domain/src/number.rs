//! Numbers as clients write them: JSON has one number type, so `39` and `39.0` are the
//! same value (JSON Schema's `integer` takes both), and serde's integers take only the
//! first.

use serde::de::{self, Deserialize, Deserializer};

/// A whole number written either way, refused when it has a fraction or does not fit `T`.
/// For `#[serde(deserialize_with = "...")]` on integer fields of request bodies.
pub fn whole_number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    let n = serde_json::Number::deserialize(d)?;
    let wide = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e18)
                .map(|f| f as i128)
        });
    wide.and_then(|w| T::try_from(w).ok()).ok_or_else(|| {
        de::Error::invalid_value(
            de::Unexpected::Other(&n.to_string()),
            &"a whole number in range",
        )
    })
}

/// [`whole_number`] for an optional field (with `#[serde(default)]`): `null` is none.
pub fn optional_whole_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => whole_number(n).map(Some).map_err(de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Round {
        #[serde(deserialize_with = "whole_number")]
        round: u8,
        #[serde(default, deserialize_with = "optional_whole_number")]
        size: Option<u64>,
    }

    fn read(json: &str) -> Result<Round, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_whole_number_reads_however_it_is_written() {
        let r = read(r#"{"round": 39.0, "size": 18446744073709551615}"#).unwrap();
        assert_eq!((r.round, r.size), (39, Some(u64::MAX)));
        assert_eq!(read(r#"{"round": 2, "size": null}"#).unwrap().size, None);
        assert_eq!(read(r#"{"round": 2}"#).unwrap().size, None);
    }

    #[test]
    fn a_fraction_or_a_number_out_of_range_is_refused_by_name() {
        for json in [
            r#"{"round": 1.5}"#,
            r#"{"round": 256}"#,
            r#"{"round": -1}"#,
            r#"{"round": 1e300}"#,
        ] {
            let err = read(json).unwrap_err().to_string();
            assert!(err.contains("a whole number in range"), "{json}: {err}");
        }
        assert!(read(r#"{"round": "1"}"#).is_err());
        assert!(read(r#"{"round": 1, "size": 2.5}"#).is_err());
    }
}
