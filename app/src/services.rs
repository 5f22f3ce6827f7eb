//! On a code's page, what signed-in people get beyond the public profile: owners a
//! services menu, inspectors the way to this shop's inspections at their desk (the desk
//! bundle holds those screens, so a scan does not download them).

use getima_domain::accounts::Role;
use getima_domain::api::{INSPECTORS, endpoints};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn RolePanels(code: String, uscc: String) -> impl IntoView {
    let session = use_session();
    // Memos, so a refreshed token does not rebuild the panels.
    let owner = Memo::new(move |_| session.has_any(&[Role::Owner]));
    let inspector = Memo::new(move |_| session.has_any(INSPECTORS));
    view! {
        {move || { owner.get().then(|| view! { <OwnerServices uscc=uscc.clone() /> }) }}
        {move || {
            inspector
                .get()
                .then(|| {
                    view! {
                        <div class="actions">
                            <a
                                href=format!("/desk/inspect/{code}")
                                class="weui-btn weui-btn_primary"
                                data-testid="to-inspections"
                            >
                                {tr("检查记录与登记检查", "Inspections: history and a new record")}
                            </a>
                        </div>
                    }
                })
        }}
    }
}

/// Shown only when this household is one of mine. The poster is the page's own button, below.
#[component]
fn OwnerServices(uscc: String) -> impl IntoView {
    let session = use_session();
    let mine = LocalResource::new(move || async move { session.call(&endpoints::ListMyHouseholds {}, &()).await });
    let owns = move || mine.get().and_then(Result::ok).is_some_and(|m| m.households.iter().any(|h| h.uscc == uscc));
    view! {
        <Show when=owns>
            <div class="weui-cells__title">{tr("经营户服务", "Owner services")}</div>
            <nav class="services" data-testid="owner-services">
                <a href="/me">{tr("我的个体户与完整登记信息", "My businesses and full registration")}</a>
            </nav>
        </Show>
    }
}
