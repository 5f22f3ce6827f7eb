//! Moving between pages. Every page is its own load (the bundles are small and cached), so a
//! link is a plain `<a>` and going somewhere from code sets the location.

use getima_domain::routes::Route;
use leptos::prelude::*;

/// Goes to one of the app's paths.
pub fn go(path: &str) {
    let _ = window().location().set_href(path);
}

/// The app page at this address, if there is one.
pub fn route() -> Option<Route> {
    let segments = path_segments();
    Route::parse(&segments.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The path of this page, split into its segments, each percent-decoded.
fn path_segments() -> Vec<String> {
    let path = window().location().pathname().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).map(|s| web_sys_decode(s).unwrap_or_else(|| s.to_string())).collect()
}

fn web_sys_decode(segment: &str) -> Option<String> {
    leptos::web_sys::js_sys::decode_uri_component(segment).ok().map(String::from)
}

/// Takes a query parameter out of this page's address without reloading it, so what it
/// carried is not left in history, bookmarks or a shared link.
pub fn remove_query(name: &str) {
    let Ok(href) = window().location().href() else { return };
    let Ok(url) = leptos::web_sys::Url::new(&href) else { return };
    url.search_params().delete(name);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// A query parameter of this page's address.
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().unwrap_or_default();
    leptos::web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}
