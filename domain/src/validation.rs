//! What every validation failure can do: say what is wrong in both languages.

/// A validation failure that can say what is wrong in zh-CN and English.
pub trait Bilingual {
    fn bilingual(&self) -> (String, String);
}

impl Bilingual for (String, String) {
    fn bilingual(&self) -> (String, String) {
        self.clone()
    }
}

/// Characters a one-line name must not contain: control characters (Unicode category Cc),
/// format characters such as bidi overrides, zero-width spaces and the byte-order mark (Cf),
/// and line and paragraph separators (Zl, Zp). They are invisible or reorder and break what
/// is shown, so one name could pass for another.
pub fn is_hidden_or_breaking(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_format(c)
}

/// Unicode 15's general category Cf.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_zero_width_and_separators_are_hidden_or_breaking() {
        for c in
            ['\u{202E}', '\u{200B}', '\u{FEFF}', '\u{2028}', '\u{2029}', '\u{0}', '\n', '\u{7F}', '\u{85}', '\u{AD}']
        {
            assert!(is_hidden_or_breaking(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn names_in_any_script_and_their_spaces_are_fine() {
        for c in "张三 Zhāng Sān O'Brien-Smith 阿卜杜拉·买买提\u{3000}".chars() {
            assert!(!is_hidden_or_breaking(c), "U+{:04X}", c as u32);
        }
    }
}
