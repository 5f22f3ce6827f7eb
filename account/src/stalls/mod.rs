//! Stall booking on the vendor's phone: `/stalls` lists the markets, `/stalls/{market}` is a
//! market's day (one session at a time, its zones a tap apart; a stall tapped opens a sheet at
//! the bottom of the screen to book it, or apply for a lottery zone's draw), `/me/stalls` holds
//! my bookings with their QR passes and my lottery applications, and `/stalls/lotteries/{id}`
//! shows a lottery in public, with a button that re-runs its draw on the phone.

use getima_domain::accounts::Role;
use getima_domain::api::{
    LotteryApplication, LotteryNotice, MarketDay, SessionSlots, StallBooking, StallBookingRequest, StallMarkets,
    StallSlot, Zone, encode_segment, endpoints,
};
use getima_domain::calendar::{Date, add_days, parse_date};
use getima_domain::stalls::{
    AllocationMode, Amenity, FeePayment, Moment, Refusal, SessionTimes, TargetGroup, ZoneKind, ZoneRules, count_of,
    how_to_pay, minute_text, moment,
};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, Page};
use getima_ui::forms::{BusyButton, submission_key};
use getima_ui::kit::waiver::WaiverGroupChoice;
use getima_ui::links::query;
use getima_ui::prefs::{Lang, either, fee_words, label, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};

mod declaration;
pub mod lottery;
pub mod mine;
mod vendor;

pub use lottery::StallLotteryPage;
pub use mine::MyStallsPage;
pub use vendor::VendorForm;

/// Days a vendor can pick on a market's page: today and the six after it.
const DAYS_SHOWN: i64 = 7;

use getima_ui::china::today;

/// Now in China, to the minute, as the rules of stalls compare it.
fn now() -> Moment {
    // `this_minute` always writes `YYYY-MM-DD HH:MM`.
    moment(&getima_ui::china::this_minute()).unwrap_or(Moment::MIN)
}

#[component]
pub fn StallMarketsPage() -> impl IntoView {
    let markets = LocalResource::new(|| api::call(&endpoints::ListStallMarkets {}, &()));
    view! {
        <Page>
            <p class="intro">
                {tr(
                    "选择市场，查看每天的摊位并预约。公益摊位（自产自销、平价、共富）优先照顾有需要的摊主。",
                    "Pick a market to see its stalls day by day and book one. Public-interest stalls (own produce, fair price, common prosperity) favour vendors who need them.",
                )}
            </p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match markets.await {
                        Ok(list) => view! { <MarketList list /> }.into_any(),
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <MyStallsLink />
        </Page>
    }
}

/// The markets with public-interest stalls, each opening its days.
#[component]
pub fn MarketList(list: StallMarkets) -> impl IntoView {
    view! {
        <nav class="stall-markets" data-testid="stall-markets">
            {list
                .markets
                .into_iter()
                .map(|market| {
                    view! {
                        <a class="stall-market" href=format!("/stalls/{}", market.id) data-testid="stall-market">
                            <b>{market.name}</b>
                            <span class="shop__trade">{market.address}</span>
                            <span class="badges">
                                {market
                                    .kinds
                                    .into_iter()
                                    .map(|kind| {
                                        view! { <span class="badge">{label(kind.label())}</span> }
                                    })
                                    .collect_view()}
                            </span>
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The way from the public stall pages to my own bookings.
#[component]
fn MyStallsLink() -> impl IntoView {
    view! {
        <div class="actions">
            <a href="/me/stalls" class="weui-btn weui-btn_default" data-testid="to-my-stalls">
                {tr("我的摊位", "My stalls")}
            </a>
        </div>
    }
}

/// A zone's rules in plain words, one sentence each.
fn rules_in_words(rules: &ZoneRules, lang: Lang) -> Vec<String> {
    let ZoneRules {
        window_days,
        per_session,
        per_week,
        cancel_hours,
        no_show_limit,
        no_show_days,
        suspension_days,
        ref fee_waived_for,
        book_until_hours,
        check_in_grace_minutes,
        fee_payment: _,
    } = *rules;
    let groups = |en: bool| {
        let names: Vec<&str> = fee_waived_for.iter().map(|g| if en { g.label().en } else { g.label().zh }).collect();
        names.join(if en { ", " } else { "、" })
    };
    let mut lines = if lang == Lang::En {
        vec![
            if window_days == 0 {
                "Bookable on the day only".to_string()
            } else {
                format!("Opens for booking {}", count_of(window_days, "day ahead", "days ahead"))
            },
            if book_until_hours == 0 {
                "Booking closes when the session starts".to_string()
            } else {
                format!("Booking closes {} before the session starts", count_of(book_until_hours, "hour", "hours"))
            },
            format!(
                "At most {} a person each session, {} a week",
                count_of(per_session, "stall", "stalls"),
                count_of(per_week, "session", "sessions")
            ),
            format!("Cancel up to {} before it starts", count_of(cancel_hours, "hour", "hours")),
            format!(
                "Check in from {CHECK_IN_EARLY} minutes before opening until {} after closing",
                count_of(check_in_grace_minutes, "minute", "minutes")
            ),
            format!(
                "{} within {} stop booking for {}",
                count_of(no_show_limit, "no-show", "no-shows"),
                count_of(no_show_days, "day", "days"),
                count_of(suspension_days, "day", "days")
            ),
        ]
    } else {
        vec![
            if window_days == 0 {
                "只能当天预约".to_string()
            } else {
                format!("提前 {window_days} 天开放预约")
            },
            if book_until_hours == 0 {
                "开市时停止预约".to_string()
            } else {
                format!("开市前 {book_until_hours} 小时停止预约")
            },
            format!("每人每场最多 {per_session} 个摊位，每周最多 {per_week} 场"),
            format!("开市前 {cancel_hours} 小时之前可以取消"),
            format!("开市前 {CHECK_IN_EARLY} 分钟起签到，收市后 {check_in_grace_minutes} 分钟内仍可签到"),
            format!("{no_show_days} 天内未到场 {no_show_limit} 次，暂停预约 {suspension_days} 天"),
        ]
    };
    if !fee_waived_for.is_empty() {
        lines.push(if lang == Lang::En {
            format!("No fee for: {} (proof checked at the market)", groups(true))
        } else {
            format!("{}免摊位费（签到时核验证明）", groups(false))
        });
    }
    lines
}

const CHECK_IN_EARLY: u32 = getima_domain::stalls::CHECK_IN_EARLY_MINUTES;

/// Where booking a zone's stalls at a session stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Open until then.
    Open(Moment),
    NotYet(Date),
    Closed(Moment),
}

impl Opening {
    fn of(rules: &ZoneRules, times: &SessionTimes, now: Moment) -> Self {
        match rules.bookable(times, now) {
            Ok(()) => Self::Open(rules.booking_closes(times)),
            Err(Refusal::NotOpenYet(day)) => Self::NotYet(day),
            Err(_) => Self::Closed(rules.booking_closes(times)),
        }
    }

    fn words(self) -> (String, String) {
        match self {
            Self::Open(until) => {
                let until = minute_text(until);
                (format!("可预约，{until} 截止"), format!("Open for booking until {until}"))
            }
            Self::NotYet(day) => (format!("{day} 起开放预约"), format!("Opens for booking on {day}")),
            Self::Closed(at) => {
                let at = minute_text(at);
                (format!("已于 {at} 截止预约"), format!("Booking closed at {at}"))
            }
        }
    }
}

/// The stall tapped on the grid, with what the sheet says about it.
#[derive(Clone, PartialEq)]
struct Picked {
    stall: StallSlot,
    session: i64,
    date: String,
    when: String,
    zone: String,
    /// The target groups the zone waives the fee for.
    waived: Vec<TargetGroup>,
    payment: FeePayment,
    /// An own-produce stall the viewer holds no approved declaration for.
    needs_declaration: bool,
}

#[component]
pub fn MarketStallsPage(market: String) -> impl IntoView {
    let Ok(market) = market.parse::<i64>() else {
        return view! { <getima_ui::chrome::NotFound /> }.into_any();
    };
    let today = today();
    let day = query("date").as_deref().and_then(parse_date).unwrap_or(today);
    // Kept above the day's content: a booking reloads the day without closing the sheet or
    // changing the session shown.
    let picked = RwSignal::new(None::<Picked>);
    let booked = RwSignal::new(None::<StallBooking>);
    let shown = RwSignal::new(None::<i64>);
    let standing = declaration::Standing::new(market);
    let grid =
        LocalResource::new(move || async move { api::call(&endpoints::GetMarketDay { market, date: day }, &()).await });
    let reload = Callback::new(move |()| grid.refetch());
    let close = Callback::new(move |()| picked.set(None));
    view! {
        <main class="page">
            <Bar />
            <nav class="day-chips" aria-label=tr("日期", "Day") data-testid="day-chips">
                {(0..DAYS_SHOWN)
                    .map(|ahead| {
                        let date = add_days(today, ahead);
                        let text = format!("{:02}-{:02}", u8::from(date.month()), date.day());
                        view! {
                            <a
                                class="day-chip"
                                href=format!("/stalls/{market}?date={date}")
                                aria-current=(date == day).then_some("date")
                                data-testid="day-chip"
                            >
                                <span>
                                    {
                                        let (zh, en) = if ahead == 0 { ("今天", "Today") } else { weekday(date) };
                                        tr(zh, en)
                                    }
                                </span>
                                <b>{text}</b>
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match grid.await {
                        Ok(found) => view! { <Day found picked booked shown standing /> }.into_any(),
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Transition>
            <MyStallsLink />
            <Footer />
            {move || picked.get().map(|picked| view! { <Sheet picked booked reload close /> })}
        </main>
    }
    .into_any()
}

fn weekday(date: Date) -> (&'static str, &'static str) {
    const NAMES: [(&str, &str); 7] = [
        ("周一", "Mon"),
        ("周二", "Tue"),
        ("周三", "Wed"),
        ("周四", "Thu"),
        ("周五", "Fri"),
        ("周六", "Sat"),
        ("周日", "Sun"),
    ];
    NAMES[usize::from(date.weekday().number_days_from_monday())]
}

#[component]
fn Day(
    found: MarketDay,
    picked: RwSignal<Option<Picked>>,
    booked: RwSignal<Option<StallBooking>>,
    shown: RwSignal<Option<i64>>,
    standing: declaration::Standing,
) -> impl IntoView {
    let MarketDay { market, market_name, date, zones, sessions, lotteries } = found;
    let this_minute = now();
    let times: Vec<(i64, SessionTimes)> = sessions
        .iter()
        .filter_map(|s| SessionTimes::parse(&date, &s.starts, &s.ends).map(|times| (s.id, times)))
        .collect();
    // The session shown: the one picked, else the first not over yet, else the first.
    if shown.get_untracked().is_none_or(|id| !sessions.iter().any(|s| s.id == id)) {
        let running = times.iter().find(|(_, t)| t.ends_at() > this_minute).map(|(id, _)| *id);
        shown.set(running.or(sessions.first().map(|s| s.id)));
    }
    // A stall's printed QR leads here with the stall chosen: open its sheet, once.
    let wanted = query("stall").and_then(|s| s.parse::<i64>().ok());
    if let Some(wanted) = wanted {
        let _ = window()
            .history()
            .map(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("/stalls/{market}?date={date}"))));
        let session = shown.get_untracked();
        let found = sessions.iter().filter(|s| Some(s.id) == session).find_map(|s| {
            let stall = s.stalls.iter().find(|t| t.id == wanted)?;
            let zone = zones.iter().find(|z| z.id == stall.zone)?;
            Some(pick(stall, (s.id, &when_of(s)), zone, &date, standing))
        });
        if found.is_some() {
            booked.set(None);
            picked.set(found);
        }
    }
    let (empty, several) = (sessions.is_empty(), sessions.len() > 1);
    let heading_date = date.clone();
    // A day whose every session has closed for booking points on to the next day.
    let all_closed = !empty
        && times
            .iter()
            .all(|(_, t)| zones.iter().all(|z| matches!(Opening::of(&z.rules, t, this_minute), Opening::Closed(_))));
    let next_day = parse_date(&date).map(|d| add_days(d, 1));
    let tabs: Vec<(i64, String)> = sessions.iter().map(|s| (s.id, when_of(s))).collect();
    let content = move || {
        let session = sessions.iter().find(|s| Some(s.id) == shown.get())?.clone();
        let session_times = times.iter().find(|(id, _)| *id == session.id).map(|(_, t)| *t)?;
        let notices: Vec<LotteryNotice> = lotteries.iter().filter(|l| l.session == session.id).cloned().collect();
        let zones: Vec<Zone> =
            zones.iter().filter(|z| session.stalls.iter().any(|s| s.zone == z.id)).cloned().collect();
        Some(view! {
            <ZoneJump zones=zones.clone() session=session.clone() />
            {zones
                .into_iter()
                .map(|zone| {
                    let notices = notices.iter().filter(|l| l.zone == zone.id).cloned().collect();
                    let opening = Opening::of(&zone.rules, &session_times, this_minute);
                    view! {
                        <ZoneSection
                            market
                            zone
                            session=session.clone()
                            date=date.clone()
                            notices
                            opening
                            picked
                            booked
                            standing
                        />
                    }
                })
                .collect_view()}
        })
    };
    view! {
        <section class="shop">
            <h1 data-testid="market-name">{market_name}</h1>
            <p class="shop__trade">{heading_date}</p>
        </section>
        {empty
            .then(|| {
                view! {
                    <p class="notice" data-testid="no-sessions">
                        {tr(
                            "这一天不开市，请选其他日期。",
                            "The market is closed this day; pick another.",
                        )}
                    </p>
                }
            })}
        {all_closed
            .then(|| {
                next_day
                    .map(|next| {
                        view! {
                            <p class="notice" data-testid="day-closed">
                                {tr(
                                    "这一天的场次都已截止预约。",
                                    "Every session this day has closed for booking. ",
                                )}
                                <a class="link" href=format!("/stalls/{market}?date={next}")>
                                    {either(format!("看 {next} 的摊位 ›"), format!("See {next} ›"))}
                                </a>
                            </p>
                        }
                    })
            })}
        {several
            .then(|| {
                view! {
                    <div class="day-sessions" role="group" aria-label=tr("场次", "Sessions") data-testid="sessions">
                        {tabs
                            .into_iter()
                            .map(|(id, when)| {
                                view! {
                                    <button
                                        type="button"
                                        class="market-session"
                                        data-testid="session-tab"
                                        data-session=id
                                        aria-pressed=move || (shown.get() == Some(id)).to_string()
                                        on:click=move |_| {
                                            picked.set(None);
                                            shown.set(Some(id));
                                        }
                                    >
                                        {tr("开市 ", "Open ")}
                                        {when}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
        {content}
    }
}

fn when_of(session: &SessionSlots) -> String {
    format!("{}–{}", session.starts, session.ends)
}

/// What the sheet is about when `stall` is tapped at the session `(id, when)`.
fn pick(
    stall: &StallSlot,
    (session, when): (i64, &str),
    zone: &Zone,
    date: &str,
    standing: declaration::Standing,
) -> Picked {
    Picked {
        stall: stall.clone(),
        session,
        date: date.to_string(),
        when: when.to_string(),
        zone: zone.name.clone(),
        waived: zone.rules.fee_waived_for.clone(),
        payment: zone.rules.fee_payment,
        needs_declaration: zone.kind == ZoneKind::SelfProduced && standing.approved() != Some(true),
    }
}

/// The zones of the session shown, each a tap away, with how many of its stalls are free: a
/// day of a hundred stalls stays short to get around.
/// How many of a zone's stalls are free, in the chosen language.
fn available(free: usize, total: usize) -> impl Fn() -> String + Send + Sync + 'static {
    either(format!("空闲 {free} / {total}"), format!("{free} of {total} available"))
}

#[component]
fn ZoneJump(zones: Vec<Zone>, session: SessionSlots) -> impl IntoView {
    view! {
        <nav class="zone-jump" id="zones" aria-label=tr("跳到区域", "Go to a zone") data-testid="zone-jump">
            {zones
                .into_iter()
                .map(|zone| {
                    let stalls = session.stalls.iter().filter(|s| s.zone == zone.id);
                    let (free, total) = (stalls.clone().filter(|s| s.free).count(), stalls.count());
                    view! {
                        <a href=format!("#zone-{}", zone.id) data-testid="zone-link" data-zone=zone.name.clone()>
                            <b>{zone.name.clone()}</b>
                            <span>{available(free, total)}</span>
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// How a zone's fees are paid, once for the zone: one fee for all its stalls, or each its own.
fn zone_fee_words(stalls: &[StallSlot], payment: FeePayment) -> (String, String) {
    let fee = stalls.first().map_or(0, |s| s.fee_fen);
    if stalls.iter().all(|s| s.fee_fen == fee) {
        return how_to_pay(fee, payment);
    }
    let (zh, en) = (payment.label().zh, payment.label().en);
    (
        format!("摊位费各摊位不同，到场签到时向管理员缴纳，{zh}"),
        format!("Fees differ by stall; pay the manager when you check in: {en}"),
    )
}

#[component]
fn ZoneSection(
    market: i64,
    zone: Zone,
    session: SessionSlots,
    date: String,
    notices: Vec<LotteryNotice>,
    opening: Opening,
    picked: RwSignal<Option<Picked>>,
    booked: RwSignal<Option<StallBooking>>,
    standing: declaration::Standing,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let stalls: Vec<StallSlot> = session.stalls.iter().filter(|s| s.zone == zone.id).cloned().collect();
    let (free, total) = (stalls.iter().filter(|s| s.free).count(), stalls.len());
    let own_produce = zone.kind == ZoneKind::SelfProduced;
    let by_lottery = zone.mode == AllocationMode::Lottery;
    let rules = zone.rules.clone();
    let (opening_zh, opening_en) = opening.words();
    let (fee_zh, fee_en) = zone_fee_words(&stalls, zone.rules.fee_payment);
    let title = format!("zone-{}-title", zone.id);
    let grid = (!by_lottery).then(|| {
        let (zone, session) = (zone.clone(), (session.id, when_of(&session)));
        view! { <StallGrid stalls zone session date opening picked booked standing /> }
    });
    view! {
        <section
            class="zone"
            id=format!("zone-{}", zone.id)
            data-testid="zone"
            data-zone=zone.name.clone()
            data-session=session.id
            aria-labelledby=title
        >
            <div class="zone__head">
                <h2 id=title.clone()>{zone.name.clone()}</h2>
                <a class="zone__top" href="#zones">
                    {tr("↑ 换区域", "↑ Zones")}
                </a>
            </div>
            <p class="badges">
                <span class="badge">{label(zone.kind.label())}</span>
                <span class="badge">{label(zone.mode.label())}</span>
                <span class="shop__trade">{available(free, total)}</span>
            </p>
            <p
                class="zone__opening"
                class:zone__opening--closed=!matches!(opening, Opening::Open(_))
                data-testid="zone-opening"
            >
                {either(opening_zh, opening_en)}
            </p>
            <p class="zone__fee" data-testid="zone-fee">
                {either(fee_zh, fee_en)}
            </p>
            {own_produce
                .then(|| {
                    view! {
                        <Show when=move || standing.approved() != Some(true)>
                            <p class="notice zone__needs" data-testid="needs-declaration">
                                {tr(
                                    "这个区凭审核通过的自产自销声明预约，请先在下方提交声明。",
                                    "This zone is booked with an approved own-produce declaration: send yours below first.",
                                )}
                            </p>
                        </Show>
                        <declaration::ProducerDeclaration market standing />
                    }
                })}
            <details class="zone__rules">
                <summary>{tr("预约规则", "Booking rules")}</summary>
                <ul>
                    {move || {
                        rules_in_words(&rules, lang.get())
                            .into_iter()
                            .map(|line| view! { <li>{line}</li> })
                            .collect_view()
                    }}
                </ul>
            </details>
            {if by_lottery { view! { <Lotteries notices /> }.into_any() } else { grid.into_any() }}
        </section>
    }
}

/// What a stall on the grid says it is, in words and a mark (not colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Free,
    Taken,
    /// Booking for the session is not open (yet, or any more).
    Closed,
    /// Own produce, and the viewer holds no approved declaration.
    NeedsDeclaration,
}

impl Slot {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Free => ("✓ 空闲", "✓ Available"),
            Self::Taken => ("✕ 已约", "✕ Taken"),
            Self::Closed => ("不可约", "Not open"),
            Self::NeedsDeclaration => ("需声明", "Declare first"),
        }
    }
}

#[component]
fn StallGrid(
    stalls: Vec<StallSlot>,
    zone: Zone,
    /// The session's id and hours.
    session: (i64, String),
    date: String,
    opening: Opening,
    picked: RwSignal<Option<Picked>>,
    booked: RwSignal<Option<StallBooking>>,
    standing: declaration::Standing,
) -> impl IntoView {
    let own_produce = zone.kind == ZoneKind::SelfProduced;
    let open = matches!(opening, Opening::Open(_));
    view! {
        <div class="stall-grid" data-testid="stall-grid">
            {stalls
                .into_iter()
                .map(|stall| {
                    let (id, free) = (stall.id, stall.free);
                    let slot = move || match (free, open, own_produce && standing.approved() != Some(true)) {
                        (false, _, _) => Slot::Taken,
                        (true, false, _) => Slot::Closed,
                        (true, true, true) => Slot::NeedsDeclaration,
                        (true, true, false) => Slot::Free,
                    };
                    let session_id = session.0;
                    let chosen = move || {
                        picked.with(|p| p.as_ref().is_some_and(|p| p.session == session_id && p.stall.id == id))
                    };
                    let (when, zone, date) = (session.1.clone(), zone.clone(), date.clone());
                    let (number, fee) = (stall.number.clone(), stall.fee_fen);
                    view! {
                        <button
                            type="button"
                            class="stall"
                            class:stall--taken=move || matches!(slot(), Slot::Taken | Slot::Closed)
                            class:stall--needs=move || slot() == Slot::NeedsDeclaration
                            disabled=move || matches!(slot(), Slot::Taken | Slot::Closed)
                            aria-pressed=move || chosen().to_string()
                            aria-haspopup="dialog"
                            data-testid="stall"
                            data-stall=id
                            data-free=free.to_string()
                            data-slot=move || format!("{:?}", slot())
                            on:click=move |_| {
                                booked.set(None);
                                picked.set(Some(pick(&stall, (session_id, &when), &zone, &date, standing)));
                            }
                        >
                            <b>{number}</b>
                            <span>{fee_words(fee)}</span>
                            <span class="stall__state">
                                {move || {
                                    let (zh, en) = slot().words();
                                    tr(zh, en)()
                                }}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Where signing in should come back to: this day, with the stall still chosen.
fn sign_in_link(stall: i64) -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let date = query("date").map(|d| format!("date={d}&")).unwrap_or_default();
    format!("/sign-in?next={}", encode_segment(&format!("{path}?{date}stall={stall}")))
}

/// The element with `id`, once drawn, as an element focus can move to.
fn when_drawn(id: &'static str, then: impl FnOnce(leptos::web_sys::HtmlElement) + 'static) {
    request_animation_frame(move || {
        if let Some(element) =
            document().get_element_by_id(id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            then(element);
        }
    });
}

/// Brings the element with `id` to the top of the screen (its `scroll-margin-top` clears the
/// sticky bar) and moves focus to it, once it has drawn.
pub(crate) fn bring_into_view(id: &'static str) {
    when_drawn(id, |element| {
        element.scroll_into_view();
        let _ = element.focus();
    });
}

/// Scrolls the page so the stall picked shows above the sheet that now covers the bottom of the
/// screen (the spacer under the page leaves room to scroll).
fn keep_picked_above_the_sheet() {
    let element = |css: &str| {
        document().query_selector(css).ok().flatten().and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    };
    let (Some(stall), Some(sheet)) = (element("[data-testid=stall][aria-pressed=true]"), element(".sheet")) else {
        return;
    };
    let window = window();
    let (scrolled, height) = (window.scroll_y().unwrap_or(0.0), window.inner_height().ok().and_then(|h| h.as_f64()));
    // The stall's place on the page: its offsets add up to the body (nothing between is positioned).
    let mut top = 0.0;
    let mut at = Some(stall.clone());
    while let Some(element) = at {
        top += f64::from(element.offset_top());
        at = element.offset_parent().and_then(|p| p.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    }
    let bottom = top + f64::from(stall.offset_height());
    let room = height.unwrap_or(0.0) - f64::from(sheet.offset_height()) - 8.0;
    if bottom > scrolled + room {
        window.scroll_to_with_x_and_y(0.0, bottom - room);
    }
}

/// The sheet a tapped stall opens, fixed to the bottom of the screen where the thumb is, with
/// focus moved into it: what the stall is and costs, and booking it; for an own-produce stall
/// without a declaration, the way to the declaration; once booked, the way to the pass.
#[component]
fn Sheet(
    picked: Picked,
    booked: RwSignal<Option<StallBooking>>,
    reload: Callback<()>,
    close: Callback<()>,
) -> impl IntoView {
    when_drawn("sheet-title", |title| {
        let _ = title.focus();
        keep_picked_above_the_sheet();
    });
    let (stall, session) = (picked.stall.id, picked.session);
    let done = Memo::new(move |_| booked.get().filter(|b| b.stall == stall && b.session == session));
    let needs_declaration = picked.needs_declaration;
    let title = move || match (done.get().is_some(), needs_declaration) {
        (true, _) => tr("已预约", "Booked")(),
        (false, true) => tr("需要自产自销声明", "An own-produce declaration is needed")(),
        (false, false) => tr("预约这个摊位？", "Book this stall?")(),
    };
    view! {
        <div class="sheet-spacer" aria-hidden="true"></div>
        <div
            class="sheet"
            role="dialog"
            aria-labelledby="sheet-title"
            data-testid="stall-confirm"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close.run(());
                }
            }
        >
            <div class="sheet__head">
                <h2 id="sheet-title" tabindex="-1">
                    {title}
                </h2>
                <button type="button" class="sheet__close" data-testid="sheet-close" on:click=move |_| close.run(())>
                    {tr("关闭", "Close")}
                </button>
            </div>
            {move || match done.get() {
                Some(booking) => view! { <BookedNote booking close /> }.into_any(),
                None if needs_declaration => view! { <DeclarationFirst close /> }.into_any(),
                None => view! { <ConfirmBooking picked=picked.clone() booked reload /> }.into_any(),
            }}
        </div>
    }
}

/// Said once a stall is booked, in the sheet where the eye is, with the way to its pass.
#[component]
fn BookedNote(booking: StallBooking, close: Callback<()>) -> impl IntoView {
    let (pay_zh, pay_en) = how_to_pay(booking.fee_fen, booking.fee_payment);
    view! {
        <div class="notice notice--ok" role="status" data-testid="booked">
            <p>
                {either(
                    format!(
                        "已预约 {} 号摊位（{} {}–{}）。{} 起可以签到，请在 {} 开市前到场。",
                        booking.stall_number,
                        booking.day,
                        booking.starts,
                        booking.ends,
                        booking.check_in_from,
                        booking.starts,
                    ),
                    format!(
                        "Stall {} is booked ({} {}–{}). Check-in opens at {}: please be there before it opens at {}.",
                        booking.stall_number,
                        booking.day,
                        booking.starts,
                        booking.ends,
                        booking.check_in_from,
                        booking.starts,
                    ),
                )}
            </p>
            <p>{either(pay_zh, pay_en)}</p>
        </div>
        <a href="/me/stalls" class="weui-btn weui-btn_primary" data-testid="to-pass">
            {tr("查看预约码", "Show my pass")}
        </a>
        <button type="button" class="weui-btn weui-btn_default" on:click=move |_| close.run(())>
            {tr("继续选摊位", "Pick another stall")}
        </button>
    }
}

/// An own-produce stall for someone without an approved declaration: why, and the way to the
/// declaration card in the zone.
#[component]
fn DeclarationFirst(close: Callback<()>) -> impl IntoView {
    let to_card = move |_| {
        close.run(());
        bring_into_view("declaration");
    };
    view! {
        <p class="notice" data-testid="declaration-first">
            {tr(
                "自产自销区只给自己种、自己做的摊主：提交自产自销声明，市场审核通过后即可预约这里的摊位。",
                "The own-produce zone is for those who grow or make what they sell: send an own-produce declaration, and once the market approves it you can book here.",
            )}
        </p>
        <button type="button" class="weui-btn weui-btn_primary" data-testid="to-declaration" on:click=to_card>
            {tr("去看自产自销声明", "Go to the declaration")}
        </button>
    }
}

#[component]
fn ConfirmBooking(picked: Picked, booked: RwSignal<Option<StallBooking>>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let Picked { stall, session: session_id, date, when, zone, waived, payment, .. } = picked;
    // The group the vendor says they belong to, if the zone waives the fee for any.
    let group = RwSignal::new(None::<TargetGroup>);
    // One key per chosen stall: tapping Book again after a lost answer books it once.
    let key = StoredValue::new(submission_key());
    let stall_id = stall.id;
    let book = Action::new_local(move |request: &StallBookingRequest| {
        let request = request.clone();
        async move {
            let booking = session.call(&endpoints::BookStall {}, &request).await?;
            booked.set(Some(booking));
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || book.value().get().and_then(Result::err));
    let standing = Memo::new(move |_| session.me().map(|me| me.has_any(&[Role::Vendor])));
    let amenities: Vec<Amenity> = stall.amenities.iter().filter_map(|a| Amenity::parse(a)).collect();
    let lang = use_prefs().lang;
    let amenities = (!amenities.is_empty()).then_some(move || {
        let en = lang.get() == Lang::En;
        let words: Vec<&str> = amenities.iter().map(|a| if en { a.label().en } else { a.label().zh }).collect();
        words.join(if en { ", " } else { "、" })
    });
    let fee = stall.fee_fen;
    let paying = move || {
        let fee = if group.get().is_some() { 0 } else { fee };
        let (zh, en) = how_to_pay(fee, payment);
        if lang.get() == Lang::En { en } else { zh }
    };
    view! {
        <dl class="changes">
            <div class="changes__row">
                <dt>{tr("摊位", "Stall")}</dt>
                <dd data-testid="confirm-number">{stall.number.clone()} " · " {zone}</dd>
            </div>
            <div class="changes__row">
                <dt>{tr("时间", "When")}</dt>
                <dd>{date} " " {when}</dd>
            </div>
            <div class="changes__row">
                <dt>{tr("面积", "Size")}</dt>
                <dd>{format!("{} m²", stall.size_m2)}</dd>
            </div>
            <div class="changes__row">
                <dt>{tr("摊位费", "Fee")}</dt>
                <dd data-testid="confirm-fee">
                    {move || {
                        let fee = if group.get().is_some() { 0 } else { fee };
                        fee_words(fee)()
                    }}
                </dd>
            </div>
            {amenities
                .map(|a| {
                    view! {
                        <div class="changes__row">
                            <dt>{tr("设施", "Amenities")}</dt>
                            <dd>{a}</dd>
                        </div>
                    }
                })}
        </dl>
        <p class="form__hint" data-testid="confirm-payment">
            {paying}
        </p>
        {(!waived.is_empty() && fee > 0).then(|| view! { <WaiverChoice waived group /> })}
        {move || match standing.get() {
            None => {
                view! {
                    <a href=sign_in_link(stall_id) class="weui-btn weui-btn_primary" data-testid="sign-in-to-book">
                        {tr("登录后预约", "Sign in to book")}
                    </a>
                }
                    .into_any()
            }
            Some(false) => {
                view! {
                    <p class="notice" data-testid="not-a-vendor">
                        {tr(
                            "预约摊位需要先登记为摊主：在“我的”页面填写姓名和身份证号即可。",
                            "Booking a stall needs you registered as a vendor: add your name and ID number on your page.",
                        )}
                    </p>
                    <a href="/me#vendor" class="weui-btn weui-btn_default" data-testid="become-vendor">
                        {tr("去登记为摊主", "Register as a vendor")}
                    </a>
                }
                    .into_any()
            }
            Some(true) => {
                view! {
                    <BusyButton
                        pending=book.pending()
                        label=tr("预约", "Book")
                        busy_label=("正在预约…", "Booking…")
                        kind="button"
                        testid="book-stall"
                        on_press=Callback::new(move |()| {
                            book.dispatch(StallBookingRequest {
                                idempotency_key: key.get_value(),
                                stall: stall_id,
                                session: session_id,
                                target_group: group.get_untracked(),
                            });
                        })
                    />
                }
                    .into_any()
            }
        }}
        <ErrorNote failure />
    }
}

/// The target groups a zone waives the fee for, to say one belongs to (proof is checked at the
/// market, so the choice is the vendor's word until then).
#[component]
fn WaiverChoice(waived: Vec<TargetGroup>, group: RwSignal<Option<TargetGroup>>) -> impl IntoView {
    view! {
        <WaiverGroupChoice
            id="waiver-group"
            class="stall-select"
            label_words=(
                "属于以下群体可免摊位费（签到时核验证明）",
                "No fee for these groups (proof checked at the market)",
            )
            waived
            group
        />
    }
}

/// A lottery zone's draws for a session: apply before the cutoff, or see the outcome.
#[component]
fn Lotteries(notices: Vec<LotteryNotice>) -> impl IntoView {
    if notices.is_empty() {
        return view! { <p class="notice">{tr("这一场还没有摇号。", "There is no lottery for this session yet.")}</p> }
            .into_any();
    }
    notices.into_iter().map(|notice| view! { <LotteryCard notice /> }).collect_view().into_any()
}

#[component]
fn LotteryCard(notice: LotteryNotice) -> impl IntoView {
    let session = use_session();
    let LotteryNotice { id, cutoff, drawn, .. } = notice;
    let group = RwSignal::new(String::new());
    let key = StoredValue::new(submission_key());
    let apply = Action::new_local(move |request: &LotteryApplication| {
        let request = request.clone();
        async move { session.call(&endpoints::ApplyForLottery {}, &request).await }
    });
    let failure = Signal::derive(move || apply.value().get().and_then(Result::err));
    let applied = Signal::derive(move || apply.value().get().and_then(Result::ok));
    let standing = Memo::new(move |_| session.me().map(|me| me.has_any(&[Role::Vendor])));
    let select_id = format!("lottery-{id}-group");
    view! {
        <div class="stall-confirm" data-testid="lottery" data-lottery=id>
            <p>
                {if drawn {
                    either(
                        format!("摇号已开奖（报名截止 {cutoff}）。"),
                        format!("Drawn (applications closed {cutoff})."),
                    )
                } else {
                    either(
                        format!("摇号分配：{cutoff} 前报名，截止后开奖。"),
                        format!("Given by lottery: apply before {cutoff}; drawn after."),
                    )
                }}
            </p>
            <a class="link" href=format!("/stalls/lotteries/{id}") data-testid="to-lottery">
                {tr("查看摇号公示与结果", "See the lottery, in public")}
            </a>
            {(!drawn)
                .then(|| {
                    view! {
                        {move || match (standing.get(), applied.get()) {
                            (_, Some(entry)) => {
                                view! {
                                    <p class="form__ok" role="status" data-testid="applied">
                                        {either(
                                            format!("已报名，权重 {}。", entry.weight),
                                            format!("You have applied, weight {}.", entry.weight),
                                        )}
                                        " "
                                        <a href="/me/stalls">{tr("我的摊位", "My stalls")}</a>
                                    </p>
                                }
                                    .into_any()
                            }
                            (None, None) => {
                                view! {
                                    <a
                                        href=format!(
                                            "/sign-in?next={}",
                                            encode_segment(&window().location().pathname().unwrap_or_default()),
                                        )
                                        class="weui-btn weui-btn_primary"
                                    >
                                        {tr("登录后报名", "Sign in to apply")}
                                    </a>
                                }
                                    .into_any()
                            }
                            (Some(false), None) => {
                                view! {
                                    <a href="/me#vendor" class="weui-btn weui-btn_default">
                                        {tr("先登记为摊主才能报名", "Register as a vendor to apply")}
                                    </a>
                                }
                                    .into_any()
                            }
                            (Some(true), None) => {
                                let select_id = select_id.clone();
                                view! {
                                    <label class="form__label" for=select_id.clone()>
                                        {tr(
                                            "重点群体（可选，开市签到时核验证明）",
                                            "Priority group (optional, proof checked at the market)",
                                        )}
                                    </label>
                                    <select
                                        id=select_id
                                        class="stall-select"
                                        data-testid="target-group"
                                        on:change=move |ev| group.set(event_target_value(&ev))
                                    >
                                        <option value="">{tr("不属于以下群体", "None of these")}</option>
                                        {TargetGroup::ALL
                                            .iter()
                                            .map(|g| view! { <option value=g.as_str()>{label(g.label())}</option> })
                                            .collect_view()}
                                    </select>
                                    <BusyButton
                                        pending=apply.pending()
                                        label=tr("报名摇号", "Apply")
                                        busy_label=("正在报名…", "Applying…")
                                        kind="button"
                                        testid="apply-lottery"
                                        on_press=Callback::new(move |()| {
                                            apply
                                                .dispatch(LotteryApplication {
                                                    idempotency_key: key.get_value(),
                                                    lottery: id,
                                                    target_group: TargetGroup::parse(&group.get_untracked()),
                                                });
                                        })
                                    />
                                }
                                    .into_any()
                            }
                        }}
                        <ErrorNote failure />
                    }
                })}
        </div>
    }
}
