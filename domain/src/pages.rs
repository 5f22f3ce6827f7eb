//! What a server-rendered page and the app that takes it over agree on: the data embedded in
//! the page, and the viewer's language and text size, kept in a cookie both can read.

use crate::api::errors::ApiError;
use crate::codes::api::CodeProfile;

/// The `<meta>` names under which the Worker writes a page's title into it, in Chinese and in
/// English, for the bundle's bar to show in whichever language the viewer picks.
pub const TITLE_META_ZH: &str = "page-title-zh";
pub const TITLE_META_EN: &str = "page-title-en";

/// HTTPS only, for a year, on every response (browsers ignore it over plain HTTP, so local
/// development is unaffected). `ui/_headers` sends the same for static files.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// The profile (or the reason the code is not valid) embedded in a code page.
pub type PageData = Result<CodeProfile, ApiError>;

/// The id of the `<script type="application/json">` holding the [`PageData`].
pub const PAGE_DATA_ID: &str = "getima-data";

/// The cookie holding the viewer's choices: `lang=en|zh` and `large=1|0`, `&`-separated.
pub const PREFS_COOKIE: &str = "getima_prefs";

/// The value of the cookie `name` in a `Cookie` header (or `document.cookie`).
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    pub english: bool,
    pub large_text: bool,
}

impl Prefs {
    /// The choices in the cookie; without one, the browser's preferred language (zh-CN unless
    /// English comes first) and normal text.
    pub fn from_headers(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        cookie
            .and_then(Self::from_cookie)
            .unwrap_or_else(|| Self { english: prefers_english(accept_language.unwrap_or("")), large_text: false })
    }

    /// The choices in a `Cookie` header (or `document.cookie`), if it holds them.
    pub fn from_cookie(header: &str) -> Option<Self> {
        cookie(header, PREFS_COOKIE).map(Self::parse)
    }

    /// Reads the cookie's value.
    pub fn parse(value: &str) -> Self {
        let mut prefs = Self::default();
        for pair in value.split('&') {
            match pair {
                "lang=en" => prefs.english = true,
                "large=1" => prefs.large_text = true,
                _ => {}
            }
        }
        prefs
    }

    /// The cookie's value for these choices.
    pub fn value(self) -> String {
        format!("lang={}&large={}", if self.english { "en" } else { "zh" }, u8::from(self.large_text))
    }
}

/// Whether English is the first language an `Accept-Language` header names.
pub fn prefers_english(accept_language: &str) -> bool {
    let first = accept_language.split(',').next().unwrap_or("").split(';').next().unwrap_or("").trim();
    first.to_ascii_lowercase().starts_with("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_decides_and_round_trips() {
        let prefs = Prefs { english: true, large_text: true };
        let header = format!("a=1; {PREFS_COOKIE}={}; b=2", prefs.value());
        assert_eq!(Prefs::from_headers(Some(&header), Some("zh-CN")), prefs);
        let zh = Prefs { english: false, large_text: false };
        assert_eq!(Prefs::from_headers(Some(&format!("{PREFS_COOKIE}={}", zh.value())), Some("en-GB")), zh);
    }

    #[test]
    fn a_cookie_is_found_by_its_whole_name_only() {
        let header = "getima_access_old=1; getima_access=abc.def; x=2";
        assert_eq!(cookie(header, "getima_access"), Some("abc.def"));
        assert_eq!(cookie(header, "x"), Some("2"));
        assert_eq!(cookie(header, "getima"), None);
        assert_eq!(cookie("", "x"), None);
    }

    #[test]
    fn without_a_cookie_the_browsers_first_language_decides_and_zh_is_the_default() {
        assert!(Prefs::from_headers(None, Some("en-US,en;q=0.9,zh;q=0.8")).english);
        assert!(!Prefs::from_headers(None, Some("zh-CN,zh;q=0.9,en;q=0.8")).english);
        assert!(!Prefs::from_headers(None, None).english);
        assert!(!Prefs::from_headers(Some("other=1"), Some("")).large_text);
    }

    #[test]
    fn unknown_cookie_values_fall_back_to_the_defaults() {
        assert_eq!(Prefs::parse("lang=fr&large=yes"), Prefs::default());
    }
}
