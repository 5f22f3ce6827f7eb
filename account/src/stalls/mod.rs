//! Stall booking on the vendor's phone: `/stalls` lists the markets, `/stalls/{market}` is a
//! market's day (book a free stall, or apply for a lottery zone's draw), `/me/stalls` holds my
//! bookings with their QR passes and my lottery applications, and `/stalls/lotteries/{id}`
//! shows a lottery in public, with a button that re-runs its draw on the phone.

use getima_domain::api::{
    LotteryApplication, LotteryNotice, MarketDay, SessionSlots, StallBooking, StallBookingRequest, StallSlot, Zone,
    encode_segment, endpoints,
};
use getima_domain::calendar::{Date, add_days, parse_date};
use getima_domain::people::Role;
use getima_domain::stalls::{AllocationMode, Amenity, TargetGroup, ZoneKind, ZoneRules};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading};
use getima_ui::forms::submission_key;
use getima_ui::links::query;
use getima_ui::prefs::{Lang, either, fee_words, label, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

mod declaration;
mod lottery;
mod mine;

pub use lottery::StallLotteryPage;
pub use mine::MyStallsPage;

/// Days a vendor can pick on a market's page: today and the six after it.
const DAYS_SHOWN: i64 = 7;

use getima_ui::china::today;

#[component]
pub fn StallMarketsPage() -> impl IntoView {
    let markets = LocalResource::new(|| api::call(&endpoints::ListStallMarkets {}, &()));
    view! {
        <main class="page">
            <Bar title=tr("摊位预约", "Book a stall") />
            <p class="intro">
                {tr(
                    "选择市场，查看每天的摊位并预约。公益摊位（自产自销、平价、共富）优先照顾有需要的摊主。",
                    "Pick a market to see its stalls day by day and book one. Public-interest stalls (own produce, fair price, common prosperity) favour vendors who need them.",
                )}
            </p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match markets.await {
                        Ok(list) => {
                            view! {
                                <nav class="stall-markets" data-testid="stall-markets">
                                    {list
                                        .markets
                                        .into_iter()
                                        .map(|market| {
                                            view! {
                                                <a
                                                    class="stall-market"
                                                    href=format!("/stalls/{}", market.id)
                                                    data-testid="stall-market"
                                                >
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
                                .into_any()
                        }
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <MyStallsLink />
            <Footer />
        </main>
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
                format!("Opens for booking {window_days} days ahead")
            },
            format!("At most {per_session} stall(s) a person each session, {per_week} session(s) a week"),
            format!("Cancel up to {cancel_hours} hours before it starts"),
            format!("{no_show_limit} no-shows within {no_show_days} days stop booking for {suspension_days} days"),
        ]
    } else {
        vec![
            if window_days == 0 {
                "只能当天预约".to_string()
            } else {
                format!("提前 {window_days} 天开放预约")
            },
            format!("每人每场最多 {per_session} 个摊位，每周最多 {per_week} 场"),
            format!("开市前 {cancel_hours} 小时之前可以取消"),
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

/// The stall picked on the grid, with the session it is for.
#[derive(Clone, PartialEq)]
struct Picked {
    stall: StallSlot,
    session: i64,
    when: String,
    zone: String,
    /// The target groups the zone waives the fee for.
    waived: Vec<TargetGroup>,
}

#[component]
pub fn MarketStallsPage(market: String) -> impl IntoView {
    let Ok(market) = market.parse::<i64>() else {
        return view! { <getima_ui::chrome::NotFound /> }.into_any();
    };
    let today = today();
    let day = query("date").as_deref().and_then(parse_date).unwrap_or(today);
    let booked = RwSignal::new(None::<StallBooking>);
    let grid =
        LocalResource::new(move || async move { api::call(&endpoints::GetMarketDay { market, date: day }, &()).await });
    let reload = Callback::new(move |()| grid.refetch());
    view! {
        <main class="page">
            <Bar title=tr("选摊位", "Pick a stall") />
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
            {move || booked.get().map(|booking| view! { <BookedNote booking /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match grid.await {
                        Ok(found) => view! { <Day found booked reload /> }.into_any(),
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <MyStallsLink />
            <Footer />
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

/// Said once a stall is booked, at the top where the eye returns, with the way to its pass.
#[component]
fn BookedNote(booking: StallBooking) -> impl IntoView {
    view! {
        <div class="notice notice--ok" role="status" data-testid="booked">
            <p>
                {either(
                    format!(
                        "已预约 {} 号摊位（{} {}–{}）。",
                        booking.stall_number,
                        booking.day,
                        booking.starts,
                        booking.ends,
                    ),
                    format!(
                        "Stall {} is booked ({} {}–{}).",
                        booking.stall_number,
                        booking.day,
                        booking.starts,
                        booking.ends,
                    ),
                )}
            </p>
            <a href="/me/stalls" class="weui-btn weui-btn_primary" data-testid="to-pass">
                {tr("查看预约码", "Show my pass")}
            </a>
        </div>
    }
}

#[component]
fn Day(found: MarketDay, booked: RwSignal<Option<StallBooking>>, reload: Callback<()>) -> impl IntoView {
    let MarketDay { market, market_name, date, zones, sessions, lotteries } = found;
    let picked = RwSignal::new(None::<Picked>);
    // A stall's printed QR leads here with the stall chosen: open it at once.
    let wanted = query("stall").and_then(|s| s.parse::<i64>().ok());
    if let Some((session, stall)) = wanted.and_then(|wanted| {
        sessions.iter().find_map(|s| s.stalls.iter().find(|t| t.id == wanted).map(|t| (s, t.clone())))
    }) && let Some(zone) = zones.iter().find(|z| z.id == stall.zone)
    {
        picked.set(Some(Picked {
            stall,
            session: session.id,
            when: format!("{}–{}", session.starts, session.ends),
            zone: zone.name.clone(),
            waived: zone.rules.fee_waived_for.clone(),
        }));
    }
    let empty = sessions.is_empty();
    let own_produce = zones.iter().any(|z| z.kind == ZoneKind::SelfProduced);
    view! {
        <section class="shop">
            <h1 data-testid="market-name">{market_name}</h1>
            <p class="shop__trade">{date.clone()}</p>
        </section>
        {own_produce.then(|| view! { <declaration::ProducerDeclaration market /> })}
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
        {sessions
            .into_iter()
            .map(|session| {
                let zones = zones.clone();
                let lotteries = lotteries.clone();
                view! { <Session session zones lotteries date=date.clone() picked booked reload /> }
            })
            .collect_view()}
    }
}

#[component]
fn Session(
    session: SessionSlots,
    zones: Vec<Zone>,
    lotteries: Vec<LotteryNotice>,
    date: String,
    picked: RwSignal<Option<Picked>>,
    booked: RwSignal<Option<StallBooking>>,
    reload: Callback<()>,
) -> impl IntoView {
    let when = format!("{}–{}", session.starts, session.ends);
    let lang = use_prefs().lang;
    view! {
        <h2 class="weui-cells__title session-title" data-testid="session">
            {tr("开市时间 ", "Open ")}
            {when.clone()}
        </h2>
        {zones
            .into_iter()
            .map(|zone| {
                let stalls: Vec<StallSlot> = session.stalls.iter().filter(|s| s.zone == zone.id).cloned().collect();
                let notices: Vec<LotteryNotice> = lotteries
                    .iter()
                    .filter(|l| l.zone == zone.id && l.session == session.id)
                    .cloned()
                    .collect();
                let rules = zone.rules.clone();
                let waived = zone.rules.fee_waived_for.clone();
                let free = stalls.iter().filter(|s| s.free).count();
                let total = stalls.len();
                let by_lottery = zone.mode == AllocationMode::Lottery;
                let (zone_id, zone_name, session_id) = (zone.id, zone.name.clone(), session.id);
                let (when, date) = (when.clone(), date.clone());
                view! {
                    <section class="zone" data-testid="zone" data-zone=zone.name.clone() data-session=session.id>
                        <h3>{zone.name.clone()}</h3>
                        <p class="badges">
                            <span class="badge">{label(zone.kind.label())}</span>
                            <span class="badge">{label(zone.mode.label())}</span>
                            <span class="shop__trade">
                                {move || {
                                    if lang.get() == Lang::En {
                                        format!("{free} of {total} free")
                                    } else {
                                        format!("空闲 {free} / {total}")
                                    }
                                }}
                            </span>
                        </p>
                        <ul class="zone__rules">
                            {move || {
                                rules_in_words(&rules, lang.get())
                                    .into_iter()
                                    .map(|line| view! { <li>{line}</li> })
                                    .collect_view()
                            }}
                        </ul>
                        {if by_lottery {
                            view! { <Lotteries notices /> }.into_any()
                        } else {
                            view! {
                                <StallGrid stalls session=session_id when=when zone=zone_name waived picked />
                                {move || {
                                    picked
                                        .get()
                                        .filter(|p| p.session == session_id && p.stall.zone == zone_id)
                                        .map(|p| view! { <ConfirmBooking picked=p date=date.clone() booked reload /> })
                                }}
                            }
                                .into_any()
                        }}
                    </section>
                }
            })
            .collect_view()}
    }
}

#[component]
fn StallGrid(
    stalls: Vec<StallSlot>,
    session: i64,
    when: String,
    zone: String,
    waived: Vec<TargetGroup>,
    picked: RwSignal<Option<Picked>>,
) -> impl IntoView {
    view! {
        <div class="stall-grid" data-testid="stall-grid">
            {stalls
                .into_iter()
                .map(|stall| {
                    let (id, free) = (stall.id, stall.free);
                    let chosen = move || {
                        picked.with(|p| p.as_ref().is_some_and(|p| p.session == session && p.stall.id == id))
                    };
                    let pick = Picked {
                        stall: stall.clone(),
                        session,
                        when: when.clone(),
                        zone: zone.clone(),
                        waived: waived.clone(),
                    };
                    view! {
                        <button
                            type="button"
                            class="stall"
                            class:stall--taken=!free
                            disabled=!free
                            aria-pressed=move || chosen().to_string()
                            data-testid="stall"
                            data-stall=id
                            data-free=free.to_string()
                            on:click=move |_| picked.set(Some(pick.clone()))
                        >
                            <b>{stall.number.clone()}</b>
                            <span>{fee_words(stall.fee_fen)}</span>
                            <span class="stall__state">
                                {if free { tr("✓ 空闲", "✓ Free") } else { tr("✕ 已约", "✕ Taken") }}
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

#[component]
fn ConfirmBooking(
    picked: Picked,
    date: String,
    booked: RwSignal<Option<StallBooking>>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let Picked { stall, session: session_id, when, zone, waived } = picked;
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
            // The news and the way to the pass are at the top of the page.
            window().scroll_to_with_x_and_y(0.0, 0.0);
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
    view! {
        <div
            class="stall-confirm"
            data-testid="stall-confirm"
            role="region"
            aria-label=tr("确认预约", "Confirm booking")
        >
            <h4>{tr("预约这个摊位？", "Book this stall?")}</h4>
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
                            let fee = if group.get().is_some() { 0 } else { stall.fee_fen };
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
            {(!waived.is_empty() && stall.fee_fen > 0).then(|| view! { <WaiverChoice waived group /> })}
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
                        <a href="/me" class="weui-btn weui-btn_default" data-testid="become-vendor">
                            {tr("去登记为摊主", "Register as a vendor")}
                        </a>
                    }
                        .into_any()
                }
                Some(true) => {
                    view! {
                        <button
                            type="button"
                            class="weui-btn weui-btn_primary"
                            data-testid="book-stall"
                            disabled=move || book.pending().get()
                            aria-busy=move || book.pending().get().to_string()
                            on:click=move |_| {
                                book.dispatch(StallBookingRequest {
                                    idempotency_key: key.get_value(),
                                    stall: stall_id,
                                    session: session_id,
                                    target_group: group.get_untracked(),
                                });
                            }
                        >
                            {move || {
                                if book.pending().get() {
                                    tr("正在预约…", "Booking…")()
                                } else {
                                    tr("预约", "Book")()
                                }
                            }}
                        </button>
                    }
                        .into_any()
                }
            }}
            <ErrorNote failure />
        </div>
    }
}

/// The target groups a zone waives the fee for, to say one belongs to (proof is checked at the
/// market, so the choice is the vendor's word until then).
#[component]
fn WaiverChoice(waived: Vec<TargetGroup>, group: RwSignal<Option<TargetGroup>>) -> impl IntoView {
    view! {
        <label class="form__label" for="waiver-group">
            {tr(
                "属于以下群体可免摊位费（签到时核验证明）",
                "No fee for these groups (proof checked at the market)",
            )}
        </label>
        <select
            id="waiver-group"
            class="stall-select"
            data-testid="waiver-group"
            on:change=move |ev| group.set(TargetGroup::parse(&event_target_value(&ev)))
        >
            <option value="">{tr("不属于以下群体", "None of these")}</option>
            {waived.into_iter().map(|g| view! { <option value=g.as_str()>{label(g.label())}</option> }).collect_view()}
        </select>
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
                                    <a href="/me" class="weui-btn weui-btn_default">
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
                                    <button
                                        type="button"
                                        class="weui-btn weui-btn_primary"
                                        data-testid="apply-lottery"
                                        disabled=move || apply.pending().get()
                                        aria-busy=move || apply.pending().get().to_string()
                                        on:click=move |_| {
                                            apply
                                                .dispatch(LotteryApplication {
                                                    idempotency_key: key.get_value(),
                                                    lottery: id,
                                                    target_group: TargetGroup::parse(&group.get_untracked()),
                                                });
                                        }
                                    >
                                        {move || {
                                            if apply.pending().get() {
                                                tr("正在报名…", "Applying…")()
                                            } else {
                                                tr("报名摇号", "Apply")()
                                            }
                                        }}
                                    </button>
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
