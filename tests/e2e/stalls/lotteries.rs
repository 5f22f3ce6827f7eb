//! Stall lotteries through the real local server: the seed's hash public from the start,
//! applications until the cutoff, a draw that anyone re-runs from what is published to the
//! same winners, a seed that is not the committed one refused, and five draws fired at once
//! booking each winner once.

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::at_once;
use crate::browser::{click, element, keep_screenshot, run, text};
use crate::stalls::{NIGHT, Soon, book, book_a_free_stall, market_day, mine, open_session, today, vendor, wait_until};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{
    DrawCheck, ErrorKind, Lottery, MyLotteryEntry, MyStallBookings, SessionsCreated, StallBooking,
};
use getima_domain::calendar::add_days;
use getima_domain::stalls::{LotteryEntry, SkipReason, TargetGroup, draw, rank, reveals};
use getima_e2e::phone::{PHONE_UA, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "lotteries::a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused",
        a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused,
    ),
    (
        "lotteries::a_draw_passes_over_a_vendor_suspended_or_over_the_weekly_limit_and_gives_the_stall_to_the_next_entry",
        a_draw_passes_over_a_vendor_suspended_or_over_the_weekly_limit_and_gives_the_stall_to_the_next_entry,
    ),
];

const NIGHT_MANAGER: &str = "13900000006";
/// The night market's common-prosperity zone: ten stalls, by lottery.
const COMMON_PROSPERITY: i64 = 4;

/// China time now plus `minutes`, as a cutoff is written.
fn minutes_from_now(ctx: &Ctx, minutes: i64) -> String {
    getima_domain::calendar::china_timestamp(crate::stalls::now_ms(ctx) + minutes * 60_000)[..16].to_string()
}

fn a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    // A session of its own (no other opens at 16:00), within the zone's two-week window.
    let day = add_days(today(ctx), 12);
    let plan = json!({ "from": day.to_string(), "to": day.to_string(), "weekdays": [day.weekday().number_from_monday()],
                       "starts": "16:00", "ends": "22:00" });
    let opened: SessionsCreated =
        post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/sessions"), plan).json().expect("opened");
    assert_eq!(opened.created, [day.to_string()]);
    let session = market_day(ctx, NIGHT, day).sessions.iter().find(|s| s.starts == "16:00").expect("the session").id;

    let open = |body: serde_json::Value| post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/lotteries"), body);
    let bad =
        open(json!({ "zone": COMMON_PROSPERITY, "session": session, "cutoff": "tomorrow", "priority_weight": 9 }));
    let fields: Vec<String> =
        expect_error(bad, 400, ErrorKind::InvalidBody).fields.into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["cutoff", "priority_weight"]);
    let instant_zone =
        open(json!({ "zone": 5, "session": session, "cutoff": minutes_from_now(ctx, 1), "priority_weight": 2 }));
    assert_eq!(expect_error(instant_zone, 400, ErrorKind::InvalidBody).fields[0].field, "zone");
    // The cutoff is the next minute but one: applications have at least a minute.
    let cutoff = minutes_from_now(ctx, 2);
    let lottery: Lottery =
        open(json!({ "zone": COMMON_PROSPERITY, "session": session, "cutoff": cutoff, "priority_weight": 3 }))
            .json()
            .expect("opened");
    assert!(lottery.seed.is_none() && lottery.commitment.len() == 64, "only the hash is public: {lottery:?}");
    assert_eq!(lottery.places, 10);
    let twice = open(json!({ "zone": COMMON_PROSPERITY, "session": session, "cutoff": cutoff, "priority_weight": 3 }));
    expect_error(twice, 409, ErrorKind::AlreadyExists);
    let path = format!("/api/stall-lotteries/{}", lottery.id);
    let draw_path = format!("/api/markets/{NIGHT}/lotteries/{}/draw", lottery.id);
    let early = expect_error(post_as(ctx, &manager, &draw_path, json!(null)), 409, ErrorKind::NotNow);
    assert!(early.message_zh.contains("截止后"), "{early:?}");

    // Twelve farmers apply for ten stalls; every third is of a target group and holds three tickets.
    let farmers: Vec<String> = (0..12).map(|n| vendor(ctx, &format!("136555002{:02}", 70 + n), 270 + n)).collect();
    let apply = |token: &str, key: &str, group: Option<TargetGroup>| {
        post_as(
            ctx,
            token,
            "/api/me/lottery-entries",
            json!({ "idempotency_key": key, "lottery": lottery.id, "target_group": group }),
        )
    };
    let entries: Vec<MyLotteryEntry> = at_once(12, |n| {
        let group = (n % 3 == 0).then_some(TargetGroup::LowIncome);
        apply(&farmers[n], &format!("lottery-apply-{n:06}"), group).json().expect("applied")
    });
    assert!(entries.iter().enumerate().all(|(n, e)| e.weight == if n % 3 == 0 { 3 } else { 1 }), "{entries:?}");
    let retried: MyLotteryEntry = apply(&farmers[0], "lottery-apply-000000", None).json().expect("the same entry");
    assert_eq!(retried.entry, entries[0].entry, "a retry is the same application");
    expect_error(apply(&farmers[0], "lottery-apply-another", None), 409, ErrorKind::AlreadyExists);
    let stall = market_day(ctx, NIGHT, day)
        .sessions
        .iter()
        .find(|s| s.id == session)
        .expect("session")
        .stalls
        .iter()
        .find(|s| s.zone == COMMON_PROSPERITY)
        .expect("a lottery stall")
        .id;
    let undrawn =
        expect_error(book(ctx, &farmers[1], stall, session, "lottery-book-before-draw"), 409, ErrorKind::NotNow);
    assert!(undrawn.message_zh.contains("摇号"), "{undrawn:?}");

    // After the cutoff: no more applications; five draws at once make one draw.
    while minutes_from_now(ctx, 0) < cutoff {
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
    let latecomer = ctx.session(phone(Role::Vendor, None)).access_token;
    let late = expect_error(apply(&latecomer, "lottery-apply-too-late", None), 409, ErrorKind::NotNow);
    assert!(late.message_en.contains("closed"), "{late:?}");
    let draws: Vec<Lottery> = at_once(5, |_| post_as(ctx, &manager, &draw_path, json!(null)).json().expect("drawn"));
    assert!(draws.windows(2).all(|w| w[0].winners == w[1].winners), "every draw answers with the one result");

    // Anyone re-runs it from the published seed and entries and gets the same winners.
    let published: Lottery = ctx.get(&path).json().expect("the lottery in public");
    let seed_hex = published.seed.clone().expect("the seed, revealed");
    let seed = reveals(&published.commitment, &seed_hex).expect("the seed is the one committed to");
    let entries_out: Vec<LotteryEntry> =
        published.entries.iter().map(|e| LotteryEntry { entry: e.entry, weight: e.weight }).collect();
    let winners: Vec<i64> = published.winners.iter().map(|w| w.entry).collect();
    assert_eq!(draw(&seed, &entries_out, published.places as usize), winners, "nobody passed over");
    assert!(published.entries.iter().all(|e| e.skipped.is_none()));
    assert_eq!(winners.len(), 10, "ten stalls, ten winners of twelve");
    assert!(published.entries.iter().all(|e| e.applicant.contains('*')), "names are masked");
    let mut other = seed.clone();
    other[0] ^= 1;
    assert_eq!(reveals(&published.commitment, &getima_domain::hex::encode(&other)), None, "another seed is refused");

    // Each winner holds exactly their stall; the others hold none; the zone is full.
    for (n, token) in farmers.iter().enumerate() {
        let won = published.winners.iter().find(|w| w.entry == entries[n].entry);
        let held: Vec<_> = mine(ctx, token).into_iter().filter(|b| b.session == session).collect();
        assert_eq!(held.len(), usize::from(won.is_some()), "farmer {n}");
        if let Some(won) = won {
            assert_eq!(held[0].stall_number, won.stall_number);
        }
        let mine: MyStallBookings = ctx.get_as(token, "/api/me/stall-bookings").json().expect("mine");
        let entry = mine.lottery_entries.iter().find(|e| e.lottery == lottery.id).expect("my entry");
        assert!(entry.drawn && entry.won_stall == won.map(|w| w.stall_number.clone()));
    }
    let loser = (0..12).find(|n| !winners.contains(&entries[*n].entry)).expect("two did not win");
    expect_error(book(ctx, &farmers[loser], stall, session, "lottery-book-after-draw"), 409, ErrorKind::StallTaken);
}

fn a_draw_passes_over_a_vendor_suspended_or_over_the_weekly_limit_and_gives_the_stall_to_the_next_entry(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let [weekly, suspended] = [("13655500810", 810), ("13655500811", 811)].map(|(phone, n)| vendor(ctx, phone, n));
    let others: Vec<String> = (812..822).map(|n| vendor(ctx, &format!("13655500{n}"), n)).collect();

    // Four sessions of one day nine days on (one week), each with a lottery of its own.
    let day = add_days(today(ctx), 9);
    let weekday = day.weekday().number_from_monday();
    let sessions: Vec<i64> = ["05:11", "05:12", "05:13", "05:14"]
        .iter()
        .map(|starts| {
            let plan = json!({ "from": day.to_string(), "to": day.to_string(), "weekdays": [weekday],
                               "starts": starts, "ends": "07:00" });
            assert_eq!(post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/sessions"), plan).status(), 201);
            market_day(ctx, NIGHT, day).sessions.iter().find(|s| s.starts == *starts).expect("the session").id
        })
        .collect();
    let cutoff = minutes_from_now(ctx, 4);
    let lotteries: Vec<Lottery> = sessions
        .iter()
        .map(|session| {
            let body = json!({ "zone": COMMON_PROSPERITY, "session": session, "cutoff": cutoff, "priority_weight": 5 });
            post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/lotteries"), body).json().expect("opened")
        })
        .collect();
    let apply = |token: &str, lottery: i64, key: &str, group: Option<TargetGroup>| -> MyLotteryEntry {
        let body = json!({ "idempotency_key": key, "lottery": lottery, "target_group": group });
        post_as(ctx, token, "/api/me/lottery-entries", body).json().expect("applied")
    };
    // The weekly vendor applies for all four; the last draws the two of them, at five tickets
    // each, and ten others.
    let low_income = Some(TargetGroup::LowIncome);
    let weekly_entries: Vec<MyLotteryEntry> = lotteries
        .iter()
        .enumerate()
        .map(|(n, lottery)| apply(&weekly, lottery.id, &format!("lottery-skip-weekly-{n:04}"), low_income))
        .collect();
    let last = &lotteries[3];
    let suspended_entry = apply(&suspended, last.id, "lottery-skip-suspended", low_income);
    let other_entries: Vec<i64> = others
        .iter()
        .enumerate()
        .map(|(n, token)| apply(token, last.id, &format!("lottery-skip-other-{n:04}"), None).entry)
        .collect();
    assert_eq!((weekly_entries[3].weight, suspended_entry.weight), (5, 5));

    // After applying, the suspended vendor misses three sessions of the ordinary zone, in a
    // minute or two from now: three no-shows within 30 days suspend for 14 days.
    // Each starts the minute after the one before actually started (a start at 23:59 moves to
    // 00:00), so the three are never one shared session.
    let mut starts_ms = (crate::stalls::now_ms(ctx) / 60_000 + 2) * 60_000;
    let missed: Vec<(Soon, StallBooking)> = (0..3)
        .map(|k| {
            let soon = open_session(ctx, &manager, NIGHT, starts_ms, 30);
            starts_ms = soon.starts_ms + 60_000;
            let key = format!("lottery-skip-missed-{k}");
            let booking = book_a_free_stall(ctx, &suspended, (NIGHT, soon.day, soon.id), "普通夜市区", &key);
            (soon, booking)
        })
        .collect();
    wait_until(ctx, missed[2].0.starts_ms);
    for (_, booking) in &missed {
        let path = format!("/api/markets/{NIGHT}/stall-bookings/{}/no-show", booking.id);
        assert_eq!(post_as(ctx, &manager, &path, json!(null)).status(), 200, "marked absent");
    }
    let ordinary_stall = market_day(ctx, NIGHT, day).sessions[0]
        .stalls
        .iter()
        .rev()
        .find(|s| s.zone == 5 && s.free)
        .expect("a free ordinary stall")
        .id;
    let refused = expect_error(
        book(ctx, &suspended, ordinary_stall, sessions[0], "lottery-skip-suspended-book"),
        409,
        ErrorKind::NotNow,
    );
    assert!(refused.message_zh.contains("暂停"), "suspended: {refused:?}");

    // After the cutoff, three lotteries drawn give the weekly vendor three sessions that week.
    while minutes_from_now(ctx, 0) < cutoff {
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
    let draw_it = |id: i64| -> Lottery {
        post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/lotteries/{id}/draw"), json!(null)).json().expect("drawn")
    };
    for (lottery, entry) in lotteries[..3].iter().zip(&weekly_entries) {
        let drawn = draw_it(lottery.id);
        assert_eq!(drawn.winners.iter().map(|w| w.entry).collect::<Vec<_>>(), [entry.entry]);
    }
    let that_week: Vec<StallBooking> = mine(ctx, &weekly).into_iter().filter(|b| b.day == day.to_string()).collect();
    assert_eq!(that_week.len(), 3, "three sessions that week, the zone's weekly limit");

    // The fourth draw passes over both, and every stall goes to the next entries.
    let drawn = draw_it(last.id);
    let skipped = |entry: i64| drawn.entries.iter().find(|e| e.entry == entry).and_then(|e| e.skipped);
    assert_eq!(skipped(weekly_entries[3].entry), Some(SkipReason::OverLimit), "{drawn:?}");
    assert_eq!(skipped(suspended_entry.entry), Some(SkipReason::Suspended), "{drawn:?}");
    assert!(other_entries.iter().all(|e| skipped(*e).is_none()));
    let mut winners: Vec<i64> = drawn.winners.iter().map(|w| w.entry).collect();
    winners.sort_unstable();
    assert_eq!(winners, other_entries, "the ten stalls go to the ten others");
    for token in [&weekly, &suspended] {
        assert!(mine(ctx, token).iter().all(|b| b.session != sessions[3]), "no stall for those passed over");
    }
    for token in &others {
        assert_eq!(mine(ctx, token).iter().filter(|b| b.session == sessions[3]).count(), 1);
    }

    // Re-run by anyone from what is published: the same winners, the passed-over entries named.
    let published: Lottery = ctx.get(&format!("/api/stall-lotteries/{}", last.id)).json().expect("in public");
    assert_eq!(published.check(), DrawCheck { seed_matches: true, winners_match: true });
    let seed = reveals(&published.commitment, published.seed.as_deref().expect("revealed")).expect("committed");
    let entries: Vec<LotteryEntry> =
        published.entries.iter().map(|e| LotteryEntry { entry: e.entry, weight: e.weight }).collect();
    let passed_over = |entry: i64| published.entries.iter().any(|e| e.entry == entry && e.skipped.is_some());
    let rerun = getima_domain::stalls::winners(&rank(&seed, &entries), passed_over, published.places as usize);
    assert_eq!(rerun, published.winners.iter().map(|w| w.entry).collect::<Vec<_>>());
    // On a phone, the public page names those passed over and why, and its re-run agrees.
    let url = ctx.server.url(&format!("/stalls/lotteries/{}", last.id));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&url).await.expect("page opens");
        let passed_over = text(client, "[data-testid=lottery-entries]").await;
        assert!(passed_over.contains("未给摊位：因多次未到场暂停预约"), "{passed_over}");
        assert!(passed_over.contains("未给摊位：超过每场或每周预约上限"), "{passed_over}");
        click(client, "[data-testid=rerun-draw]").await;
        let result = element(client, "[data-testid=rerun-result]", "the re-run").await;
        assert_eq!(result.attr("data-confirmed").await.expect("attr").as_deref(), Some("true"));
        keep_screenshot(client, "lottery-passed-over").await;
        phone.client.clone().close().await.expect("session closes");
    });
    let unchecked = draw(&seed, &entries, published.places as usize);
    eprintln!(
        "without the checks the draw would have given a stall to: {}",
        [("the weekly vendor", weekly_entries[3].entry), ("the suspended vendor", suspended_entry.entry)]
            .iter()
            .filter(|(_, e)| unchecked.contains(e))
            .map(|(who, _)| *who)
            .collect::<Vec<_>>()
            .join(" and ")
    );
}
