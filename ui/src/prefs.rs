//! The viewer's language and text size, kept in a cookie: the server renders pages in the
//! same language and size the app shows, so neither changes when the app takes over.

use getima_domain::pages::{PREFS_COOKIE, Prefs as Stored, prefers_english};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

fn html_document() -> Option<web_sys::HtmlDocument> {
    document().dyn_into::<web_sys::HtmlDocument>().ok()
}

/// The stored choices; without any, the phone's language and normal text.
fn stored() -> Stored {
    let cookie = html_document().and_then(|d| d.cookie().ok()).unwrap_or_default();
    Stored::from_cookie(&cookie).unwrap_or_else(|| Stored {
        english: prefers_english(&window().navigator().language().unwrap_or_default()),
        large_text: false,
    })
}

fn store(prefs: Stored) {
    if let Some(document) = html_document() {
        // A year, for the whole site; read by the server as well, never by other sites.
        let cookie = format!("{PREFS_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", prefs.value());
        let _ = document.set_cookie(&cookie);
    }
}

/// The viewer's choices as they are, for drawing a page once (the Worker does, from the
/// cookie): nothing is stored or watched.
pub fn provide_fixed(choices: Stored) -> Prefs {
    let prefs = Prefs {
        lang: RwSignal::new(if choices.english { Lang::En } else { Lang::Zh }),
        large_text: RwSignal::new(choices.large_text),
    };
    provide_context(prefs);
    prefs
}

pub fn provide() {
    let prefs = provide_fixed(stored());
    Effect::new(move |_| {
        let (english, large_text) = (prefs.lang.get() == Lang::En, prefs.large_text.get());
        store(Stored { english, large_text });
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", if english { "en" } else { "zh-CN" });
            let _ = root.class_list().toggle_with_force("large-text", large_text);
        }
    });
}

pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().expect("prefs are provided at the root")
}

/// Picks the text for the current language, reactively.
pub fn tr(zh: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || if lang.get() == Lang::En { en } else { zh }
}

/// For a name stored in both languages (a department, a county), reactively.
pub fn named(name: getima_domain::api::Named) -> impl Fn() -> String + Send + Sync + 'static {
    either(name.zh, name.en)
}

/// For text the API gives in both languages, reactively.
pub fn either(zh: String, en: String) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || if lang.get() == Lang::En { en.clone() } else { zh.clone() }
}

/// For a bilingual label from the domain.
/// A fee as people say it: no fee in words rather than ¥0 (never "Free", which a stall's
/// state says when nobody holds it), else in yuan.
pub fn fee_words(fen: u32) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || match (fen, lang.get()) {
        (0, Lang::En) => "No fee".to_string(),
        (0, Lang::Zh) => "免费".to_string(),
        _ => getima_domain::stalls::yuan(fen),
    }
}

pub fn label(
    label: getima_domain::codes::households::Label,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    tr(label.zh, label.en)
}

/// A stored moment (`2026-11-26T10:30:00+08:00`, China time) as people read it: `2026-11-26 10:30`.
pub fn moment(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// A statutory clock as people read it: working days left and the last day, due today, or
/// how far overdue.
pub fn countdown(days_left: i64, due_on: &str, lang: Lang) -> String {
    match (days_left, lang == Lang::En) {
        (0, false) => format!("今天截止（{due_on}）"),
        (0, true) => format!("Due today ({due_on})"),
        (n, false) if n > 0 => format!("还剩 {n} 个工作日，{due_on} 截止"),
        (n, true) if n > 0 => format!("{n} working days left, due {due_on}"),
        (n, false) => format!("已超期 {} 个工作日", -n),
        (n, true) => format!("{} working days overdue", -n),
    }
}
