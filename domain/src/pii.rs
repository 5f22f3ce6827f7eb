//! Personal data at rest: each ID number or phone is stored twice, as a keyed fingerprint
//! (HMAC-SHA256) to look it up by, and sealed with AES-256-GCM to show it to those entitled.
//! The field kind is bound into both, so a value cannot be moved to another column.

use crate::hex;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    IdNumber,
    WechatOpenId,
}

impl Field {
    fn tag(self) -> &'static [u8] {
        match self {
            Self::Phone => b"phone",
            Self::IdNumber => b"id-number",
            Self::WechatOpenId => b"wechat-openid",
        }
    }
}

#[derive(Clone)]
pub struct PiiKeys {
    fingerprint_key: Vec<u8>,
    cipher: Aes256Gcm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPiiKey;

pub const NONCE_LEN: usize = 12;

impl PiiKeys {
    /// `secret_hex` is 64 bytes as hex: the first half keys fingerprints, the second sealing,
    /// so one Worker secret carries both and they can never be the same key.
    pub fn from_hex(secret_hex: &str) -> Result<Self, BadPiiKey> {
        let bytes = hex::decode(secret_hex.trim()).ok_or(BadPiiKey)?;
        if bytes.len() != 64 {
            return Err(BadPiiKey);
        }
        let cipher = Aes256Gcm::new_from_slice(&bytes[32..]).map_err(|_| BadPiiKey)?;
        Ok(Self { fingerprint_key: bytes[..32].to_vec(), cipher })
    }

    pub fn fingerprint(&self, field: Field, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.fingerprint_key).expect("HMAC takes any key length");
        mac.update(field.tag());
        mac.update(b":");
        mac.update(value.as_bytes());
        hex::encode(&mac.finalize().into_bytes())
    }

    /// Seals a value; `nonce` must be fresh random bytes for every call.
    pub fn seal(&self, field: Field, value: &str, nonce: [u8; NONCE_LEN]) -> String {
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: value.as_bytes(), aad: field.tag() })
            .expect("AES-GCM encrypts any in-memory value");
        format!("{}{}", hex::encode(&nonce), hex::encode(&sealed))
    }

    /// Opens a sealed value; `None` if it was tampered with, sealed under another key, or
    /// sealed for another field.
    pub fn open(&self, field: Field, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed)?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: field.tag() }).ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> PiiKeys {
        PiiKeys::from_hex(&"ab".repeat(32).chars().chain("cd".repeat(32).chars()).collect::<String>()).unwrap()
    }

    #[test]
    fn seals_and_opens() {
        let sealed = keys().seal(Field::Phone, "13812341234", [7; NONCE_LEN]);
        assert!(!sealed.contains("13812341234"));
        assert_eq!(keys().open(Field::Phone, &sealed).as_deref(), Some("13812341234"));
    }

    #[test]
    fn a_value_sealed_for_one_field_does_not_open_as_another() {
        let sealed = keys().seal(Field::Phone, "13812341234", [7; NONCE_LEN]);
        assert_eq!(keys().open(Field::IdNumber, &sealed), None);
    }

    #[test]
    fn tampering_is_detected() {
        let mut sealed = keys().seal(Field::IdNumber, "11010519491231002X", [1; NONCE_LEN]).into_bytes();
        let last = sealed.len() - 1;
        sealed[last] = if sealed[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(keys().open(Field::IdNumber, std::str::from_utf8(&sealed).unwrap()), None);
        assert_eq!(keys().open(Field::IdNumber, "00"), None);
        assert_eq!(keys().open(Field::IdNumber, "not hex"), None);
    }

    #[test]
    fn fingerprints_are_stable_keyed_and_field_bound() {
        let k = keys();
        assert_eq!(k.fingerprint(Field::Phone, "13812341234"), k.fingerprint(Field::Phone, "13812341234"));
        assert_ne!(k.fingerprint(Field::Phone, "13812341234"), k.fingerprint(Field::IdNumber, "13812341234"));
        let other = PiiKeys::from_hex(&"11".repeat(64)).unwrap();
        assert_ne!(k.fingerprint(Field::Phone, "13812341234"), other.fingerprint(Field::Phone, "13812341234"));
    }

    #[test]
    fn keys_must_be_64_bytes_of_hex() {
        assert!(PiiKeys::from_hex("abcd").is_err());
        assert!(PiiKeys::from_hex(&"zz".repeat(64)).is_err());
    }
}
