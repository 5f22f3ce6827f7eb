//! Resident identity card number 公民身份号码 (GB 11643-1999).

use crate::validation::Bilingual;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Length,
    Charset,
    BirthDate,
    CheckDigit,
}

impl IdNumberError {
    /// What is wrong, in zh-CN and English.
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Self::Length => ("身份证号应为18位", "An ID number has 18 characters"),
            Self::Charset => ("前17位应为数字，末位为数字或X", "17 digits, then a digit or X"),
            Self::BirthDate => ("其中的出生日期不存在", "The birth date inside it is not a real date"),
            Self::CheckDigit => ("校验位不符，可能输错了", "The check digit does not match: probably mistyped"),
        }
    }

    pub fn zh(self) -> &'static str {
        self.messages().0
    }
}

impl fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.messages().1)
    }
}

impl Bilingual for IdNumberError {
    fn bilingual(&self) -> (String, String) {
        let (zh, en) = self.messages();
        (zh.into(), en.into())
    }
}

/// ISO 7064 MOD 11-2 check character over the first 17 digits.
fn check_char(digits: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// Appends the check character to 17 digits; `None` unless they are 17 digits.
pub fn complete(first17: &str) -> Option<String> {
    let digits = first17.as_bytes();
    (digits.len() == 17 && digits.iter().all(u8::is_ascii_digit))
        .then(|| format!("{first17}{}", check_char(digits) as char))
}

/// Validates an ID number, normalising a lower-case `x` and surrounding spaces.
pub fn parse(input: &str) -> Result<String, IdNumberError> {
    let id = input.trim().to_ascii_uppercase();
    let bytes = id.as_bytes();
    if bytes.len() != 18 {
        return Err(IdNumberError::Length);
    }
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(IdNumberError::Charset);
    }
    if crate::calendar::parse_compact(&id[6..14]).is_none() {
        return Err(IdNumberError::BirthDate);
    }
    if check_char(&bytes[..17]) != bytes[17] {
        return Err(IdNumberError::CheckDigit);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_example_validates() {
        // The worked example printed in GB 11643-1999.
        assert_eq!(parse("11010519491231002X"), Ok("11010519491231002X".into()));
        assert_eq!(parse("11010519491231002x"), Ok("11010519491231002X".into()));
    }

    #[test]
    fn every_single_digit_typo_is_caught() {
        let id = b"11010519491231002X";
        for pos in 0..17 {
            for d in b'0'..=b'9' {
                if id[pos] == d {
                    continue;
                }
                let mut typo = id.to_vec();
                typo[pos] = d;
                let typo = String::from_utf8(typo).unwrap();
                assert!(parse(&typo).is_err(), "{typo} accepted");
            }
        }
    }

    #[test]
    fn completes_the_check_character() {
        assert_eq!(complete("11010519491231002").as_deref(), Some("11010519491231002X"));
        assert_eq!(complete("1101051949123100"), None);
        assert_eq!(complete("1101051949123100a"), None);
    }

    #[test]
    fn errors_say_why() {
        assert_eq!(parse("1101051949123100"), Err(IdNumberError::Length));
        assert_eq!(parse("11010519491231002A"), Err(IdNumberError::Charset));
        assert_eq!(parse("110105194913310021"), Err(IdNumberError::BirthDate));
        assert_eq!(parse("110105194912310021"), Err(IdNumberError::CheckDigit));
    }
}
