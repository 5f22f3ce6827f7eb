//! Masking of personal data for public views: the shape stays recognisable to its owner,
//! the content is useless to anyone else.

/// 张三 → 张*, 欧阳娜娜 → 欧***: only the first character (usually the surname) shows.
pub fn name(full: &str) -> String {
    let mut chars = full.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// 13812341234 → 138****1234. Anything that is not an 11-digit mobile is fully hidden.
pub fn phone(number: &str) -> String {
    let digits = number.trim();
    if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}****{}", &digits[..3], &digits[7..])
    } else {
        "*".repeat(digits.chars().count())
    }
}

/// 11010519491231002X → 110***********002X. Anything that is not 18 ASCII characters is
/// fully hidden.
pub fn id_number(id: &str) -> String {
    let id = id.trim();
    if id.len() == 18 && id.is_ascii() {
        format!("{}{}{}", &id[..3], "*".repeat(11), &id[14..])
    } else {
        "*".repeat(id.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_the_first_character() {
        assert_eq!(name("张三"), "张*");
        assert_eq!(name("王小明"), "王**");
        assert_eq!(name("欧阳娜娜"), "欧***");
        assert_eq!(name(" 李 "), "李");
        assert_eq!(name(""), "");
    }

    #[test]
    fn phones_keep_prefix_and_last_four() {
        assert_eq!(phone("13812341234"), "138****1234");
        assert_eq!(phone("0577-8888"), "*********");
        assert_eq!(phone("1381234123"), "**********");
    }

    #[test]
    fn id_numbers_hide_birth_date_and_sequence() {
        let masked = id_number("11010519491231002X");
        assert_eq!(masked, "110***********002X");
        assert!(!masked.contains("19491231"));
        assert_eq!(id_number("1101"), "****");
        assert_eq!(id_number("张三李四王五赵六钱七孙八周九吴十郑一"), "*".repeat(18));
    }
}
