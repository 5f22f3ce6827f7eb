//! Business codes 个体码: the `<id>.<mac>` token printed in a QR as `https://…/c/<id>.<mac>`.
//!
//! The id is opaque and random; the MAC binds it to the code's current version under a
//! server-held key, so a mistyped or invented token fails verification without revealing
//! anything, and re-issuing a code (version + 1) invalidates every older print.

pub mod api;
pub mod households;
pub(crate) mod kinds;
pub mod verdict;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

/// Crockford base32, lower case: no i, l, o, u to misread.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
pub const ID_LEN: usize = 12;
pub const MAC_LEN: usize = 8;
/// Longest accepted token; anything longer is rejected before any work is done.
pub const MAX_TOKEN_LEN: usize = ID_LEN + 1 + MAC_LEN;
/// The key must carry at least 128 bits.
pub const MIN_KEY_LEN: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeToken {
    pub id: String,
    pub mac: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedCode;

impl fmt::Display for MalformedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a business code looks like {ID_LEN} letters or digits, a dot, then {MAC_LEN} more")
    }
}

fn is_code_char(c: u8) -> bool {
    ALPHABET.contains(&c)
}

impl CodeToken {
    /// Parses a token in its one canonical spelling (lower case), as printed and signed.
    pub fn parse(input: &str) -> Result<Self, MalformedCode> {
        if input.len() != MAX_TOKEN_LEN {
            return Err(MalformedCode);
        }
        let (id, mac) = input.split_once('.').ok_or(MalformedCode)?;
        let well_formed = id.len() == ID_LEN && mac.len() == MAC_LEN && id.bytes().chain(mac.bytes()).all(is_code_char);
        if !well_formed {
            return Err(MalformedCode);
        }
        Ok(Self { id: id.to_string(), mac: mac.to_string() })
    }

    /// Reads a token as a person typed it or a scanner passed it on: upper case is folded,
    /// since some scanners and people shout; nothing else is forgiven.
    pub fn read(input: &str) -> Result<Self, MalformedCode> {
        Self::parse(&input.to_ascii_lowercase())
    }

    /// Reads a whole code link as a camera or a paste gives it (`https://…/c/<token>`), or a
    /// bare token. The origin is not trusted or needed: the token's own signature decides.
    pub fn read_link(input: &str) -> Result<Self, MalformedCode> {
        let input = input.trim();
        // Shouted links (`HTTPS://…/C/…`) come from some scanners; lower-casing ASCII keeps
        // byte offsets, so the position found applies to the input as given.
        let token = input.to_ascii_lowercase().rfind("/c/").map_or(input, |at| &input[at + 3..]);
        Self::read(token.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/'))
    }
}

impl fmt::Display for CodeToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.id, self.mac)
    }
}

/// Whether `id` has the shape of a code id.
pub fn is_code_id(id: &str) -> bool {
    id.len() == ID_LEN && id.bytes().all(is_code_char)
}

/// What a person typed to find a code without a camera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The short code printed on a poster: a code's id.
    CodeId(String),
    /// The unified social credit code printed on every licence.
    CreditCode(String),
}

/// Reads a short code (`K7X2 M9Q4 P8RA`, any case, spaces or dashes) or a credit code.
pub fn parse_lookup(input: &str) -> Result<Lookup, (String, String)> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let lower = compact.to_ascii_lowercase();
    if is_code_id(&lower) {
        return Ok(Lookup::CodeId(lower));
    }
    crate::uscc::parse(&compact).map(Lookup::CreditCode).map_err(|e| {
        if compact.len() == 18 {
            (e.zh().to_string(), e.to_string())
        } else {
            (
                "请输入海报上的12位个体码，或营业执照上的18位统一社会信用代码".into(),
                "Enter the 12-character code on the poster, or the 18-character credit code on the licence".into(),
            )
        }
    })
}

/// A new code id from 60 bits of randomness supplied by the caller.
pub fn id_from_random(random: u64) -> String {
    (0..ID_LEN).map(|i| ALPHABET[((random >> (5 * i)) & 31) as usize] as char).collect()
}

/// How a token's MAC relates to the code's recorded version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacCheck {
    /// Signed for the current version.
    Current,
    /// Signed for an earlier version: an old print from before a re-issue.
    Superseded { version: u32 },
    /// Signed for no version of this code: forged or mistyped.
    Forged,
}

/// The server's code-signing key.
#[derive(Clone)]
pub struct CodeKey(Vec<u8>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTooShort;

impl CodeKey {
    pub fn new(secret: &[u8]) -> Result<Self, KeyTooShort> {
        if secret.len() < MIN_KEY_LEN {
            return Err(KeyTooShort);
        }
        Ok(Self(secret.to_vec()))
    }

    fn hmac(&self, id: &str, version: u32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("getima-code/1:{id}:{version}").as_bytes());
        mac
    }

    fn mac_text(&self, id: &str, version: u32) -> String {
        let digest = self.hmac(id, version).finalize().into_bytes();
        let bits = digest[..5].iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        (0..MAC_LEN).rev().map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect()
    }

    /// The token to print for a code id at a version.
    pub fn sign(&self, id: &str, version: u32) -> CodeToken {
        CodeToken { id: id.to_string(), mac: self.mac_text(id, version) }
    }

    /// Checks a token against every version up to `current_version`, newest first.
    pub fn check(&self, token: &CodeToken, current_version: u32) -> MacCheck {
        for version in (1..=current_version).rev() {
            if constant_time_eq(self.mac_text(&token.id, version).as_bytes(), token.mac.as_bytes()) {
                return if version == current_version { MacCheck::Current } else { MacCheck::Superseded { version } };
            }
        }
        MacCheck::Forged
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CodeKey {
        CodeKey::new(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn signed_tokens_round_trip_and_verify() {
        let token = key().sign("k7x2m9q4p8ra", 1);
        let parsed = CodeToken::parse(&token.to_string()).unwrap();
        assert_eq!(parsed, token);
        assert_eq!(key().check(&parsed, 1), MacCheck::Current);
    }

    #[test]
    fn a_shouted_token_is_read_as_typed_but_is_not_the_canonical_spelling() {
        let token = key().sign("k7x2m9q4p8ra", 1).to_string();
        assert_eq!(CodeToken::parse(&token.to_ascii_uppercase()), Err(MalformedCode));
        let read = CodeToken::read(&token.to_ascii_uppercase()).unwrap();
        assert_eq!(read.to_string(), token);
        assert_eq!(key().check(&read, 1), MacCheck::Current);
    }

    #[test]
    fn a_scanned_link_reads_as_its_token_whatever_its_origin_or_trailing_parts() {
        let token = key().sign("k7x2m9q4p8ra", 1);
        for link in [
            format!("https://getima.example.org/c/{token}"),
            format!(" http://127.0.0.1:8787/c/{token}/?from=poster#top "),
            format!("HTTPS://GETIMA.EXAMPLE.ORG/C/{}", token.to_string().to_uppercase()),
            token.to_string(),
        ] {
            assert_eq!(CodeToken::read_link(&link), Ok(token.clone()), "{link}");
        }
    }

    #[test]
    fn a_link_to_anything_but_a_code_does_not_read() {
        for link in ["https://weixin.qq.com/r/abc", "https://getima.example.org/c/", "wxp://f2f0abc", ""] {
            assert_eq!(CodeToken::read_link(link), Err(MalformedCode), "{link}");
        }
    }

    #[test]
    fn reissue_supersedes_old_prints() {
        let old = key().sign("k7x2m9q4p8ra", 1);
        let new = key().sign("k7x2m9q4p8ra", 2);
        assert_ne!(old, new);
        assert_eq!(key().check(&old, 2), MacCheck::Superseded { version: 1 });
        assert_eq!(key().check(&new, 2), MacCheck::Current);
        // A token signed for a future version is not accepted early.
        assert_eq!(key().check(&new, 1), MacCheck::Forged);
    }

    #[test]
    fn every_single_character_typo_is_rejected() {
        let token = key().sign("k7x2m9q4p8ra", 3).to_string();
        for pos in (0..token.len()).filter(|&p| p != ID_LEN) {
            for &c in ALPHABET {
                let mut typo = token.clone().into_bytes();
                if typo[pos] == c {
                    continue;
                }
                typo[pos] = c;
                let typo = CodeToken::parse(std::str::from_utf8(&typo).unwrap()).unwrap();
                assert_eq!(key().check(&typo, 3), MacCheck::Forged, "{typo}");
            }
        }
    }

    #[test]
    fn another_key_does_not_verify() {
        let other = CodeKey::new(b"another key of enough length!!").unwrap();
        let token = other.sign("k7x2m9q4p8ra", 1);
        assert_eq!(key().check(&token, 1), MacCheck::Forged);
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        for bad in [
            "",
            "k7x2m9q4p8ra",
            "k7x2m9q4p8ra.",
            "k7x2m9q4p8ra.1234567",
            "k7x2m9q4p8ra.123456789",
            "k7x2m9q4p8r.a12345678",
            "k7x2m9q4p8ri.12345678", // i is not in the alphabet
            "k7x2m9q4p8ra-12345678",
            "k7x2m9q4p8ra.1234567/",
            "张三李四.12345678",
            "k7x2m9q4p8ra.12345678.extra",
        ] {
            assert_eq!(CodeToken::parse(bad), Err(MalformedCode), "{bad:?}");
        }
    }

    #[test]
    fn lookups_accept_short_codes_as_printed_and_credit_codes() {
        assert_eq!(parse_lookup("K7X2 M9Q4 P8RA"), Ok(Lookup::CodeId("k7x2m9q4p8ra".into())));
        assert_eq!(parse_lookup(" k7x2-m9q4-p8ra "), Ok(Lookup::CodeId("k7x2m9q4p8ra".into())));
        assert_eq!(parse_lookup("92330302ma00013l0d"), Ok(Lookup::CreditCode("92330302MA00013L0D".into())));
        assert!(parse_lookup("12ab").is_err());
        assert!(parse_lookup("K7X2 M9Q4 P8RI").is_err(), "i is not in the code alphabet");
        let (zh, en) = parse_lookup("92330302MA00013L0E").unwrap_err();
        assert!(!zh.is_empty() && en.contains("check"), "a mistyped credit code says so: {en}");
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(CodeKey::new(b"short").is_err());
    }

    #[test]
    fn ids_from_random_are_well_formed() {
        for seed in [0, 1, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert!(is_code_id(&id_from_random(seed)));
        }
        assert_ne!(id_from_random(1), id_from_random(2));
    }
}
