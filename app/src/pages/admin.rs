//! `/admin/audit`: the audit log for admins, newest first, a page at a time.

use super::account::SignInPrompt;
use super::{Bar, ErrorNote, Footer};
use crate::api::Failure;
use crate::prefs::tr;
use crate::session::use_session;
use getima_domain::api::{AuditEntry, AuditPage};
use getima_domain::people::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

const PAGE: u32 = 20;

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let done = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let load = move || {
        let before = next.get_untracked().map(|b| format!("&before={b}")).unwrap_or_default();
        spawn_local(async move {
            match session.get::<AuditPage>(&format!("/api/admin/audit?limit={PAGE}{before}")).await {
                Ok(page) => {
                    entries.update(|e| e.extend(page.entries));
                    done.set(page.next_before.is_none());
                    next.set(page.next_before);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    if session.has_any(&[Role::Admin]) {
        load();
    }
    view! {
        <main class="page">
            <Bar title=tr("审计日志", "Audit log") />
            {move || if session.me().is_none() {
                view! { <SignInPrompt /> }.into_any()
            } else {
                view! {
                    <div class="weui-cells" data-testid="audit">
                        {move || entries.get().into_iter().map(|e| view! {
                            <div class="weui-cell">
                                <div class="weui-cell__bd">
                                    <div><b>{e.action}</b>" · "<span class="mono">{e.subject}</span></div>
                                    <div class="shop__trade">{e.at}" · "{e.actor}</div>
                                    <div class="shop__trade mono">
                                        {e.before.unwrap_or_else(|| "—".into())}" → "
                                        {e.after.unwrap_or_else(|| "—".into())}
                                    </div>
                                </div>
                            </div>
                        }).collect_view()}
                    </div>
                    <Show when=move || !done.get() && failure.get().is_none()>
                        <div class="actions">
                            <button class="weui-btn weui-btn_default" on:click=move |_| load()>{tr("加载更多", "Load more")}</button>
                        </div>
                    </Show>
                    <ErrorNote failure=failure />
                }.into_any()
            }}
            <Footer />
        </main>
    }
}
