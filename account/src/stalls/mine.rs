//! `/me/stalls`: my bookings, soonest first, each with its QR pass (and its code to read out),
//! when to check in and how to pay, and a two-tap cancel offered only until its deadline; and
//! my lottery applications with how they ended.

use getima_domain::api::{MyLotteryEntry, MyStallBookings, StallBooking, endpoints};
use getima_domain::stalls::{BookingStatus, how_to_pay, moment};
use getima_ui::api::Failure;
use getima_ui::chrome::{ErrorNote, Loading, Page, SignedIn};
use getima_ui::forms::BusyButton;
use getima_ui::lists::StatusBadge;
use getima_ui::prefs::{either, fee_words, label, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn MyStallsPage() -> impl IntoView {
    view! {
        <Page>
            <SignedIn>
                <MyStalls />
            </SignedIn>
            <div class="actions">
                <a href="/stalls" class="weui-btn weui-btn_default" data-testid="to-stalls">
                    {tr("预约摊位", "Book a stall")}
                </a>
            </div>
        </Page>
    }
}

/// My bookings and lottery entries (`reload` after a step on one), each with a note when
/// there are none.
pub fn my_stalls(mine: MyStallBookings, reload: Callback<()>) -> AnyView {
    let none = mine.bookings.is_empty();
    view! {
        <div class="weui-cells__title">{tr("我的预约", "My bookings")}</div>
        {none
            .then(|| {
                view! {
                    <p class="notice" data-testid="no-bookings">
                        {tr("还没有预约摊位。", "No stall bookings yet.")}
                    </p>
                }
            })}
        {mine.bookings.into_iter().map(|booking| view! { <BookingCard booking reload /> }).collect_view()}
        <div class="weui-cells__title">{tr("我的摇号报名", "My lottery applications")}</div>
        {if mine.lottery_entries.is_empty() {
            view! {
                <p class="notice" data-testid="no-entries">
                    {tr("还没有报名摇号。", "No lottery applications yet.")}
                </p>
            }
                .into_any()
        } else {
            mine.lottery_entries.into_iter().map(|entry| view! { <EntryCard entry /> }).collect_view().into_any()
        }}
    }
    .into_any()
}

#[component]
fn MyStalls() -> impl IntoView {
    let session = use_session();
    let mine = LocalResource::new(move || async move { session.call(&endpoints::ListMyStallBookings {}, &()).await });
    let reload = Callback::new(move |()| mine.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(mine) => my_stalls(mine, reload),
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookingCard(booking: StallBooking, reload: Callback<()>) -> impl IntoView {
    let StallBooking {
        id,
        status,
        market_name,
        zone_name,
        stall_number,
        day,
        starts,
        ends,
        fee_fen,
        waived_for,
        fee_payment,
        cancel_until,
        cancellable,
        check_in_from,
        check_in_until,
        code,
        ..
    } = booking;
    let live = status == BookingStatus::Booked;
    // Offered while the server said it may be cancelled and, on a page left open, until the
    // deadline passes on the server's clock as this page last heard it.
    let before_deadline = moment(&getima_ui::china::this_minute()) < moment(&cancel_until);
    let cancellable = cancellable && before_deadline;
    let (pay_zh, pay_en) = how_to_pay(fee_fen, fee_payment);
    // Check-in runs into the next day only when a late session's grace does.
    let check_in_until = match check_in_until.split_once(' ') {
        Some((day, time)) if check_in_from.starts_with(day) => time.to_string(),
        _ => check_in_until,
    };
    view! {
        <section
            class="application"
            id=format!("booking-{id}")
            data-testid="booking"
            data-booking=id
            data-status=status.as_str()
        >
            <h2>{market_name} " · " {stall_number.clone()} {tr(" 号摊位", "")}</h2>
            <p class="shop__trade">{zone_name} " · " {day} " " {starts} "–" {ends} " · " {fee_words(fee_fen)}</p>
            {waived_for
                .map(|group| {
                    view! {
                        <p class="form__hint" data-testid="waived">
                            {tr("免摊位费：", "Fee waived: ")}
                            {label(group.label())}
                            {tr("（签到时请出示证明）", " (show your proof at check-in)")}
                        </p>
                    }
                })}
            <p>
                <StatusBadge kind=status.as_str() label=status.label() />
            </p>
            {live
                .then(|| {
                    view! {
                        <p class="booking__when" data-testid="check-in-window">
                            {either(
                                format!("签到时间：{check_in_from} 至 {check_in_until}"),
                                format!("Check in between {check_in_from} and {check_in_until}"),
                            )}
                        </p>
                        <p class="booking__pay" data-testid="how-to-pay">
                            {either(pay_zh, pay_en)}
                        </p>
                        <Pass booking=id code />
                        {if cancellable {
                            view! { <Cancel booking=id stall=stall_number cancel_until reload /> }.into_any()
                        } else {
                            view! {
                                <p class="shop__trade" data-testid="cancel-closed">
                                    {either(
                                        format!(
                                            "取消时限已过（{cancel_until}），不能再取消；不能来请告诉市场管理员。",
                                        ),
                                        format!(
                                            "The time to cancel ended at {cancel_until}; if you cannot come, tell the market's manager.",
                                        ),
                                    )}
                                </p>
                            }
                                .into_any()
                        }}
                    }
                })}
        </section>
    }
}

/// The booking's QR, large enough for the manager's phone to read off this one, and its code
/// to read out or type when it cannot be scanned.
#[component]
fn Pass(booking: i64, code: String) -> impl IntoView {
    let session = use_session();
    let image =
        LocalResource::new(move || async move { session.image_url(&endpoints::GetBookingPass { booking }).await });
    view! {
        <figure class="pass" data-testid="pass">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match image.await {
                        Ok(url) => {
                            view! {
                                <img
                                    src=url.as_str().to_string()
                                    alt=tr(
                                        "预约码，开市时给管理员扫",
                                        "Booking pass, for the manager to scan",
                                    )
                                    data-testid="pass-qr"
                                />
                            }
                                .into_any()
                        }
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <figcaption>
                {tr(
                    "到市场后出示此码签到。扫不了时，把这个编号告诉管理员：",
                    "Show this at the market to check in. If it will not scan, tell the manager this code: ",
                )} <b class="pass__code mono" data-testid="pass-code">
                    {code}
                </b>
            </figcaption>
        </figure>
    }
}

/// Cancelling takes two taps: the first says until when it may be cancelled, the second does it.
#[component]
fn Cancel(booking: i64, stall: String, cancel_until: String, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let asking = RwSignal::new(false);
    let cancel = Action::new_local(move |&(): &()| async move {
        session.call(&endpoints::CancelStallBooking { booking }, &()).await?;
        reload.run(());
        Ok::<(), Failure>(())
    });
    let failure = Signal::derive(move || cancel.value().get().and_then(Result::err));
    view! {
        <p class="shop__trade" id=format!("cancel-until-{booking}") data-testid="cancel-until">
            {either(format!("{cancel_until} 前可以取消"), format!("You can cancel until {cancel_until}"))}
        </p>
        {move || {
            if asking.get() {
                view! {
                    <p class="notice" role="alert">
                        {either(
                            format!("确定取消 {stall} 号摊位吗？取消后别人可以预约。"),
                            format!("Cancel stall {stall}? Others can then book it."),
                        )}
                    </p>
                    <BusyButton
                        pending=cancel.pending()
                        label=tr("确定取消", "Yes, cancel it")
                        busy_label=("正在取消…", "Cancelling…")
                        class="weui-btn weui-btn_default btn--danger"
                        kind="button"
                        testid="confirm-cancel"
                        on_press=Callback::new(move |()| {
                            cancel.dispatch(());
                        })
                    />
                    <button type="button" class="weui-btn weui-btn_default" on:click=move |_| asking.set(false)>
                        {tr("不取消", "Keep it")}
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="weui-btn weui-btn_default"
                        data-testid="cancel-booking"
                        aria-describedby=format!("cancel-until-{booking}")
                        on:click=move |_| asking.set(true)
                    >
                        {tr("取消预约", "Cancel booking")}
                    </button>
                }
                    .into_any()
            }
        }}
        <ErrorNote failure />
    }
}

#[component]
fn EntryCard(entry: MyLotteryEntry) -> impl IntoView {
    let MyLotteryEntry { lottery, market_name, zone_name, day, starts, cutoff, weight, drawn, won_stall, .. } = entry;
    let outcome = match (drawn, won_stall) {
        (false, _) => {
            either(format!("尚未开奖（{cutoff} 截止报名）"), format!("Not drawn yet (applications close {cutoff})"))
        }
        (true, Some(stall)) => either(format!("中签：{stall} 号摊位"), format!("Won: stall {stall}")),
        (true, None) => either("未中签".to_string(), "Not won".to_string()),
    };
    view! {
        <section class="application" data-testid="lottery-entry" data-lottery=lottery>
            <h2>{market_name} " · " {zone_name}</h2>
            <p class="shop__trade">
                {day} " " {starts} " · " {either(format!("权重 {weight}"), format!("weight {weight}"))}
            </p>
            <p class="entry__outcome" data-testid="entry-outcome">
                <b>{outcome}</b>
            </p>
            <a class="link" href=format!("/stalls/lotteries/{lottery}")>
                {tr("查看摇号公示", "See the lottery")}
            </a>
        </section>
    }
}
