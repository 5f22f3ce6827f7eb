//! The signed-in session, kept on the device so a web-view reopening the page stays signed
//! in. Tokens never leave this origin.

use futures::lock::Mutex;
use getima_domain::accounts::Role;
use getima_domain::accounts::sessions::{
    ACCESS_COOKIE, ACCESS_TTL_SECONDS, SESSION_ENDED_STORAGE_KEY as ENDED_KEY, SESSION_STORAGE_KEY as KEY,
};
use getima_domain::api::{Me, SessionTokens};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct Session {
    pub tokens: RwSignal<Option<SessionTokens>>,
    /// Held while refreshing: a refresh token works once, so concurrent calls that all find
    /// their access token expired must take turns, and the later ones reuse the result.
    pub refreshing: StoredValue<Arc<Mutex<()>>>,
    /// The session on this page ended by itself (expired, revoked, disabled), as opposed to
    /// never having begun: the sign-in prompt says which.
    pub ended: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl Session {
    pub fn me(&self) -> Option<Me> {
        self.tokens.with(|t| t.as_ref().map(|t| t.me.clone()))
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.tokens.with(|t| t.as_ref().is_some_and(|t| t.me.has_any(roles)))
    }

    pub fn keep(&self, tokens: SessionTokens) {
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&tokens)) {
            let _ = storage.set_item(KEY, &json);
            let _ = storage.remove_item(ENDED_KEY);
        }
        mirror_access(Some(&tokens.access_token));
        self.tokens.set(Some(tokens));
    }

    /// Holds a fresh "me" (after a claim, a vendor sign-up or any grant), so new roles take
    /// effect without signing in again.
    pub fn refresh_me(&self, me: Me) {
        if let Some(mut tokens) = self.tokens.get_untracked() {
            tokens.me = me;
            self.keep(tokens);
        }
    }

    pub fn forget(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(KEY);
        }
        mirror_access(None);
        self.tokens.set(None);
    }

    /// Forgets a session the server ended (expired, revoked, disabled), remembering on this
    /// device that it did.
    pub fn end(&self) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(ENDED_KEY, "1");
        }
        self.ended.set(true);
        self.forget();
    }
}

/// Whether a session on this device was ended by the server since anyone last signed in here.
fn ended_here() -> bool {
    storage().and_then(|s| s.get_item(ENDED_KEY).ok().flatten()).is_some()
}

/// The session as this device holds it (another page may have refreshed it).
pub(crate) fn stored() -> Option<SessionTokens> {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|json| serde_json::from_str(&json).ok())
}

/// Keeps the access token in its cookie (`ACCESS_COOKIE`), or drops the cookie.
fn mirror_access(token: Option<&str>) {
    let Some(document) = document().dyn_into::<web_sys::HtmlDocument>().ok() else { return };
    let secure = if window().location().protocol().as_deref() == Ok("https:") { "; Secure" } else { "" };
    let (value, max_age) = token.map_or(("", 0), |token| (token, ACCESS_TTL_SECONDS));
    let _ = document.set_cookie(&format!("{ACCESS_COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Lax{secure}"));
}

pub fn provide() {
    let tokens = stored();
    // A session kept before the cookie existed (or whose cookie lapsed) gets it back; a
    // token that has expired meanwhile only means the Worker draws no records.
    mirror_access(tokens.as_ref().map(|t| t.access_token.as_str()));
    provide_with(tokens, ended_here());
}

/// The session from `tokens`, `ended` if the server ended the last one here. The Worker
/// draws a page's records with none: its components read the session only when acted on.
pub fn provide_with(tokens: Option<SessionTokens>, ended: bool) {
    provide_context(Session {
        tokens: RwSignal::new(tokens),
        refreshing: StoredValue::new(Arc::new(Mutex::new(()))),
        ended: RwSignal::new(ended),
    });
}

pub fn use_session() -> Session {
    use_context::<Session>().expect("the session is provided at the root")
}
