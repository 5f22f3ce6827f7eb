//! Where the app runs: a phone browser, or a WeChat / Alipay mini-program web-view.
//! Web-views have no popups, no printing and their own navigation bar.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Browser,
    WeChat,
    Alipay,
}

impl Host {
    pub fn detect() -> Self {
        let ua = window().navigator().user_agent().unwrap_or_default().to_ascii_lowercase();
        if ua.contains("micromessenger") {
            Self::WeChat
        } else if ua.contains("alipayclient") {
            Self::Alipay
        } else {
            Self::Browser
        }
    }

    /// Inside a WeChat mini-program's `web-view` (whose user agent says `miniProgram`), as
    /// opposed to WeChat's in-app browser, which opens any link anyone sends.
    pub fn in_wechat_mini_program() -> bool {
        let ua = window().navigator().user_agent().unwrap_or_default().to_ascii_lowercase();
        ua.contains("micromessenger") && ua.contains("miniprogram")
    }

    pub fn is_web_view(self) -> bool {
        self != Self::Browser
    }
}

/// Tags `<html>` with the host so styles can adapt without script.
pub fn mark_document() {
    let class = match Host::detect() {
        Host::Browser => "host-browser",
        Host::WeChat => "host-wechat",
        Host::Alipay => "host-alipay",
    };
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1(class);
    }
}
