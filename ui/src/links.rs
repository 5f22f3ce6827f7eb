//! Moving between pages. Every page is its own load (the bundles are small and cached), so a
//! link is a plain `<a>` and going somewhere from code sets the location.

use leptos::prelude::*;

/// Goes to one of the app's paths.
pub fn go(path: &str) {
    let _ = window().location().set_href(path);
}

/// The path of this page, split into its segments, each percent-decoded.
pub fn path_segments() -> Vec<String> {
    let path = window().location().pathname().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).map(|s| web_sys_decode(s).unwrap_or_else(|| s.to_string())).collect()
}

fn web_sys_decode(segment: &str) -> Option<String> {
    leptos::web_sys::js_sys::decode_uri_component(segment).ok().map(String::from)
}

/// A query parameter of this page's address.
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().unwrap_or_default();
    leptos::web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}
