//! `/dev/inbox`: in development, the text messages the server "sent" (sign-in codes).

use getima_domain::api::{DevInbox, DevInboxQuery, endpoints};
use getima_ui::api;
use getima_ui::chrome::{ErrorNote, Loading, Page};
use getima_ui::prefs::tr;
use leptos::prelude::*;

#[component]
pub fn DevInboxPage() -> impl IntoView {
    let messages =
        LocalResource::new(|| async { api::call(&endpoints::ReadDevInbox {}, &DevInboxQuery::default()).await });
    view! {
        <Page>
            <p class="notice">
                {tr(
                    "仅本地开发：这里代替短信显示验证码。",
                    "Local development only: sign-in codes show here instead of being texted.",
                )}
            </p>
            {move || match messages.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(inbox)) => {
                    view! {
                        <Messages inbox />
                        <div class="actions">
                            <button class="weui-btn weui-btn_default" on:click=move |_| messages.refetch()>
                                {tr("刷新", "Refresh")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </Page>
    }
}

/// The texts sent so far, newest first.
#[component]
pub fn Messages(inbox: DevInbox) -> impl IntoView {
    view! {
        <div class="weui-cells" data-testid="dev-inbox">
            {inbox
                .messages
                .into_iter()
                .map(|m| {
                    view! {
                        <div class="weui-cell">
                            <div class="weui-cell__bd">
                                <div class="mono">{m.phone}</div>
                                <div>{m.text}</div>
                                <div class="shop__trade">{m.sent_at}</div>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
