//! `/desk`: where staff, heads, managers and admins land, with the work each role has.

use getima_domain::people::Role;
use getima_ui::chrome::{Bar, Footer, RoleGate};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

const WORKERS: &[Role] = &[Role::Staff, Role::DepartmentHead, Role::MarketManager, Role::Admin];

#[component]
pub fn DeskHome() -> impl IntoView {
    let session = use_session();
    let has = move |role: Role| session.has_any(&[role]);
    view! {
        <main class="page">
            <Bar title=tr("工作台", "Work desk") />
            <RoleGate
                roles=WORKERS
                needs=("工作人员、市场管理员或平台管理员", "staff, a market manager or an admin")
            >
                <section class="intro" data-testid="desk">
                    <p>
                        {tr(
                            "扫描店铺的个体码即可查看检查记录并记录检查。",
                            "Scan a shop's business code to see its inspections and record one.",
                        )}
                    </p>
                </section>
                <Show when=move || has(Role::Admin)>
                    <div class="weui-cells__title">{tr("平台管理", "Platform")}</div>
                    <nav class="services" data-testid="admin-desk">
                        <a href="/desk/audit" data-testid="to-audit">
                            {tr("审计日志", "Audit log")}
                        </a>
                        <a href="/desk/calendar" data-testid="to-calendar">
                            {tr("工作日历", "Working-day calendar")}
                        </a>
                    </nav>
                </Show>
            </RoleGate>
            <Footer />
        </main>
    }
}
