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
