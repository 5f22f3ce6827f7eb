//! Stall lotteries through the real local server: the seed's hash public from the start,
//! applications until the cutoff, a draw that anyone re-runs from what is published to the
//! same winners, a seed that is not the committed one refused, and five draws fired at once
//! booking each winner once.

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::at_once;
use crate::stalls::{NIGHT, book, market_day, mine, today, vendor};
use crate::{Ctx, NamedTest};
use getima_domain::api::{ErrorKind, Lottery, MyLotteryEntry, MyStallBookings, SessionsCreated};
use getima_domain::calendar::add_days;
use getima_domain::people::Role;
use getima_domain::stalls::{LotteryEntry, TargetGroup, draw, reveals};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[(
    "lotteries::a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused",
    a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused,
)];

const NIGHT_MANAGER: &str = "13900000006";
/// The night market's common-prosperity zone: ten stalls, by lottery.
const COMMON_PROSPERITY: i64 = 4;

/// China time now plus `minutes`, as a cutoff is written.
fn minutes_from_now(minutes: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    let stamp = getima_domain::calendar::china_timestamp(now.as_millis() as i64 + minutes * 60_000);
    stamp[..16].to_string()
}

fn a_draw_after_the_cutoff_is_re_run_by_anyone_to_the_same_winners_and_a_different_seed_is_refused(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    // A session of its own (no other opens at 16:00), within the zone's two-week window.
    let day = add_days(today(), 12);
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
        open(json!({ "zone": 5, "session": session, "cutoff": minutes_from_now(1), "priority_weight": 2 }));
    assert_eq!(expect_error(instant_zone, 400, ErrorKind::InvalidBody).fields[0].field, "zone");
    // The cutoff is the next minute but one: applications have at least a minute.
    let cutoff = minutes_from_now(2);
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
    while minutes_from_now(0) < cutoff {
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
    assert_eq!(draw(&seed, &entries_out, published.places as usize), winners);
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
