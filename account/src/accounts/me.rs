//! `/me`: the signed-in person, my businesses, claiming a business, registering as a
//! vendor, the way to my work desk, and signing out.

use crate::accounts::notices::Inbox;
use getima_domain::accounts::{DESK_ROLES, Role};
use getima_domain::api::{ClaimRequest, Me, OwnedHousehold, endpoints};
use getima_ui::api::Failure;
use getima_ui::chrome::{ErrorNote, SignedInPage};
use getima_ui::forms::{BusyButton, Form, TextInput};
use getima_ui::kit::tiles::{ServiceLinks, Tile};
use getima_ui::links::go;
use getima_ui::lists::CellList;
use getima_ui::prefs::{label, named, tr};
use getima_ui::session::{Session, use_session};
use leptos::prelude::*;

/// What everyone signed in can reach from "me".
const MY_SERVICES: &[Tile] = &[
    Tile::new("/me/applications", "to-applications", ("我的申请", "My applications")),
    Tile::new("/me/appeals", "to-appeals", ("我的诉求", "My appeals")),
    Tile { href: "/register", testid: None, words: ("开店、变更、注销", "Open, change, close") },
    Tile::new("/stalls", "to-stalls", ("预约市场摊位", "Book a market stall")),
];

#[component]
pub fn MePage() -> impl IntoView {
    view! {
        <SignedInPage>
            <Account />
        </SignedInPage>
    }
}

/// Reloads "me" so roles granted since signing in take effect at once.
async fn reload_me(session: Session) -> Result<Me, Failure> {
    let me = session.call(&endpoints::GetMe {}, &()).await?;
    session.refresh_me(me.clone());
    Ok(me)
}

#[component]
fn Account() -> impl IntoView {
    let session = use_session();
    let me = Memo::new(move |_| session.me());
    // Roles may have changed since signing in.
    leptos::task::spawn_local(async move {
        let _ = reload_me(session).await;
    });
    let households =
        LocalResource::new(move || async move { session.call(&endpoints::ListMyHouseholds {}, &()).await });
    let owns_one = Memo::new(move |_| households.get().is_some_and(|l| l.is_ok_and(|l| !l.households.is_empty())));
    let claiming_another = RwSignal::new(false);
    let just_claimed = RwSignal::new(None::<String>);
    let sign_out = Action::new_local(move |_: &()| {
        async move {
            // Ending it on the server is best effort; here it ends regardless.
            let _ = session.call(&endpoints::SignOut {}, &()).await;
            session.forget();
            go("/");
        }
    });
    let has = move |roles: &'static [Role]| me.get().is_some_and(|m| m.has_any(roles));
    view! {
        <section class="shop" data-testid="me">
            <h1>
                {move || me.get().and_then(|m| m.name).unwrap_or_else(|| tr("未填写姓名", "No name yet")().into())}
            </h1>
            <div class="shop__trade">{move || me.get().and_then(|m| m.phone).unwrap_or_default()}</div>
            <div class="badges" data-testid="roles">
                {move || {
                    let roles = me.get().map(|m| m.roles).unwrap_or_default();
                    if roles.is_empty() {
                        view! { <span class="badge">{tr("访客", "Visitor")}</span> }.into_any()
                    } else {
                        roles
                            .into_iter()
                            .map(|r| view! { <span class="badge">{label(r.label())}</span> })
                            .collect_view()
                            .into_any()
                    }
                }}
            </div>
            {move || {
                me.get()
                    .and_then(|m| m.department)
                    .map(|d| {
                        view! {
                            <p class="shop__trade" data-testid="department">
                                {named(d)}
                            </p>
                        }
                    })
            }}
            {move || {
                let markets = me.get().map(|m| m.markets).unwrap_or_default();
                (!markets.is_empty())
                    .then(|| {
                        let names = markets.into_iter().map(|m| m.name).collect::<Vec<_>>().join("、");
                        view! { <p class="shop__trade">{tr("管理市场：", "Markets: ")}{names}</p> }
                    })
            }}
        </section>
        <Show when=move || has(DESK_ROLES)>
            <div class="actions">
                <a href="/desk" class="weui-btn weui-btn_primary" data-testid="to-desk">
                    {tr("进入工作台", "Open my work desk")}
                </a>
            </div>
        </Show>
        <ServiceLinks testid="my-services" tiles=MY_SERVICES>
            <Show when=move || has(&[Role::Vendor])>
                <a href="/me/stalls" data-testid="to-my-stalls">
                    {tr("我的摊位", "My stalls")}
                </a>
            </Show>
        </ServiceLinks>
        <Inbox />
        <div class="weui-cells__title">{tr("我的个体户", "My businesses")}</div>
        <CellList
            testid="my-households"
            rows=move || households.get().map(|loaded| loaded.map(|list| list.households))
            empty=tr(
                "还没有绑定个体户。若您是经营者，可在下方认领。",
                "No businesses yet. If you run one, claim it below.",
            )
            row=|household| view! { <OwnedRow household /> }
        />
        {move || {
            just_claimed
                .get()
                .map(|name| {
                    view! {
                        <p class="notice notice--ok" role="status" data-testid="claimed">
                            {tr("已认领：", "Claimed: ")}
                            {name}
                        </p>
                    }
                })
        }}
        // An owner has their business above: claiming another is a tap away, not a whole form.
        // Until the list has come the form stands, as it does for a newcomer, so whatever
        // below it was brought into view (the vendor form at /me#vendor) stays there.
        <Show
            when=move || owns_one.get() && !claiming_another.get()
            fallback=move || {
                view! {
                    <ClaimForm on_claimed=Callback::new(move |name: String| {
                        just_claimed.set(Some(name));
                        claiming_another.set(false);
                        households.refetch();
                    }) />
                }
            }
        >
            <div class="actions actions--quiet">
                <button
                    type="button"
                    class="link"
                    data-testid="claim-another"
                    on:click=move |_| claiming_another.set(true)
                >
                    {tr("认领其他个体户", "Claim another business")}
                </button>
            </div>
        </Show>
        <crate::stalls::VendorForm vendor=Signal::derive(move || has(&[Role::Vendor])) />
        <div class="actions">
            <button
                class="weui-btn weui-btn_default"
                on:click=move |_| {
                    sign_out.dispatch(());
                }
                disabled=move || sign_out.pending().get()
                aria-busy=move || sign_out.pending().get().to_string()
                data-testid="sign-out"
            >
                {tr("退出登录", "Sign out")}
            </button>
        </div>
    }
}

#[component]
fn OwnedRow(household: OwnedHousehold) -> impl IntoView {
    let session = use_session();
    let uscc = household.uscc.clone();
    let details = Action::new_local(move |_: &()| {
        let uscc = getima_domain::api::CreditCode(uscc.clone());
        async move { session.call(&endpoints::GetMyHousehold { uscc }, &()).await }
    });
    view! {
        <div class="weui-cell">
            <div class="weui-cell__bd">
                <a class="link--row owned__name" href=format!("/c/{}", household.code)>
                    {household.name.clone()}
                </a>
                <div class="shop__trade">
                    <span class="mono">{household.uscc.clone()}</span>
                    " · "
                    {label(household.status.label())}
                </div>
                <div class="shop__actions">
                    <a
                        class="link"
                        href=format!("/me/households/{}/apply", household.uscc)
                        data-testid="to-household-apply"
                    >
                        {tr("变更、歇业、注销、个转企", "Change, suspend, close or incorporate")}
                    </a>
                    <a
                        class="link"
                        href=format!("/me/households/{}/appeal", household.uscc)
                        data-testid="to-household-appeal"
                    >
                        {tr("遇到问题？提诉求", "A problem? Raise it")}
                    </a>
                </div>
                {move || match details.value().get() {
                    Some(Ok(d)) => {
                        view! {
                            <div class="shop__trade" data-testid="private-details">
                                {d.operator_name}
                                " · "
                                {d.operator_phone}
                                " · "
                                <span class="mono">{d.operator_id_number}</span>
                            </div>
                        }
                            .into_any()
                    }
                    Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    None => {
                        view! {
                            <button
                                class="link link--row"
                                on:click=move |_| {
                                    details.dispatch(());
                                }
                                disabled=move || details.pending().get()
                                aria-busy=move || details.pending().get().to_string()
                            >
                                {tr("查看完整登记信息", "Show full registration")}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </div>
    }
}

/// Claiming a registered business by its credit code and the operator's ID number; says the
/// business's name through `on_claimed` once it is mine.
#[component]
fn ClaimForm(on_claimed: Callback<String>) -> impl IntoView {
    let session = use_session();
    let uscc = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let claim = Action::new_local(move |body: &ClaimRequest| {
        let body = body.clone();
        async move {
            let claimed = session.call(&endpoints::ClaimHousehold {}, &body).await?;
            // The account now carries the operator's name: greet them by it.
            reload_me(session).await?;
            on_claimed.run(claimed.name.clone());
            Ok::<_, Failure>(claimed)
        }
    });
    let failure = Signal::derive(move || claim.value().get().and_then(Result::err));
    view! {
        <div class="weui-cells__title">{tr("认领个体户", "Claim a business")}</div>
        <Form
            testid="claim-form"
            on_submit=Callback::new(move |()| {
                claim
                    .dispatch(ClaimRequest {
                        uscc: uscc.get_untracked(),
                        id_number: id_number.get_untracked(),
                    });
            })
        >
            <p class="form__hint">
                {tr(
                    "您登录用的手机号和身份证号须与登记的经营者一致。",
                    "The phone you signed in with and your ID number must match the registered operator.",
                )}
            </p>
            <TextInput
                form="claim-"
                field="uscc"
                label=tr("统一社会信用代码", "Credit code")
                value=uscc
                failure
                max=18
                class="mono"
                autocapitalize="characters"
            />
            <TextInput
                form="claim-"
                field="id_number"
                id="claim-id"
                label=tr("经营者身份证号", "Operator's ID number")
                value=id_number
                failure
                max=18
                class="mono"
                autocomplete="off"
            />
            <BusyButton pending=claim.pending() label=tr("认领", "Claim") class="weui-btn weui-btn_default" />
        </Form>
        <ErrorNote failure=failure beside=&["uscc", "id_number"] />
    }
}
