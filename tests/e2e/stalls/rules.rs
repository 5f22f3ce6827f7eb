//! A market's rules beyond first come first served, through the real local server: own-produce
//! stalls only for vendors whose producer declaration the market approved, fees waived for the
//! target groups a zone names, and stalls added to a zone in batches.

use crate::accounts::{expect_error, post_as};
use crate::attacks::at_once;
use crate::registration::applications::put_as;
use crate::stalls::{NIGHT_MANAGER, book, market_day, session_starting_soon, today, vendor};
use crate::{Ctx, NamedTest};
use getima_domain::api::{
    Declaration, ErrorKind, ManagedBooking, ManagedDeclaration, MarketDay, MarketDeclarations, MyDeclarations,
    StallBooking, StallsAdded, Zone,
};
use getima_domain::calendar::add_days;
use getima_domain::stalls::{DeclarationStatus, TargetGroup, ZoneRules};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "stall_rules::own_produce_stalls_go_only_to_vendors_whose_declaration_the_market_approved",
        own_produce_stalls_go_only_to_vendors_whose_declaration_the_market_approved,
    ),
    (
        "stall_rules::a_vendor_of_a_waived_group_books_free_and_the_manager_sees_what_to_check",
        a_vendor_of_a_waived_group_books_free_and_the_manager_sees_what_to_check,
    ),
    (
        "stall_rules::a_manager_adds_stalls_in_batches_each_number_once_however_many_arrive_together",
        a_manager_adds_stalls_in_batches_each_number_once_however_many_arrive_together,
    ),
];

const FARMERS: i64 = 1;
pub(crate) const FARMERS_MANAGER: &str = "13900000005";
/// The creative market: no other test changes it.
const CREATIVE: i64 = 3;
const CREATIVE_ORDINARY_ZONE: i64 = 6;
const ADMIN: &str = "13900000001";

fn declare(ctx: &Ctx, token: &str, market: i64, key: &str) -> reqwest::blocking::Response {
    let body = json!({ "idempotency_key": key, "market": market, "produce": "杨梅、番薯", "origin": "瓯海区泽雅镇" });
    post_as(ctx, token, "/api/me/producer-declarations", body)
}

fn decide(
    ctx: &Ctx,
    manager: &str,
    market: i64,
    declaration: i64,
    body: serde_json::Value,
) -> reqwest::blocking::Response {
    post_as(ctx, manager, &format!("/api/markets/{market}/producer-declarations/{declaration}/decision"), body)
}

/// Declares `vendor_token` a producer at the farmers' market and has its manager approve it.
pub(crate) fn approved_producer(ctx: &Ctx, vendor_token: &str, key: &str) {
    let declared: Declaration = declare(ctx, vendor_token, FARMERS, key).json().expect("declared");
    let manager = ctx.session(FARMERS_MANAGER).access_token;
    let approved = decide(ctx, &manager, FARMERS, declared.id, json!({ "approve": true }));
    assert_eq!(approved.status(), 200, "the manager approves it");
}

fn my_declarations(ctx: &Ctx, token: &str) -> Vec<Declaration> {
    ctx.get_as(token, "/api/me/producer-declarations").json::<MyDeclarations>().expect("mine").declarations
}

/// The zone called `zone` of a day and its stalls in the day's first session.
fn zone_stalls(day: &MarketDay, zone: &str) -> (Zone, i64, Vec<(i64, u32)>) {
    let zone = day.zones.iter().find(|z| z.name == zone).expect("the zone").clone();
    let session = day.sessions.first().expect("a session that day");
    let stalls = session.stalls.iter().filter(|s| s.zone == zone.id).map(|s| (s.id, s.fee_fen)).collect();
    (zone, session.id, stalls)
}

/// The body of a 201, or a failure that shows what came back instead.
fn created<T: serde::de::DeserializeOwned>(response: reqwest::blocking::Response) -> T {
    let status = response.status();
    let body = response.text().expect("a body");
    assert_eq!(status, 201, "{body}");
    serde_json::from_str(&body).expect("the created thing")
}

fn own_produce_stalls_go_only_to_vendors_whose_declaration_the_market_approved(ctx: &Ctx) {
    let carol = vendor(ctx, "13655500700", 700);
    let day = market_day(ctx, FARMERS, add_days(today(ctx), 2));
    let (_, session, stalls) = zone_stalls(&day, "自产自销区");
    // From the middle of the zone: other tests take its first and last stalls.
    let stall = stalls[stalls.len() / 2].0;
    let undeclared = expect_error(book(ctx, &carol, stall, session, "own-produce-0001"), 409, ErrorKind::NotNow);
    assert!(undeclared.message_zh.contains("自产自销声明") && undeclared.message_en.contains("declare"));

    // Every bad field named at once; markets without an own-produce zone take none.
    let blank = json!({ "idempotency_key": "x", "market": FARMERS, "produce": " ", "origin": "村".repeat(61) });
    let refused =
        expect_error(post_as(ctx, &carol, "/api/me/producer-declarations", blank), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["idempotency_key", "produce", "origin"]);
    let night = expect_error(declare(ctx, &carol, 2, "own-produce-0002"), 404, ErrorKind::NotFound);
    assert_eq!(night.fields[0].field, "market");
    expect_error(declare(ctx, &carol, 999, "own-produce-0003"), 404, ErrorKind::NotFound);
    assert!(my_declarations(ctx, &carol).is_empty(), "nothing stored");

    // Eight sends at once, each its own key: one waits for review, the rest are told so.
    let answers = at_once(8, |i| declare(ctx, &carol, FARMERS, &format!("own-produce-rush-{i:04}")).status().as_u16());
    assert_eq!(answers.iter().filter(|&&s| s == 201).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|&s| s == 201 || s == 409), "{answers:?}");
    let waiting = my_declarations(ctx, &carol);
    assert_eq!(waiting.len(), 1);
    let first = &waiting[0];
    assert_eq!((first.status, first.market, first.valid_until.as_deref()), (DeclarationStatus::Pending, FARMERS, None));
    let winner = answers.iter().position(|&s| s == 201).expect("a winner");
    let retried: Declaration =
        declare(ctx, &carol, FARMERS, &format!("own-produce-rush-{winner:04}")).json().expect("the same");
    assert_eq!(retried.id, first.id, "a retry answers with the same declaration");

    // Only this market's manager decides; a refusal says why; a decision stands.
    let night_manager = ctx.session(NIGHT_MANAGER).access_token;
    expect_error(decide(ctx, &night_manager, FARMERS, first.id, json!({ "approve": true })), 403, ErrorKind::Forbidden);
    expect_error(decide(ctx, &night_manager, 2, first.id, json!({ "approve": true })), 404, ErrorKind::NotFound);
    let manager = ctx.session(FARMERS_MANAGER).access_token;
    let listed: MarketDeclarations =
        ctx.get_as(&manager, &format!("/api/markets/{FARMERS}/producer-declarations")).json().expect("the list");
    let seen = listed.declarations.iter().find(|d| d.id == first.id).expect("the manager sees it");
    assert_eq!(seen.phone, "136****0700", "masked");
    assert!(
        listed.declarations.iter().take_while(|d| d.status == DeclarationStatus::Pending).any(|d| d.id == first.id)
    );
    let no_reason = expect_error(
        decide(ctx, &manager, FARMERS, first.id, json!({ "approve": false })),
        400,
        ErrorKind::InvalidBody,
    );
    assert_eq!(no_reason.fields[0].field, "reason");
    let reason = "产地无法核实，请补充村委证明";
    let refused: ManagedDeclaration =
        decide(ctx, &manager, FARMERS, first.id, json!({ "approve": false, "reason": reason }))
            .json()
            .expect("refused");
    assert_eq!((refused.status, refused.reason.as_deref()), (DeclarationStatus::Rejected, Some(reason)));
    expect_error(decide(ctx, &manager, FARMERS, first.id, json!({ "approve": true })), 409, ErrorKind::AlreadyExists);
    assert_eq!(my_declarations(ctx, &carol)[0].reason.as_deref(), Some(reason), "Carol reads why");
    expect_error(book(ctx, &carol, stall, session, "own-produce-0004"), 409, ErrorKind::NotNow);

    // Declared again and approved at once by five taps: approved for a year, and she books.
    let again: Declaration = declare(ctx, &carol, FARMERS, "own-produce-0005").json().expect("declared again");
    let approvals =
        at_once(5, |_| decide(ctx, &manager, FARMERS, again.id, json!({ "approve": true })).status().as_u16());
    assert!(approvals.iter().all(|&s| s == 200), "{approvals:?}");
    let approved = &my_declarations(ctx, &carol)[0];
    let a_year = add_days(today(ctx), 365).to_string();
    assert_eq!(
        (approved.status, approved.valid_until.as_deref()),
        (DeclarationStatus::Approved, Some(a_year.as_str()))
    );
    assert_eq!(book(ctx, &carol, stall, session, "own-produce-0006").status(), 201);

    // Nobody else sees her declarations.
    let dave = vendor(ctx, "13655500701", 701);
    assert!(my_declarations(ctx, &dave).is_empty());
    expect_error(book(ctx, &dave, stalls[stalls.len() / 2 + 1].0, session, "own-produce-0007"), 409, ErrorKind::NotNow);
}

fn a_vendor_of_a_waived_group_books_free_and_the_manager_sees_what_to_check(ctx: &Ctx) {
    let erin = vendor(ctx, "13655500702", 702);
    let day = market_day(ctx, FARMERS, add_days(today(ctx), 4));
    let (fair, session, stalls) = zone_stalls(&day, "平价摊位区");
    assert!(fair.rules.fee_waived_for.contains(&TargetGroup::LowIncome), "the demo waives it: {fair:?}");
    let (stall, fee) = stalls[stalls.len() / 2];
    assert!(fee > 0);
    let with_group = |stall: i64, key: &str, group: serde_json::Value| {
        post_as(
            ctx,
            &erin,
            "/api/me/stall-bookings",
            json!({ "idempotency_key": key, "stall": stall, "session": session, "target_group": group }),
        )
    };
    let junk = expect_error(with_group(stall, "waiver-key-00000001", json!("rich")), 400, ErrorKind::InvalidBody);
    assert!(!junk.message_en.is_empty());
    let free: StallBooking = created(with_group(stall, "waiver-key-00000002", json!("low_income")));
    assert_eq!((free.fee_fen, free.waived_for), (0, Some(TargetGroup::LowIncome)));

    // A group the zone does not waive pays the fee (ordinary zone, two stalls a session).
    let (_, _, ordinary) = zone_stalls(&day, "普通区");
    let (stall, fee) = ordinary[ordinary.len() / 2];
    let paid: StallBooking = created(with_group(stall, "waiver-key-00000003", json!("veteran")));
    assert_eq!((paid.fee_fen, paid.waived_for), (fee, None));

    // The manager names the groups; a walk-in of one of them, at a session taking check-ins
    // now (one starting in a minute or two), is free and says so.
    let manager = ctx.session(FARMERS_MANAGER).access_token;
    let soon = session_starting_soon(ctx, &manager, FARMERS, 60);
    let soon_day = market_day(ctx, FARMERS, soon.day);
    let fair_stalls = &soon_day.sessions.iter().find(|s| s.id == soon.id).expect("the session").stalls;
    let walk_in_stall = fair_stalls.iter().rev().find(|s| s.zone == fair.id && s.free).expect("a free stall").id;
    let walk_in = post_as(
        ctx,
        &manager,
        &format!("/api/markets/{FARMERS}/stall-bookings"),
        json!({ "idempotency_key": "waiver-walk-in-0001", "stall": walk_in_stall, "session": soon.id,
                "phone": "13655500702", "target_group": "disabled" }),
    );
    let walked: ManagedBooking = created(walk_in);
    assert_eq!((walked.fee_fen, walked.waived_for), (0, Some(TargetGroup::Disabled)));
    let occupancy: getima_domain::api::MarketOccupancy =
        ctx.get_as(&manager, &format!("/api/markets/{FARMERS}/occupancy/{}", soon.day)).json().expect("occupancy");
    let session = occupancy.sessions.iter().find(|s| s.id == soon.id).expect("the session");
    let held = session.stalls.iter().find(|s| s.id == walk_in_stall).expect("the stall");
    assert_eq!(
        held.booking.as_ref().and_then(|b| b.waived_for),
        Some(TargetGroup::Disabled),
        "the desk says what to check"
    );
}

fn a_manager_adds_stalls_in_batches_each_number_once_however_many_arrive_together(ctx: &Ctx) {
    // The creative market has no manager of its own yet: the administrator runs it.
    let creative_manager = ctx.session(ADMIN).access_token;
    let add = |token: &str, market: i64, zone: i64, body: serde_json::Value| {
        post_as(ctx, token, &format!("/api/markets/{market}/zones/{zone}/stalls"), body)
    };
    let batch = |prefix: &str, first: u32, count: u32| {
        json!({ "prefix": prefix, "first": first, "count": count, "size_m2": 3.5, "fee_fen": 1500,
                "amenities": ["canopy", "power"] })
    };
    let made: StallsAdded =
        add(&creative_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, batch("X", 1, 5)).json().expect("added");
    assert_eq!(made.added, ["X01", "X02", "X03", "X04", "X05"]);
    let overlapping: StallsAdded =
        add(&creative_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, batch("X", 4, 4)).json().expect("added");
    assert_eq!(
        (overlapping.added, overlapping.existing),
        (vec!["X06".to_string(), "X07".into()], vec!["X04".to_string(), "X05".into()])
    );

    // Six managers' taps at once: each number made once.
    let answers = at_once(6, |_| {
        add(&creative_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, batch("Y", 1, 10))
            .json::<StallsAdded>()
            .expect("an answer")
    });
    assert_eq!(answers.iter().map(|a| a.added.len()).sum::<usize>(), 10, "{answers:?}");

    // Vendors see them on the market's days, with their fee and amenities.
    let saturday =
        (0..7).map(|d| add_days(today(ctx), d)).find(|d| d.weekday().number_from_monday() >= 6).expect("a weekend");
    let day = market_day(ctx, CREATIVE, saturday);
    let slot = day.sessions[0].stalls.iter().find(|s| s.number == "X01").expect("X01 on the grid");
    assert_eq!(
        (slot.fee_fen, slot.size_m2, slot.amenities.clone()),
        (1500, 3.5, vec!["power".to_string(), "canopy".into()])
    );

    // Every bad field at once; another market's zone is not found; another manager is refused.
    let bad = json!({ "prefix": "x-", "first": 0, "count": 500, "size_m2": -1, "fee_fen": 1_000_000, "amenities": [] });
    let refused =
        expect_error(add(&creative_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, bad), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["prefix", "first", "count", "size_m2", "fee_fen"]);
    let wifi = json!({ "prefix": "Z", "first": 1, "count": 1, "size_m2": 3, "fee_fen": 0, "amenities": ["wifi"] });
    expect_error(add(&creative_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, wifi), 400, ErrorKind::InvalidBody);
    expect_error(add(&creative_manager, CREATIVE, 1, batch("Z", 1, 1)), 404, ErrorKind::NotFound);
    let night_manager = ctx.session(NIGHT_MANAGER).access_token;
    expect_error(add(&night_manager, CREATIVE, CREATIVE_ORDINARY_ZONE, batch("Z", 1, 1)), 403, ErrorKind::Forbidden);
    let day = market_day(ctx, CREATIVE, saturday);
    assert!(!day.sessions[0].stalls.iter().any(|s| s.number.starts_with('Z')), "nothing stored");

    // The zone's manager names the groups whose fee it waives; vendors read them.
    let rules = ZoneRules { fee_waived_for: vec![TargetGroup::Veteran, TargetGroup::LowIncome], ..ZoneRules::PLAN };
    let set = put_as(
        ctx,
        &creative_manager,
        &format!("/api/markets/{CREATIVE}/zones/{CREATIVE_ORDINARY_ZONE}/rules"),
        json!(rules),
    );
    let zone: Zone = set.json().expect("the zone");
    assert_eq!(zone.rules.fee_waived_for, [TargetGroup::LowIncome, TargetGroup::Veteran], "stored in one order");
    let mut unknown = json!(ZoneRules::PLAN);
    unknown["fee_waived_for"] = json!(["rich"]);
    let path = format!("/api/markets/{CREATIVE}/zones/{CREATIVE_ORDINARY_ZONE}/rules");
    expect_error(put_as(ctx, &creative_manager, &path, unknown), 400, ErrorKind::InvalidBody);
}
