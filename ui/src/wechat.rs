//! Signing in inside the WeChat mini-program, apart from the session so that the session
//! store does not depend on the API client that refreshes it.

/// Inside the WeChat mini-program the host page runs `wx.login()` and passes its code as
/// `?wxcode=`; exchanging it signs the user in without a text message. The code is taken
/// out of the address at once, and used only inside the mini-program and only when no one
/// is signed in here: anywhere else a `?wxcode=` came in a link, perhaps someone else's,
/// and would sign this person into that account.
pub fn sign_in() {
    let Some(code) = crate::links::query("wxcode") else {
        return;
    };
    crate::links::remove_query("wxcode");
    if !crate::host::Host::in_wechat_mini_program() {
        return;
    }
    let session = crate::session::use_session();
    leptos::task::spawn_local(async move {
        if session.me().is_some() {
            // Asking who is signed in forgets a stored session that has ended; a live one,
            // or one that cannot be checked offline, is kept.
            let _ = session.call(&getima_domain::api::endpoints::GetMe {}, &()).await;
            if session.me().is_some() {
                return;
            }
        }
        let body = getima_domain::api::WechatSignInRequest { code };
        if let Ok(tokens) = crate::api::call(&getima_domain::api::endpoints::WechatSignIn {}, &body).await {
            session.keep(tokens);
        }
    });
}
