//! `/desk/audit`: the audit log for admins, newest first, a page at a time.

use getima_domain::accounts::Role;
use getima_domain::api::{AuditEntry, Page as Paged, endpoints};
use getima_domain::audit::changes;
use getima_ui::chrome::{Page, RoleGate};
use getima_ui::lists::{PagedList, first_page};
use getima_ui::prefs::{Lang, label, use_prefs};
use leptos::prelude::*;

const TESTID: &str = "audit";
const EMPTY: (&str, &str) = ("暂无记录", "Nothing recorded yet");

/// The log's newest page, as the page shows it once loaded.
pub fn newest(page: Paged<AuditEntry>) -> AnyView {
    first_page(page, TESTID, EMPTY, |entry| view! { <AuditRow entry /> })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=&[Role::Admin] needs=("平台管理员", "an admin")>
                <PagedList
                    endpoint=endpoints::ReadAudit {}
                    testid=TESTID
                    empty=EMPTY
                    row=|entry| view! { <AuditRow entry /> }
                />
            </RoleGate>
        </Page>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <div class="weui-cell">
            <div class="weui-cell__bd">
                <div>
                    <b>{label(entry.action.label())}</b>
                    " · "
                    <span class="mono">{entry.subject}</span>
                </div>
                <div class="shop__trade">{entry.at}" · "{entry.actor}</div>
                <dl class="changes">
                    {changes(entry.before.as_deref(), entry.after.as_deref())
                        .into_iter()
                        .map(|change| {
                            let name = change.label.map(label);
                            let (before, after) = (change.before, change.after);
                            let values = move || {
                                if lang.get() == Lang::En {
                                    format!("{} → {}", before.en, after.en)
                                } else {
                                    format!("{} → {}", before.zh, after.zh)
                                }
                            };
                            view! {
                                <div class="changes__row">
                                    <dt>{move || name.map_or(change.field.clone(), |n| n().to_string())}</dt>
                                    <dd>{values}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            </div>
        </div>
    }
}
