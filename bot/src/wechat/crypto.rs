//! WeChat's message security: the SHA-1 signatures over the sorted token, timestamp,
//! nonce (and ciphertext), compared in constant time; and safe mode's AES-256-CBC, whose
//! key is the 43-character EncodingAESKey decoded, whose IV is the key's first 16 bytes,
//! and whose padding fills 32-byte blocks (pad bytes 1 to 32: not the 16-byte PKCS#7 of
//! common crates, so it is added and checked here). The plaintext is 16 random bytes, the
//! message length (u32, big-endian), the message, and the account's AppID.

use aes::Aes256;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

const BLOCK: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the EncodingAESKey must be 43 characters of base64")]
    BadKey,
    #[error("the ciphertext is not base64 of whole AES blocks")]
    BadCiphertext,
    #[error("the padding is not WeChat's")]
    BadPadding,
    #[error("the message length does not fit the plaintext")]
    BadLength,
    #[error("the message is for another account")]
    WrongAppId,
    #[error("the message is not UTF-8")]
    NotUtf8,
}

/// `sha1(sorted(parts).join(""))` in lower-case hex: WeChat's signature.
pub fn signature(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    Sha1::digest(sorted.concat().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `given` is the signature of `parts`, in constant time.
pub fn signature_matches(given: &str, parts: &[&str]) -> bool {
    let expected = signature(parts);
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// The safe-mode key of an account.
#[derive(Clone)]
pub struct AesKey([u8; 32]);

impl std::fmt::Debug for AesKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesKey(<redacted>)")
    }
}

impl AesKey {
    /// From the 43-character EncodingAESKey of the account's settings.
    pub fn from_encoding_aes_key(text: &str) -> Result<AesKey, CryptoError> {
        let text = text.trim();
        if text.len() != 43 {
            return Err(CryptoError::BadKey);
        }
        // The 43 characters carry 258 bits: the last character's spare bits are not
        // zero in real keys (Tencent's own sample among them), so they are allowed.
        let lenient = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
        );
        let bytes = lenient
            .decode(format!("{text}="))
            .map_err(|_| CryptoError::BadKey)?;
        Ok(AesKey(bytes.try_into().map_err(|_| CryptoError::BadKey)?))
    }

    fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.0[..16]);
        iv
    }

    /// The message inside `encrypted` (base64), checked to be for `app_id`.
    pub fn decrypt(&self, encrypted: &str, app_id: &str) -> Result<String, CryptoError> {
        let mut bytes = STANDARD
            .decode(encrypted.trim())
            .map_err(|_| CryptoError::BadCiphertext)?;
        if bytes.is_empty() || bytes.len() % 16 != 0 {
            return Err(CryptoError::BadCiphertext);
        }
        let plain = cbc::Decryptor::<Aes256>::new(&self.0.into(), &self.iv().into())
            .decrypt_padded::<NoPadding>(&mut bytes)
            .map_err(|_| CryptoError::BadCiphertext)?;
        let pad = usize::from(*plain.last().ok_or(CryptoError::BadPadding)?);
        if !(1..=BLOCK).contains(&pad) || pad > plain.len() {
            return Err(CryptoError::BadPadding);
        }
        // Every pad byte, not only the last: a forged tail is refused.
        if plain[plain.len() - pad..]
            .iter()
            .any(|&b| usize::from(b) != pad)
        {
            return Err(CryptoError::BadPadding);
        }
        let plain = &plain[..plain.len() - pad];
        if plain.len() < 20 {
            return Err(CryptoError::BadLength);
        }
        let length = u32::from_be_bytes([plain[16], plain[17], plain[18], plain[19]]) as usize;
        let message = plain
            .get(20..20usize.saturating_add(length))
            .ok_or(CryptoError::BadLength)?;
        let from = &plain[20 + length..];
        if !bool::from(from.ct_eq(app_id.as_bytes())) {
            return Err(CryptoError::WrongAppId);
        }
        String::from_utf8(message.to_vec()).map_err(|_| CryptoError::NotUtf8)
    }

    /// `message` encrypted for `app_id`, in base64, with the given 16 random bytes.
    pub fn encrypt(&self, message: &str, app_id: &str, random: [u8; 16]) -> String {
        let mut plain = Vec::with_capacity(message.len() + app_id.len() + 20 + BLOCK);
        plain.extend_from_slice(&random);
        plain.extend_from_slice(&(message.len() as u32).to_be_bytes());
        plain.extend_from_slice(message.as_bytes());
        plain.extend_from_slice(app_id.as_bytes());
        let pad = BLOCK - plain.len() % BLOCK;
        plain.extend(std::iter::repeat_n(pad as u8, pad));
        let length = plain.len();
        let cipher = cbc::Encryptor::<Aes256>::new(&self.0.into(), &self.iv().into())
            .encrypt_padded::<NoPadding>(&mut plain, length)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        STANDARD.encode(cipher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tencent's published sample for official accounts (its demo code in every language).
    const TOKEN: &str = "spamtest";
    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    const APP_ID: &str = "wx2c2769f8efd9abc2";
    const TIMESTAMP: &str = "1409735669";
    const NONCE: &str = "1320562132";
    const MSG_SIGNATURE: &str = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
    const ENCRYPT: &str = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    #[test]
    fn the_server_url_check_of_the_sample_verifies() {
        assert_eq!(
            signature(&[TOKEN, TIMESTAMP, NONCE]),
            "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"
        );
    }

    #[test]
    fn tencents_sample_verifies_and_decrypts() {
        assert!(signature_matches(
            MSG_SIGNATURE,
            &[TOKEN, TIMESTAMP, NONCE, ENCRYPT]
        ));
        assert!(!signature_matches(
            MSG_SIGNATURE,
            &[TOKEN, "1409735670", NONCE, ENCRYPT]
        ));
        let key = AesKey::from_encoding_aes_key(KEY).unwrap();
        let xml = key.decrypt(ENCRYPT, APP_ID).unwrap();
        assert!(xml.starts_with("<xml>"), "{xml}");
        assert!(xml.contains("<MsgType><![CDATA[text]]></MsgType>"), "{xml}");
        assert_eq!(
            key.decrypt(ENCRYPT, "wx0000000000000000"),
            Err(CryptoError::WrongAppId)
        );
    }

    #[test]
    fn what_is_encrypted_decrypts_whatever_the_padding() {
        let key = AesKey::from_encoding_aes_key(KEY).unwrap();
        // Lengths that need every pad size from 1 to 32, many of them over 16.
        for n in 0..80 {
            let message = "消".repeat(n % 7) + &"x".repeat(n);
            let encrypted = key.encrypt(&message, APP_ID, [7u8; 16]);
            assert_eq!(key.decrypt(&encrypted, APP_ID).unwrap(), message, "{n}");
        }
    }

    #[test]
    fn a_padding_whose_bytes_differ_is_refused() {
        let key = AesKey::from_encoding_aes_key(KEY).unwrap();
        let good = key.encrypt("<xml/>", APP_ID, [9u8; 16]);
        assert_eq!(key.decrypt(&good, APP_ID).unwrap(), "<xml/>");
        // The same plaintext with one pad byte changed, encrypted as is.
        let mut plain = Vec::new();
        plain.extend_from_slice(&[9u8; 16]);
        plain.extend_from_slice(&6u32.to_be_bytes());
        plain.extend_from_slice(b"<xml/>");
        plain.extend_from_slice(APP_ID.as_bytes());
        let pad = BLOCK - plain.len() % BLOCK;
        assert!(pad >= 2, "the test needs two pad bytes at least");
        plain.extend(std::iter::repeat_n(pad as u8, pad));
        let first_pad = plain.len() - pad;
        plain[first_pad] ^= 0x01;
        let length = plain.len();
        let cipher = cbc::Encryptor::<Aes256>::new(&key.0.into(), &key.iv().into())
            .encrypt_padded::<NoPadding>(&mut plain, length)
            .unwrap()
            .to_vec();
        assert_eq!(
            key.decrypt(&STANDARD.encode(cipher), APP_ID),
            Err(CryptoError::BadPadding)
        );
    }

    #[test]
    fn bad_keys_and_ciphertexts_are_errors_not_panics() {
        assert_eq!(
            AesKey::from_encoding_aes_key("short").unwrap_err(),
            CryptoError::BadKey
        );
        let key = AesKey::from_encoding_aes_key(KEY).unwrap();
        for junk in [
            "",
            "not base64!",
            "AAAA",
            &STANDARD.encode([0u8; 32]),
            &STANDARD.encode([0u8; 17]),
        ] {
            assert!(key.decrypt(junk, APP_ID).is_err(), "{junk:?}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn any_message_reads_back_for_its_account_only(
                message in "\\PC{0,600}",
                app_id in "wx[0-9a-f]{16}",
                random in any::<[u8; 16]>(),
            ) {
                let key = AesKey::from_encoding_aes_key(KEY).unwrap();
                let encrypted = key.encrypt(&message, &app_id, random);
                prop_assert_eq!(key.decrypt(&encrypted, &app_id), Ok(message.clone()));
                prop_assert_eq!(
                    key.decrypt(&encrypted, APP_ID),
                    Err(CryptoError::WrongAppId)
                );
            }

            #[test]
            fn any_ciphertext_is_read_or_refused_without_panic(
                text in ".{0,300}",
                blocks in proptest::collection::vec(any::<u8>(), 0..320),
            ) {
                let key = AesKey::from_encoding_aes_key(KEY).unwrap();
                let _ = key.decrypt(&text, APP_ID);
                // Whole blocks of random bytes: every check after the cipher is reached.
                let whole = &blocks[..blocks.len() / 16 * 16];
                let _ = key.decrypt(&STANDARD.encode(whole), APP_ID);
            }

            #[test]
            fn any_text_as_a_key_is_taken_or_refused_without_panic(
                text in prop_oneof![".{0,60}", "[A-Za-z0-9+/]{43}", " [A-Za-z0-9+/=]{43} "],
            ) {
                if let Ok(key) = AesKey::from_encoding_aes_key(&text) {
                    prop_assert_eq!(text.trim().len(), 43);
                    let sealed = key.encrypt("hello", APP_ID, [7; 16]);
                    prop_assert_eq!(key.decrypt(&sealed, APP_ID), Ok("hello".to_string()));
                }
            }
        }
    }
}
