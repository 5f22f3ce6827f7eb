//! The viewer's language and text size, remembered on the device.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub large_text: RwSignal<bool>,
}

const LANG_KEY: &str = "getima.lang";
const LARGE_TEXT_KEY: &str = "getima.large-text";

fn storage() -> Option<web_sys::Storage> {
    // Some web-views refuse storage; preferences then last for the page only.
    window().local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn provide() {
    let lang = match stored(LANG_KEY).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let prefs =
        Prefs { lang: RwSignal::new(lang), large_text: RwSignal::new(stored(LARGE_TEXT_KEY).as_deref() == Some("1")) };
    Effect::new(move |_| {
        let lang = prefs.lang.get();
        store(LANG_KEY, if lang == Lang::En { "en" } else { "zh" });
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
        }
    });
    Effect::new(move |_| {
        let large = prefs.large_text.get();
        store(LARGE_TEXT_KEY, if large { "1" } else { "0" });
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("large-text", large);
        }
    });
    provide_context(prefs);
}

pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().expect("prefs are provided at the root")
}

/// Picks the text for the current language, reactively.
pub fn tr(zh: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || if lang.get() == Lang::En { en } else { zh }
}

/// For a bilingual label from the domain.
pub fn label(label: getima_domain::households::Label) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    tr(label.zh, label.en)
}
