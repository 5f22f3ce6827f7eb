//! `/desk/markets/:market`: a market manager's phone at the market. The day's sessions and,
//! for the one picked, how many stalls are free, booked, checked in or left by no-shows;
//! check-in by scanning the vendor's pass (the main button, at the thumb); every stall as a
//! button opening its booking, a no-show, a walk-in or its printable code; and, folded below,
//! the slower work: adding stalls, opening sessions, zone rules, lotteries, producer
//! declarations and the fees CSV.

mod batch;
mod camera;
mod choices;
mod declarations;
mod setup;

use camera::PassCamera;
use getima_domain::accounts::Role;
use getima_domain::api::{
    CheckInRequest, ErrorKind, ManagedBooking, MarketOccupancy, OccupiedStall, WalkInRequest, Zone, endpoints,
};
use getima_domain::calendar::{format_date, parse_date};
use getima_domain::stalls::{BookingStatus, TargetGroup};
use getima_ui::api::{Failure, url_of};
use getima_ui::chrome::{ErrorNote, Loading, Page, RoleGate};
use getima_ui::forms::{BusyButton, FieldNote, Form, SubmitButton, TextInput, invalid, problem, submission_key};
use getima_ui::host::Host;
use getima_ui::kit::waiver::WaiverGroupChoice;
use getima_ui::links::query;
use getima_ui::prefs::{Lang, fee_words, label, tr, use_prefs};
use getima_ui::scan::wechat_check_in_scanner;
use getima_ui::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsValue;

/// Today in China, where every market is, as `YYYY-MM-DD`.
fn today() -> String {
    format_date(getima_ui::china::today())
}

/// What a stall is in a session, as the grid says it in words and a mark, not colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StallState {
    Free,
    Booked,
    CheckedIn,
    /// Its vendor did not come: free again for walk-ins.
    FreedByNoShow,
}

impl StallState {
    fn of(stall: &OccupiedStall) -> Self {
        match stall.booking.as_ref().map(|b| b.status) {
            Some(BookingStatus::Booked) => Self::Booked,
            Some(BookingStatus::CheckedIn) => Self::CheckedIn,
            Some(BookingStatus::NoShow) => Self::FreedByNoShow,
            Some(BookingStatus::Cancelled) | None => Self::Free,
        }
    }

    /// Whether a walk-in may have it.
    fn is_free(self) -> bool {
        matches!(self, Self::Free | Self::FreedByNoShow)
    }

    fn mark(self) -> &'static str {
        match self {
            Self::Free => "○",
            Self::Booked => "●",
            Self::CheckedIn => "✓",
            Self::FreedByNoShow => "✗",
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Free => ("空闲", "Available"),
            Self::Booked => ("已预约", "Booked"),
            Self::CheckedIn => ("已签到", "Checked in"),
            Self::FreedByNoShow => ("未到场·可安排", "No-show · can go"),
        }
    }

    /// The state as a count of stalls is headed.
    fn counted(self) -> (&'static str, &'static str) {
        match self {
            Self::Free => ("空闲", "available"),
            Self::Booked => ("已预约", "booked"),
            Self::CheckedIn => ("已签到", "checked in"),
            Self::FreedByNoShow => ("未到场", "no-show"),
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Free => "desk-stall desk-stall--free",
            Self::Booked => "desk-stall desk-stall--booked",
            Self::CheckedIn => "desk-stall desk-stall--checked-in",
            Self::FreedByNoShow => "desk-stall desk-stall--no-show",
        }
    }
}

#[component]
pub fn MarketDeskPage(market: i64) -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=&[Role::MarketManager] needs=("市场管理员", "a market manager")>
                <MarketDesk market />
            </RoleGate>
        </Page>
    }
}

/// The day's occupancy and everything done with it. Parts read only what they show, so a
/// check-in refreshes the grid without closing a form someone is filling in below.
#[component]
fn MarketDesk(market: i64) -> impl IntoView {
    let session = use_session();
    // A link may open a given day (`?date=`), as a vendor's day page does.
    let day = RwSignal::new(query("date").filter(|d| parse_date(d).is_some()).unwrap_or_else(today));
    let occupancy = LocalResource::new(move || {
        let day = day.get();
        async move {
            let date = parse_date(&day).ok_or_else(|| problem("date", "请选择日期", "Choose a day"))?;
            session.call(&endpoints::GetOccupancy { market, date }, &()).await
        }
    });
    let loaded = Memo::new(move |_| occupancy.get());
    let data = Memo::new(move |_| loaded.get().and_then(Result::ok));
    let standing = Memo::new(move |_| loaded.get().map(|l| l.err()));
    let refresh = Callback::new(move |()| occupancy.refetch());
    // WeChat's scanner reopens the desk at the session it was checking in (`?session=`).
    let picked_session = RwSignal::new(query("session").and_then(|s| s.parse::<i64>().ok()));
    // The session picked, or the day's first; none on a day without sessions.
    let current = Memo::new(move |_| {
        let ids: Vec<i64> = data.get().map(|d| d.sessions.iter().map(|s| s.id).collect()).unwrap_or_default();
        picked_session.get().filter(|id| ids.contains(id)).or(ids.first().copied())
    });
    let stalls = Memo::new(move |_| {
        let current = current.get();
        data.get()
            .and_then(|d| d.sessions.into_iter().find(|s| Some(s.id) == current))
            .map(|s| s.stalls)
            .unwrap_or_default()
    });
    let zones = Memo::new(move |_| data.get().map(|d| d.zones).unwrap_or_default());
    move || match standing.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Some(failure)) => view! { <Refused market failure /> }.into_any(),
        Some(None) => view! {
            <DayHeader data day picked_session current stalls />
            <CheckIn market current refresh />
            <Grid market zones stalls current refresh />
            <setup::Setup market day data zones refresh />
        }
        .into_any(),
    }
}

/// Why the market does not open: most often, the manager manages another one.
#[component]
fn Refused(market: i64, failure: Failure) -> impl IntoView {
    let session = use_session();
    let forbidden = failure.api().is_some_and(|e| e.error == ErrorKind::Forbidden);
    if !forbidden {
        return view! { <ErrorNote failure=Signal::derive(move || Some(failure.clone())) /> }.into_any();
    }
    let lang = use_prefs().lang;
    let mine = move || session.me().map(|me| me.markets).unwrap_or_default();
    view! {
        <div class="weui-msg" data-testid="not-your-market">
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">
                    {tr("您不是这个市场的管理员", "You do not manage this market")}
                </h2>
                <p class="weui-msg__desc">
                    {move || {
                        let names: Vec<String> = mine().into_iter().map(|m| m.name).collect();
                        if lang.get() == Lang::En {
                            format!("Market {market} is managed by others. You manage: {}.", names.join(", "))
                        } else {
                            format!(
                                "{market} 号市场由其他管理员负责。您管理的是：{}。",
                                names.join("、"),
                            )
                        }
                    }}
                </p>
            </div>
            <div class="actions">
                {move || {
                    mine()
                        .into_iter()
                        .map(|m| {
                            view! {
                                <a
                                    href=format!("/desk/markets/{}", m.id)
                                    class="weui-btn weui-btn_primary"
                                    data-testid="my-market"
                                >
                                    {m.name}
                                </a>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </div>
    }
    .into_any()
}

/// The market's name, the day, its sessions as tabs, and the picked session's counts, which
/// add up to its stalls: booked, checked in, left by a no-show (free for a walk-in), free.
#[component]
fn DayHeader(
    data: Memo<Option<MarketOccupancy>>,
    day: RwSignal<String>,
    picked_session: RwSignal<Option<i64>>,
    current: Memo<Option<i64>>,
    stalls: Memo<Vec<OccupiedStall>>,
) -> impl IntoView {
    let count = move |state: StallState| stalls.get().iter().filter(|s| StallState::of(s) == state).count();
    let lang = use_prefs().lang;
    let total = move || {
        let total = stalls.get().len();
        if lang.get() == Lang::En { format!("{total} stalls:") } else { format!("共 {total} 个摊位：") }
    };
    let sessions = Memo::new(move |_| {
        data.get().map(|d| d.sessions.into_iter().map(|s| (s.id, s.starts, s.ends)).collect::<Vec<_>>())
    });
    view! {
        <section class="market-head">
            <h1 data-testid="market-name">{move || data.get().map(|d| d.market_name)}</h1>
            <label class="form__label" for="market-day">
                {tr("日期", "Day")}
            </label>
            <input
                id="market-day"
                type="date"
                data-testid="market-day"
                prop:value=move || day.get()
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    if parse_date(&picked).is_some() {
                        day.set(picked);
                    }
                }
            />
            <div class="market-sessions" role="group" aria-label=tr("场次", "Sessions")>
                {move || {
                    let sessions = sessions.get().unwrap_or_default();
                    if sessions.is_empty() {
                        return view! {
                            <p class="form__hint" data-testid="no-sessions">
                                {tr(
                                    "这一天没有场次。可在下方“开设场次”中开设。",
                                    "No sessions this day. Open some under “Open sessions” below.",
                                )}
                            </p>
                        }
                            .into_any();
                    }
                    sessions
                        .into_iter()
                        .map(|(id, starts, ends)| {
                            view! {
                                <button
                                    type="button"
                                    class="market-session"
                                    data-testid="session-tab"
                                    data-session=id
                                    data-starts=starts.clone()
                                    aria-pressed=move || (current.get() == Some(id)).to_string()
                                    on:click=move |_| picked_session.set(Some(id))
                                >
                                    {format!("{starts}–{ends}")}
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
            <div class="market-counts" data-testid="counts">
                <p class="market-counts__total" data-testid="count-total">
                    {total}
                </p>
                <dl>
                    {[
                        (StallState::Booked, "count-booked"),
                        (StallState::CheckedIn, "count-checked-in"),
                        (StallState::FreedByNoShow, "count-no-show"),
                        (StallState::Free, "count-free"),
                    ]
                        .into_iter()
                        .map(|(state, testid)| {
                            let (zh, en) = state.counted();
                            view! {
                                <div>
                                    <dt>{tr(zh, en)}</dt>
                                    <dd data-testid=testid>{move || count(state)}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            </div>
        </section>
    }
}

/// Check-in: the camera reads the vendor's pass (or the stall's printed code) — inside the
/// mini-program WeChat's own scanner does, and reopens the desk with what it read (`?scanned=`)
/// — or the pass is typed; the stall checked in is then shown large enough to read at arm's
/// length.
#[component]
fn CheckIn(market: i64, current: Memo<Option<i64>>, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    // What was typed, cleared once it checked someone in: the next vendor is waiting.
    let typed = RwSignal::new(String::new());
    let check_in = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            let session_id = current
                .get_untracked()
                .ok_or_else(|| problem("pass", "这一天没有场次", "There is no session this day"))?;
            if code.trim().is_empty() {
                return Err(problem("pass", "请扫码或输入预约码", "Scan or type the pass code"));
            }
            let body = CheckInRequest { session: session_id, code: code.trim().to_string() };
            let booking = session.call(&endpoints::CheckIn { market }, &body).await?;
            typed.set(String::new());
            refresh.run(());
            Ok::<ManagedBooking, Failure>(booking)
        }
    });
    let wechat_refused = RwSignal::new(false);
    let failure = Signal::derive(move || {
        check_in.value().get().and_then(Result::err).or_else(|| {
            wechat_refused.get().then(|| {
                problem("pass", "无法打开微信扫一扫，请输入预约码。", "WeChat's scanner did not open: type the pass.")
            })
        })
    });
    let checked_in = Signal::derive(move || check_in.value().get().and_then(Result::ok));
    if let Some(scanned) = query("scanned") {
        // Once: a reload of the page must not send it again.
        let _ = window()
            .history()
            .map(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("/desk/markets/{market}"))));
        check_in.dispatch(scanned);
    }
    let camera = RwSignal::new(false);
    let lang = use_prefs().lang;
    view! {
        <section class="check-in" aria-labelledby="check-in-title">
            <h2 id="check-in-title" class="market-title">
                {tr("签到", "Check-in")}
            </h2>
            {move || {
                checked_in
                    .get()
                    .map(|booking| {
                        let status = booking.status.label();
                        view! {
                            <div class="check-in__done" role="status" data-testid="checked-in">
                                <p class="check-in__stall" data-testid="checked-in-stall">
                                    {booking.stall_number.clone()}
                                </p>
                                <p class="check-in__who">
                                    "✓ "{booking.vendor.clone()}" · "
                                    {move || if lang.get() == Lang::En { status.en } else { status.zh }}
                                </p>
                                {booking.waived_for.map(|group| view! { <WaivedFor group /> })}
                            </div>
                        }
                    })
            }}
            <ErrorNote failure beside=&["pass"] />
            <button
                type="button"
                class="scan check-in__scan"
                data-testid="check-in-scan"
                disabled=move || camera.get() || check_in.pending().get()
                aria-busy=move || check_in.pending().get().to_string()
                on:click=move |_| {
                    wechat_refused.set(false);
                    match current.get_untracked().filter(|_| Host::in_wechat_mini_program()) {
                        Some(session_id) => {
                            spawn_local(async move {
                                let refused = move || wechat_refused.set(true);
                                if wechat_check_in_scanner(market, session_id, refused).await.is_err() {
                                    wechat_refused.set(true);
                                }
                            })
                        }
                        None => camera.set(true),
                    }
                }
            >
                {move || {
                    if check_in.pending().get() {
                        tr("正在签到…", "Checking in…")()
                    } else {
                        tr("扫码签到", "Check in by scan")()
                    }
                }}
            </button>
            <Form
                class="entry"
                on_submit=Callback::new(move |()| {
                    check_in.dispatch(typed.get_untracked());
                })
            >
                <label class="visually-hidden" for="pass">
                    {tr("预约码", "Pass")}
                </label>
                <input
                    id="pass"
                    data-testid="pass"
                    autocomplete="off"
                    autocapitalize="characters"
                    placeholder=tr("或输入预约码，如 C12-4821", "Or type the pass code, like C12-4821")
                    aria-invalid=invalid(failure, "pass")
                    aria-describedby="pass-error"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="pass-submit" disabled=move || check_in.pending().get()>
                    {tr("签到", "Check in")}
                </button>
            </Form>
            <FieldNote failure field="pass" />
            <Show when=move || camera.get()>
                <PassCamera
                    read=move |text| {
                        camera.set(false);
                        check_in.dispatch(text);
                    }
                    close=move || camera.set(false)
                />
            </Show>
        </section>
    }
}

/// Every stall of the picked session, zone by zone; a tap opens its panel under the grid.
#[component]
fn Grid(
    market: i64,
    zones: Memo<Vec<Zone>>,
    stalls: Memo<Vec<OccupiedStall>>,
    current: Memo<Option<i64>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let picked = RwSignal::new(None::<i64>);
    let lang = use_prefs().lang;
    // The panel sits under the whole grid: once it has drawn, it is brought into view.
    let show_panel = || {
        request_animation_frame(|| {
            if let Some(panel) = document().get_element_by_id("stall-panel") {
                panel.scroll_into_view();
            }
        })
    };
    let panel = move || {
        let session = current.get()?;
        let stall = stalls.get().into_iter().find(|s| Some(s.id) == picked.get())?;
        let zone = zones.get().into_iter().find(|z| z.id == stall.zone)?;
        let (zone, waived) = (zone.name, zone.rules.fee_waived_for);
        Some(view! { <StallPanel market session stall zone waived refresh close=move || picked.set(None) /> })
    };
    view! {
        <section class="market-grid" aria-labelledby="grid-title">
            <h2 id="grid-title" class="market-title">
                {tr("摊位", "Stalls")}
            </h2>
            {move || {
                let stalls = stalls.get();
                zones
                    .get()
                    .into_iter()
                    .filter(|zone| stalls.iter().any(|s| s.zone == zone.id))
                    .map(|zone| {
                        let mode = label(zone.mode.label());
                        view! {
                            <h3 class="market-zone">{zone.name.clone()}" · "{mode}</h3>
                            <div class="stalls" data-testid="zone-stalls" data-zone=zone.name.clone()>
                                {stalls
                                    .iter()
                                    .filter(|s| s.zone == zone.id)
                                    .map(|stall| {
                                        let (id, state) = (stall.id, StallState::of(stall));
                                        let (zh, en) = state.words();
                                        view! {
                                            <button
                                                type="button"
                                                class=state.class()
                                                data-testid="stall"
                                                data-number=stall.number.clone()
                                                data-state=format!("{state:?}")
                                                aria-expanded=move || (picked.get() == Some(id)).to_string()
                                                aria-controls="stall-panel"
                                                on:click=move |_| {
                                                    picked
                                                        .update(|p| *p = if *p == Some(id) { None } else { Some(id) });
                                                    show_panel();
                                                }
                                            >
                                                <span class="desk-stall__number">{stall.number.clone()}</span>
                                                <span class="desk-stall__state">
                                                    <span aria-hidden="true">{state.mark()}" "</span>
                                                    {move || if lang.get() == Lang::En { en } else { zh }}
                                                </span>
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <div id="stall-panel">{panel}</div>
        </section>
    }
}

/// One stall in the picked session: its booking and what can be done with it, and its code.
#[component]
fn StallPanel(
    market: i64,
    session: i64,
    stall: OccupiedStall,
    zone: String,
    /// The target groups the stall's zone waives the fee for.
    waived: Vec<TargetGroup>,
    refresh: Callback<()>,
    close: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let state = StallState::of(&stall);
    let qr = url_of(&endpoints::GetStallQr { market, stall: stall.id });
    let number = stall.number.clone();
    let lang = use_prefs().lang;
    let qr_alt = {
        let number = number.clone();
        move || {
            if lang.get() == Lang::En {
                format!("QR code of stall {number}")
            } else {
                format!("{number} 号摊位的二维码")
            }
        }
    };
    view! {
        <section class="stall-panel" data-testid="stall-panel" aria-label=stall.number.clone()>
            <h3 class="stall-panel__title">
                {stall.number.clone()} <span class="form__hint">" · "{zone}" · "{fee_words(stall.fee_fen)}</span>
            </h3>
            {stall.booking.clone().map(|booking| view! { <BookingFacts booking /> })}
            {(state == StallState::Booked)
                .then(|| {
                    let booking = stall.booking.as_ref().map(|b| b.id).unwrap_or_default();
                    view! { <NoShow market booking refresh /> }
                })}
            {state
                .is_free()
                .then(|| {
                    let waived = if stall.fee_fen > 0 { waived } else { Vec::new() };
                    // Only a stall that costs something has a fee to waive.
                    view! { <WalkIn market session stall=stall.id waived refresh /> }
                })}
            <div class="stall-qr">
                <img src=qr alt=qr_alt width="180" height="180" data-testid="stall-qr" />
                <p class="stall-qr__number">{number}</p>
            </div>
            <div class="stall-panel__actions">
                <button
                    type="button"
                    class="weui-btn weui-btn_default"
                    on:click=move |_| {
                        let _ = window().print();
                    }
                >
                    {tr("打印摊位码", "Print the stall's code")}
                </button>
                <button type="button" class="weui-btn weui-btn_default" on:click=move |_| close()>
                    {tr("收起", "Close")}
                </button>
            </div>
        </section>
    }
}

#[component]
fn BookingFacts(booking: ManagedBooking) -> impl IntoView {
    view! {
        <dl class="booking-facts" data-testid="booking">
            <dt>{tr("状态", "Status")}</dt>
            <dd data-testid="booking-status">{label(booking.status.label())}</dd>
            <dt>{tr("摊主", "Vendor")}</dt>
            <dd>{booking.vendor}</dd>
            <dt>{tr("电话", "Phone")}</dt>
            <dd class="mono">{booking.phone}</dd>
            <dt>{tr("来源", "From")}</dt>
            <dd>
                {if booking.drawn {
                    tr("摇号中签", "Won in the lottery")
                } else {
                    tr("预约", "Booked by the vendor")
                }}
            </dd>
            <dt>{tr("摊位费", "Fee")}</dt>
            <dd data-testid="booking-fee">{fee_words(booking.fee_fen)}</dd>
        </dl>
        {booking.waived_for.map(|group| view! { <WaivedFor group /> })}
    }
}

/// A booking whose fee was waived for a target group, said plainly: the manager is the one
/// who checks the vendor's proof.
#[component]
fn WaivedFor(group: TargetGroup) -> impl IntoView {
    let (words, lang) = (group.label(), use_prefs().lang);
    view! {
        <p class="notice desk-waived" data-testid="waived-for">
            {move || {
                if lang.get() == Lang::En {
                    format!("Fee waived: {} — check the proof", words.en)
                } else {
                    format!("免摊位费：{} — 请核验证明", words.zh)
                }
            }}
        </p>
    }
}

#[component]
fn NoShow(market: i64, booking: i64, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    let mark = Action::new_local(move |(): &()| async move {
        session.call(&endpoints::MarkNoShow { market, booking }, &()).await?;
        refresh.run(());
        Ok::<(), Failure>(())
    });
    let failure = Signal::derive(move || mark.value().get().and_then(Result::err));
    view! {
        <p class="form__hint">
            {tr(
                "摊主没来？标记未到场后摊位空出，可给现场摊主；未到场次数达到上限的摊主会被暂停预约。",
                "Vendor not here? Marking a no-show frees the stall for walk-ins, and counts toward suspending the vendor.",
            )}
        </p>
        <BusyButton
            pending=mark.pending()
            label=tr("标记未到场", "Mark no-show")
            busy_label=("正在标记…", "Marking…")
            class="weui-btn weui-btn_warn"
            kind="button"
            testid="mark-no-show"
            on_press=Callback::new(move |()| {
                mark.dispatch(());
            })
        />
        <ErrorNote failure />
    }
}

/// A free stall given to a vendor who walked in, by the phone they signed up with; free of
/// fee if they belong to a group the zone `waived` it for and the manager has seen the proof.
#[component]
fn WalkIn(market: i64, session: i64, stall: i64, waived: Vec<TargetGroup>, refresh: Callback<()>) -> impl IntoView {
    let account = use_session();
    let phone = RwSignal::new(String::new());
    let group = RwSignal::new(None::<TargetGroup>);
    let book = Action::new_local(move |key: &String| {
        let (key, phone) = (key.clone(), phone.get_untracked().trim().to_string());
        let target_group = group.get_untracked();
        async move {
            if phone.is_empty() {
                return Err(problem("phone", "请输入摊主的手机号", "Type the vendor's phone number"));
            }
            let body = WalkInRequest { idempotency_key: key, stall, session, phone, target_group };
            let booking = account.call(&endpoints::BookWalkIn { market }, &body).await?;
            refresh.run(());
            Ok::<ManagedBooking, Failure>(booking)
        }
    });
    let failure = Signal::derive(move || book.value().get().and_then(Result::err));
    view! {
        <Form
            class="form walk-in"
            testid="walk-in"
            on_submit=Callback::new(move |()| {
                book.dispatch(submission_key());
            })
        >
            <p class="form__hint">
                {tr(
                    "现场摊主：输入其注册摊主时用的手机号，摊位即给他并签到。",
                    "A vendor who walked in: type the phone they registered with; the stall is theirs, checked in.",
                )}
            </p>
            <TextInput
                form=""
                field="phone"
                id="walk-in-phone"
                label=tr("摊主手机号", "Vendor's phone")
                value=phone
                failure
                kind="tel"
                inputmode="numeric"
                autocomplete="off"
            />
            {(!waived.is_empty()).then(|| view! { <WaiverGroup waived group /> })}
            <SubmitButton
                pending=book.pending()
                label=tr("给现场摊主", "Give to the walk-in")
                testid="walk-in-submit"
            />
            <ErrorNote failure beside=&["phone"] />
        </Form>
    }
}

/// The groups the stall's zone waives the fee for, one of which the walk-in may belong to.
#[component]
fn WaiverGroup(waived: Vec<TargetGroup>, group: RwSignal<Option<TargetGroup>>) -> impl IntoView {
    view! {
        <WaiverGroupChoice
            id="walk-in-group"
            label_words=(
                "属于以下群体免摊位费（请先核验证明）",
                "No fee for these groups (check the proof first)",
            )
            waived
            group
        />
    }
}
