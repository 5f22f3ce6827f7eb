//! `/desk`: where staff, heads, managers and admins land, with the work each role has.

use crate::registration::REVIEWERS;
use getima_domain::accounts::{DESK_ROLES, Role};
use getima_domain::api::INSPECTORS;
use getima_ui::chrome::{Page, RoleGate};
use getima_ui::entry::CodeEntry;
use getima_ui::kit::tiles::{ServiceLinks, Tile};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

/// What a department's staff and heads work through.
const DEPARTMENT_WORK: &[Tile] = &[
    Tile::new("/desk/registration", "to-registration-tasks", ("登记许可待办", "Registration tasks")),
    Tile::new("/desk/appeals", "to-appeals", ("诉求待办", "Appeals")),
];

/// What admins keep.
const PLATFORM_WORK: &[Tile] = &[
    Tile::new("/desk/audit", "to-audit", ("审计日志", "Audit log")),
    Tile::new("/desk/calendar", "to-calendar", ("工作日历", "Working-day calendar")),
    Tile::new("/desk/catalogue", "to-catalogue", ("一类事与办理时限", "Bundles and time limits")),
];

#[component]
pub fn DeskHome() -> impl IntoView {
    let session = use_session();
    let has = move |role: Role| session.has_any(&[role]);
    view! {
        <Page>
            <RoleGate
                roles=DESK_ROLES
                needs=("工作人员、市场管理员或平台管理员", "staff, a market manager or an admin")
            >
                <Show when=move || session.has_any(REVIEWERS)>
                    <ServiceLinks testid="department-desk" tiles=DEPARTMENT_WORK />
                </Show>
                <Show when=move || session.has_any(INSPECTORS)>
                    <section class="intro" data-testid="desk">
                        <p>
                            {tr(
                                "输入店铺海报上的个体码或营业执照上的信用代码，查看各部门的检查记录并记录本次检查。",
                                "Enter the code on a shop's poster or the credit code on its licence to see every department's inspections and record yours.",
                            )}
                        </p>
                    </section>
                    <CodeEntry open=|code| format!("/desk/inspect/{code}") />
                </Show>
                <Show when=move || has(Role::MarketManager)>
                    <div class="weui-cells__title">{tr("我管理的市场", "Markets I manage")}</div>
                    <div class="weui-cells" data-testid="my-markets">
                        {move || {
                            session
                                .me()
                                .map(|me| {
                                    me.markets
                                        .into_iter()
                                        .map(|market| {
                                            view! {
                                                <a
                                                    class="weui-cell weui-cell_access"
                                                    href=format!("/desk/markets/{}", market.id)
                                                    data-testid="to-market"
                                                >
                                                    <div class="weui-cell__bd">{market.name}</div>
                                                    <div class="weui-cell__ft"></div>
                                                </a>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </div>
                </Show>
                <Show when=move || has(Role::Admin)>
                    <div class="weui-cells__title">{tr("平台管理", "Platform")}</div>
                    <ServiceLinks testid="admin-desk" tiles=PLATFORM_WORK />
                </Show>
            </RoleGate>
        </Page>
    }
}
