//! Unified social credit code 统一社会信用代码 (GB 32100-2015).
//!
//! 18 characters: registration authority (1), entity type (1), administrative division (6),
//! organisation code (9, GB 11714 with its own check char) and a mod-31 check character.

use crate::validation::Bilingual;
use std::fmt;

/// The 31 characters GB 32100 allows, in value order (no I, O, S, V, Z).
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const LEN: usize = 18;
/// Individual households 个体工商户: authority 9 (market regulation), type 2.
pub const INDIVIDUAL_HOUSEHOLD_PREFIX: &str = "92";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsccError {
    Length,
    Charset,
    Division,
    CheckChar,
}

impl UsccError {
    /// What is wrong, in zh-CN and English.
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Self::Length => ("统一社会信用代码应为18位", "A credit code has 18 characters"),
            Self::Charset => ("含有统一社会信用代码不用的字符", "It contains characters a credit code never uses"),
            Self::Division => ("行政区划代码无效", "The administrative division code inside it is not valid"),
            Self::CheckChar => ("校验位不符，可能输错了", "The check character does not match: probably mistyped"),
        }
    }

    pub fn zh(self) -> &'static str {
        self.messages().0
    }
}

impl fmt::Display for UsccError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.messages().1)
    }
}

impl Bilingual for UsccError {
    fn bilingual(&self) -> (String, String) {
        let (zh, en) = self.messages();
        (zh.into(), en.into())
    }
}

fn value_of(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (weights 3^i mod 31).
fn check_char(body: &[u8]) -> Option<u8> {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for &c in body {
        sum += value_of(c)? * weight;
        weight = weight * 3 % 31;
    }
    Some(CHARSET[((31 - sum % 31) % 31) as usize])
}

/// GB 11714 organisation-code check character over its 8-character body.
fn organisation_check_char(body: &[u8; 8]) -> u8 {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| {
            let v = if c.is_ascii_digit() { c - b'0' } else { c - b'A' + 10 };
            u32::from(v) * w
        })
        .sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    }
}

/// Validates a credit code. Lower-case input and surrounding spaces are accepted and
/// normalised, since people type codes by hand.
pub fn parse(input: &str) -> Result<String, UsccError> {
    let code = input.trim().to_ascii_uppercase();
    let bytes = code.as_bytes();
    if bytes.len() != LEN {
        return Err(UsccError::Length);
    }
    if bytes.iter().any(|&c| value_of(c).is_none()) {
        return Err(UsccError::Charset);
    }
    if !bytes[2..8].iter().all(u8::is_ascii_digit) || &code[2..4] == "00" {
        return Err(UsccError::Division);
    }
    if check_char(&bytes[..17]) != Some(bytes[17]) {
        return Err(UsccError::CheckChar);
    }
    Ok(code)
}

/// Builds the code of an individual household in `division` (6 digits) from a serial that
/// is unique within that division. The organisation part is `MA` + 6 base-31 digits of the
/// serial + its GB 11714 check char, as registration authorities assign them.
pub fn generate_individual(division: &str, serial: u32) -> Result<String, UsccError> {
    if division.len() != 6 || !division.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UsccError::Division);
    }
    let mut org = [b'M', b'A', b'0', b'0', b'0', b'0', b'0', b'0'];
    let mut n = serial;
    for slot in org[2..].iter_mut().rev() {
        // Organisation bodies use digits and A-Z, but the credit-code charset excludes
        // I, O, S, V, Z: draw from the shared subset.
        *slot = CHARSET[(n % 31) as usize];
        n /= 31;
    }
    let mut body = format!("{INDIVIDUAL_HOUSEHOLD_PREFIX}{division}").into_bytes();
    body.extend_from_slice(&org);
    body.push(organisation_check_char(&org));
    let check = check_char(&body).ok_or(UsccError::Charset)?;
    body.push(check);
    Ok(String::from_utf8(body).expect("credit-code charset is ASCII"))
}

/// The six-digit administrative division inside a validated code.
pub fn division(code: &str) -> &str {
    &code[2..8]
}

#[cfg(test)]
mod tests {
    use super::*;

    // Codes printed on published business licences.
    const PUBLISHED: [&str; 3] = [
        "91330100716105852F", // 阿里巴巴（中国）网络技术有限公司, Hangzhou
        "91440300708461136T", // 深圳市腾讯计算机系统有限公司
        "91110108551385082Q", // 小米科技有限责任公司, Beijing
    ];

    #[test]
    fn published_codes_validate() {
        for code in PUBLISHED {
            assert_eq!(parse(code), Ok(code.to_string()), "{code}");
        }
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        assert_eq!(parse(" 91330100716105852f "), Ok("91330100716105852F".into()));
    }

    #[test]
    fn any_single_mistyped_character_is_caught() {
        for code in PUBLISHED {
            for pos in 0..LEN {
                for &c in CHARSET {
                    let mut typo = code.as_bytes().to_vec();
                    if typo[pos] == c {
                        continue;
                    }
                    typo[pos] = c;
                    let typo = String::from_utf8(typo).unwrap();
                    assert!(parse(&typo).is_err(), "{typo} accepted");
                }
            }
        }
    }

    #[test]
    fn adjacent_swaps_are_caught() {
        let code = PUBLISHED[0].as_bytes();
        for pos in 0..LEN - 1 {
            if code[pos] == code[pos + 1] {
                continue;
            }
            let mut typo = code.to_vec();
            typo.swap(pos, pos + 1);
            let typo = String::from_utf8(typo).unwrap();
            assert!(parse(&typo).is_err(), "{typo} accepted");
        }
    }

    #[test]
    fn malformed_codes_say_why() {
        assert_eq!(parse("9133010071610585"), Err(UsccError::Length));
        assert_eq!(parse("91330100716105852O"), Err(UsccError::Charset));
        assert_eq!(parse("9133010071610585IF"), Err(UsccError::Charset));
        assert_eq!(parse("91AB0100716105852F"), Err(UsccError::Division));
        assert_eq!(parse("91330100716105852G"), Err(UsccError::CheckChar));
        assert_eq!(parse("九1330100716105852"), Err(UsccError::Length));
    }

    #[test]
    fn generated_household_codes_validate_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for serial in 0..2000 {
            let code = generate_individual("330302", serial).unwrap();
            assert_eq!(parse(&code), Ok(code.clone()));
            assert!(code.starts_with("92330302MA"));
            assert_eq!(division(&code), "330302");
            assert!(seen.insert(code));
        }
    }

    #[test]
    fn organisation_check_matches_gb11714_example() {
        // GB 11714's worked example: D2143569 → check char X.
        assert_eq!(organisation_check_char(b"D2143569"), b'X');
    }

    #[test]
    fn generation_rejects_bad_divisions() {
        assert_eq!(generate_individual("3303", 1), Err(UsccError::Division));
        assert_eq!(generate_individual("33030a", 1), Err(UsccError::Division));
    }
}
