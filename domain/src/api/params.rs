//! Path parameters: typed, named, percent-decoded on the way in and encoded on the way out.

use super::errors::{ApiError, FieldError};
use crate::{codes, uscc};

/// A value that can stand in a path segment.
pub trait PathParam: Sized {
    /// Parses a decoded segment; the error is (zh, en).
    fn parse_param(raw: &str) -> Result<Self, (String, String)>;
    fn to_param(&self) -> String;
    /// The parameter's JSON Schema in the OpenAPI document.
    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value;
}

impl PathParam for String {
    fn parse_param(raw: &str) -> Result<Self, (String, String)> {
        Ok(raw.to_string())
    }

    fn to_param(&self) -> String {
        self.clone()
    }

    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value {
        serde_json::json!({ "type": "string", "minLength": 1 })
    }
}

macro_rules! numeric_param {
    ($($t:ty),+) => {$(
        impl PathParam for $t {
            fn parse_param(raw: &str) -> Result<Self, (String, String)> {
                raw.parse::<$t>()
                    .ok()
                    .filter(|n| *n >= 0 as $t && i64::from(*n) <= MAX_EXACT_INTEGER)
                    .ok_or_else(|| ("应为非负整数".into(), "must be a whole number, 0 or more".into()))
            }

            fn to_param(&self) -> String {
                self.to_string()
            }

            #[cfg(feature = "openapi")]
            fn schema() -> serde_json::Value {
                serde_json::json!({ "type": "integer", "minimum": 0, "maximum": MAX_EXACT_INTEGER.min(i64::from(<$t>::MAX)) })
            }
        }
    )+};
}
numeric_param!(i64, i32, u32);

/// The largest integer D1 (a JS number) holds exactly: larger ids would silently round.
pub const MAX_EXACT_INTEGER: i64 = (1 << 53) - 1;

/// A unified social credit code in a path, checked (GB 32100) and upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(pub String);

impl PathParam for CreditCode {
    fn parse_param(raw: &str) -> Result<Self, (String, String)> {
        uscc::parse(raw).map(Self).map_err(|e| (e.zh().into(), e.to_string()))
    }

    fn to_param(&self) -> String {
        self.0.clone()
    }

    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value {
        serde_json::json!({ "type": "string", "pattern": "^[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{18}$" })
    }
}

/// A business code's id (without its MAC), as admins address codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeId(pub String);

impl PathParam for CodeId {
    fn parse_param(raw: &str) -> Result<Self, (String, String)> {
        if codes::is_code_id(raw) {
            Ok(Self(raw.to_string()))
        } else {
            Err(("码编号为12位字母或数字".into(), "a code id is 12 letters or digits".into()))
        }
    }

    fn to_param(&self) -> String {
        self.0.clone()
    }

    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value {
        serde_json::json!({ "type": "string", "pattern": "^[0-9a-hjkmnp-tv-z]{12}$" })
    }
}

/// A calendar date in a path, `YYYY-MM-DD`.
impl PathParam for time::Date {
    fn parse_param(raw: &str) -> Result<Self, (String, String)> {
        crate::calendar::parse_date(raw)
            .ok_or_else(|| ("日期格式应为 YYYY-MM-DD".into(), "a date as YYYY-MM-DD".into()))
    }

    fn to_param(&self) -> String {
        crate::calendar::format_date(*self)
    }

    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value {
        serde_json::json!({ "type": "string", "format": "date" })
    }
}

/// An Open311 resource named with its format, `{name}.json` (JSON is the one format served).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonResource(pub String);

impl PathParam for JsonResource {
    fn parse_param(raw: &str) -> Result<Self, (String, String)> {
        match raw.strip_suffix(".json") {
            Some(name) if !name.is_empty() => Ok(Self(name.to_string())),
            _ => Err(("应以 .json 结尾".into(), "must end in .json (the one format served)".into())),
        }
    }

    fn to_param(&self) -> String {
        format!("{}.json", self.0)
    }

    #[cfg(feature = "openapi")]
    fn schema() -> serde_json::Value {
        serde_json::json!({ "type": "string", "pattern": "^.+\\.json$" })
    }
}

/// The parameters a request path matched, by template name, percent-decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams(pub Vec<(&'static str, String)>);

impl PathParams {
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn parse<T: PathParam>(&self, name: &'static str) -> Result<T, ApiError> {
        let raw = self.raw(name).unwrap_or_default();
        T::parse_param(raw).map_err(|(zh, en)| ApiError::invalid_fields(vec![FieldError::new(name, zh, en)]))
    }
}

/// Matches `path` against a template such as `/api/markets/{market}/stalls`. A parameter
/// matches one non-empty segment; `None` when the path does not fit or a segment is not
/// valid percent-encoded UTF-8.
pub fn match_template(template: &'static str, path: &str) -> Option<PathParams> {
    let mut params = Vec::new();
    let mut actual = path.split('/');
    for expected in template.split('/') {
        let segment = actual.next()?;
        if let Some(name) = expected.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
            if segment.is_empty() {
                return None;
            }
            params.push((name, decode_segment(segment)?));
        } else if expected != segment {
            return None;
        }
    }
    actual.next().is_none().then_some(PathParams(params))
}

/// Fills a template's `{name}` placeholders, each value encoded as one segment.
pub fn fill_template(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or_default();
                out.push_str(&encode_segment(value));
            }
            None => out.push_str(segment),
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value stays one segment.
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_named_parameters_in_order() {
        let params = match_template("/api/markets/{market}/lotteries/{draw}", "/api/markets/7/lotteries/42").unwrap();
        assert_eq!(params.parse::<i64>("market").unwrap(), 7);
        assert_eq!(params.parse::<i64>("draw").unwrap(), 42);
        assert!(match_template("/api/markets/{market}", "/api/markets/").is_none());
        assert!(match_template("/api/markets/{market}", "/api/markets/1/extra").is_none());
    }

    #[test]
    fn segments_are_percent_decoded_and_bad_encodings_do_not_match() {
        let params = match_template("/api/codes/{code}", "/api/codes/%E5%BC%A0%20x").unwrap();
        assert_eq!(params.raw("code"), Some("张 x"));
        assert!(match_template("/api/codes/{code}", "/api/codes/%zz").is_none());
        assert!(match_template("/api/codes/{code}", "/api/codes/%ff").is_none());
        assert!(match_template("/api/codes/{code}", "/api/codes/%+5").is_none());
    }

    #[test]
    fn filled_templates_keep_each_value_in_one_segment() {
        let path = fill_template("/api/codes/{code}/qr.svg", &[("code", "a/b?c".into())]);
        assert_eq!(path, "/api/codes/a%2Fb%3Fc/qr.svg");
        assert_eq!(match_template("/api/codes/{code}/qr.svg", &path).unwrap().raw("code"), Some("a/b?c"));
    }

    #[test]
    fn bad_parameters_name_themselves() {
        let params = match_template("/api/markets/{market}", "/api/markets/abc").unwrap();
        let error = params.parse::<i64>("market").unwrap_err();
        assert_eq!(error.fields[0].field, "market");
        assert!(params.parse::<i64>("market").is_err());
        assert!(PathParams(vec![("n", "-1".into())]).parse::<i64>("n").is_err());
        assert!(PathParams(vec![("n", "9007199254740993".into())]).parse::<i64>("n").is_err());
    }
}
