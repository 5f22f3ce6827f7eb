//! Getima's front end: a client-side rendered Leptos app for phones and mini-program
//! web-views.

mod api;
mod host;
mod pages;
mod prefs;
mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    host::mark_document();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    prefs::provide();
    session::provide();
    wechat_sign_in();
    view! {
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::home::Home />
                <Route path=path!("/c/:code") view=pages::codes::CodePage />
                <Route path=path!("/c/:code/poster") view=pages::poster::PosterPage />
                <Route path=path!("/sign-in") view=pages::account::SignInPage />
                <Route path=path!("/me") view=pages::account::MePage />
                <Route path=path!("/admin/audit") view=pages::admin::AuditPage />
                <Route path=path!("/dev/inbox") view=pages::dev::DevInboxPage />
            </Routes>
        </Router>
    }
}

/// Inside the WeChat mini-program the host page runs `wx.login()` and passes its code as
/// `?wxcode=`; exchanging it signs the user in without a text message.
fn wechat_sign_in() {
    let session = session::use_session();
    if session.me().is_some() || host::Host::detect() != host::Host::WeChat {
        return;
    }
    let search = window().location().search().unwrap_or_default();
    let Some(code) = web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get("wxcode")) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let body = getima_domain::api::WechatSignInRequest { code };
        if let Ok(tokens) = api::post("/api/auth/wechat", &body).await {
            session.keep(tokens);
        }
    });
}
