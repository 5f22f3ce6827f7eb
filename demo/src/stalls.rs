//! Markets, zones and stalls, sessions from today, lotteries and producer declarations.

use crate::accounts::DEMO_ACCOUNTS;
use crate::generator::{Generator, sql_date, sql_text};
use getima_domain::accounts::Role;
use getima_domain::calendar::{add_days, days_between};
use getima_domain::pii::Field;
use getima_domain::stalls::{self, AllocationMode, TargetGroup, ZoneKind, ZoneRules, stall_number, week_of};
use std::fmt::Write as _;

const MARKETS: [(i64, &str, &str, &str, &str); 3] = [
    (1, "五马农贸市场", "farmers", "330302", "浙江省温州市鹿城区五马街道解放北路88号"),
    (2, "瓯海夜市", "night", "330304", "浙江省温州市瓯海区梧田街道南湖路20号"),
    (3, "龙湾创意市集", "creative", "330303", "浙江省温州市龙湾区永中街道永宁西路66号"),
];

/// A demo market's zone: its market, name, kind, how it allocates, its rules, and its stalls
/// (a number prefix, how many, size in m², fee in fen, amenities).
struct DemoZone {
    market: i64,
    name: &'static str,
    kind: ZoneKind,
    mode: AllocationMode,
    rules: ZoneRules,
    /// The target groups its fee is waived for.
    waived: &'static [TargetGroup],
    stalls: (&'static str, u32, f64, u32, &'static str),
}

/// The demo markets' zones: a farmers' market open every morning with its three public-interest
/// zones, a night market on Friday to Sunday evenings (its common-prosperity stalls by lottery),
/// and a creative market at weekends. 350 stalls in all. (A function: rules hold a list.)
fn demo_zones() -> [DemoZone; 7] {
    [
        DemoZone {
            market: 1,
            name: "自产自销区",
            kind: ZoneKind::SelfProduced,
            mode: AllocationMode::Instant,
            rules: ZoneRules::PLAN,
            waived: &[],
            stalls: ("A", 40, 4.0, 0, "water canopy"),
        },
        DemoZone {
            market: 1,
            name: "平价摊位区",
            kind: ZoneKind::FairPrice,
            mode: AllocationMode::Instant,
            rules: ZoneRules::PLAN,
            waived: &[TargetGroup::LowIncome, TargetGroup::Disabled],
            stalls: ("B", 30, 6.0, 1000, "power water canopy"),
        },
        DemoZone {
            market: 1,
            name: "普通区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { per_session: 2, per_week: 7, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("C", 30, 8.0, 3000, "power water"),
        },
        DemoZone {
            market: 2,
            name: "共富摊位区",
            kind: ZoneKind::CommonProsperity,
            mode: AllocationMode::Lottery,
            rules: ZoneRules { window_days: 14, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("G", 10, 6.0, 0, "power canopy"),
        },
        DemoZone {
            market: 2,
            name: "普通夜市区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 3, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("N", 130, 6.0, 5000, "power"),
        },
        DemoZone {
            market: 3,
            name: "文创区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 2, ..ZoneRules::PLAN },
            waived: &[TargetGroup::Disabled, TargetGroup::Veteran],
            stalls: ("W", 70, 4.0, 2000, "power canopy"),
        },
        DemoZone {
            market: 3,
            name: "非遗手作区",
            kind: ZoneKind::CommonProsperity,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 2, ..ZoneRules::PLAN },
            waived: &[TargetGroup::Disabled],
            stalls: ("F", 40, 4.0, 0, "canopy"),
        },
    ]
}

/// Each demo market's sessions: the weekdays it opens (Monday = 0) and its hours.
const DEMO_SESSIONS: [(i64, &[u8], &str, &str); 3] =
    [(1, &[0, 1, 2, 3, 4, 5, 6], "06:00", "12:00"), (2, &[4, 5, 6], "17:00", "23:00"), (3, &[5, 6], "10:00", "18:00")];

/// The night market's common-prosperity zone, given by lottery.
const DEMO_LOTTERY_ZONE: i64 = 4;

/// How many days of sessions the demo opens from today.
pub const DEMO_SESSION_DAYS: i64 = 21;

impl Generator<'_> {
    /// The demo markets, each with its managers among the demo accounts.
    pub(crate) fn markets(&mut self) {
        for (id, name, kind, county, address) in MARKETS {
            self.statement(
                "markets",
                "id, name, kind, county_code, address",
                &[id.to_string(), sql_text(name), sql_text(kind), sql_text(county), sql_text(address)],
            );
        }
        for (index, account) in DEMO_ACCOUNTS.iter().enumerate() {
            for market in account.markets {
                self.statement(
                    "market_managers",
                    "person_id, market_id",
                    &[(index + 1).to_string(), market.to_string()],
                );
            }
        }
    }

    /// The markets' zones and stalls, and sessions for the next [`DEMO_SESSION_DAYS`] days.
    pub(crate) fn stalls(&mut self) {
        let mut stall = 0;
        for (index, zone) in demo_zones().iter().enumerate() {
            let id = (index + 1).to_string();
            let rules = &zone.rules;
            let waived: Vec<&str> = zone.waived.iter().map(|g| g.as_str()).collect();
            self.statement(
                "market_zones",
                "id, market_id, name, kind, mode, window_days, per_session, per_week, cancel_hours, no_show_limit, \
                 no_show_days, suspension_days, position, fee_waived_for, book_until_hours, check_in_grace_minutes, \
                 fee_payment",
                &[
                    id.clone(),
                    zone.market.to_string(),
                    sql_text(zone.name),
                    sql_text(zone.kind.as_str()),
                    sql_text(zone.mode.as_str()),
                    rules.window_days.to_string(),
                    rules.per_session.to_string(),
                    rules.per_week.to_string(),
                    rules.cancel_hours.to_string(),
                    rules.no_show_limit.to_string(),
                    rules.no_show_days.to_string(),
                    rules.suspension_days.to_string(),
                    id.clone(),
                    sql_text(&waived.join(" ")),
                    rules.book_until_hours.to_string(),
                    rules.check_in_grace_minutes.to_string(),
                    sql_text(rules.fee_payment.as_str()),
                ],
            );
            let (prefix, count, size, fee, amenities) = zone.stalls;
            for number in 1..=count {
                stall += 1;
                self.statement(
                    "stalls",
                    "id, zone_id, number, size_m2, fee_fen, amenities",
                    &[
                        stall.to_string(),
                        id.clone(),
                        sql_text(&stall_number(prefix, number)),
                        size.to_string(),
                        fee.to_string(),
                        sql_text(amenities),
                    ],
                );
            }
        }
        for day in 0..DEMO_SESSION_DAYS {
            let day = add_days(self.today, day);
            for (market, weekdays, starts, ends) in DEMO_SESSIONS {
                if weekdays.contains(&day.weekday().number_days_from_monday()) {
                    self.statement(
                        "market_sessions",
                        "market_id, day, starts, ends, week",
                        &[
                            market.to_string(),
                            sql_date(Some(day)),
                            sql_text(starts),
                            sql_text(ends),
                            sql_date(Some(week_of(day))),
                        ],
                    );
                }
            }
        }
    }

    /// Three lotteries of the night market's common-prosperity zone: two whose applications
    /// have closed, with twelve entries each, waiting for their manager to draw them (1 and 3);
    /// and one open for applications a week out (2). Their seeds come from the deployment's own PII key, so they are
    /// as secret as it is.
    pub(crate) fn lotteries(&mut self) {
        let sessions = |from: i64| {
            (from..DEMO_SESSION_DAYS)
                .map(|d| add_days(self.today, d))
                .find(|day| DEMO_SESSIONS[1].1.contains(&day.weekday().number_days_from_monday()))
                .expect("the night market opens within a week")
        };
        let closed = sessions(1);
        let (closed_too, open) = (sessions(days_between(self.today, closed) + 1), sessions(7));
        let closed_at = format!("{} 00:00", self.today);
        for (id, day, cutoff) in [
            (1, closed, closed_at.clone()),
            (2, open, format!("{} 20:00", add_days(open, -1))),
            (3, closed_too, closed_at),
        ] {
            let seed_hex =
                stalls::commitment(self.keys.fingerprint(Field::Phone, &format!("demo lottery {id}")).as_bytes());
            let seed = getima_domain::hex::decode(&seed_hex).expect("a hex digest");
            let session = format!(
                "(SELECT id FROM market_sessions WHERE market_id = {} AND day = {} AND starts = {})",
                DEMO_SESSIONS[1].0,
                sql_date(Some(day)),
                sql_text(DEMO_SESSIONS[1].2)
            );
            self.statement(
                "stall_lotteries",
                "id, market_id, zone_id, session_id, cutoff, priority_weight, commitment, seed, opened_by, opened_at",
                &[
                    id.to_string(),
                    DEMO_SESSIONS[1].0.to_string(),
                    DEMO_LOTTERY_ZONE.to_string(),
                    session,
                    sql_text(&cutoff),
                    "2".into(),
                    sql_text(&stalls::commitment(&seed)),
                    sql_text(&seed_hex),
                    format!("(SELECT person_id FROM market_managers WHERE market_id = {} LIMIT 1)", DEMO_SESSIONS[1].0),
                    sql_text(&format!("{} 08:00:00", add_days(self.today, -3))),
                ],
            );
        }
        // Twelve applicants for each closed one, every third of a target group.
        for lottery in [1, 3] {
            let _ = writeln!(
                self.sql,
                "INSERT INTO lottery_entries (lottery_id, person_id, idempotency_key, target_group, weight, applied_at) \
                 SELECT {lottery}, id, 'demo-lottery-{lottery}-entry-' || id, CASE WHEN id % 3 = 0 THEN 'low_income' END, \
                 CASE WHEN id % 3 = 0 THEN 2 ELSE 1 END, {} FROM people WHERE true ORDER BY id LIMIT 12 ON CONFLICT DO NOTHING;",
                sql_text(&format!("{} 09:00:00", add_days(self.today, -2)))
            );
        }
    }

    /// Producer declarations at the farmers' market: the vendor account's, approved a month ago
    /// (so it books own-produce stalls), and two of other people waiting for its manager.
    pub(crate) fn declarations(&mut self) {
        let vendor = DEMO_ACCOUNTS.iter().position(|a| a.roles.contains(&Role::Vendor)).expect("a vendor") + 1;
        let approved = add_days(self.today, -30);
        let valid_until = add_days(approved, i64::from(stalls::DECLARATION_VALID_DAYS));
        let manager = format!("(SELECT person_id FROM market_managers WHERE market_id = {} LIMIT 1)", MARKETS[0].0);
        let declared = sql_text(&format!("{} 10:00:00", add_days(approved, -2)));
        self.statement(
            "producer_declarations",
            "id, person_id, market_id, idempotency_key, produce, origin, status, declared_at, decided_by, decided_at, \
             valid_until",
            &[
                "1".into(),
                vendor.to_string(),
                MARKETS[0].0.to_string(),
                sql_text("demo-declaration-1"),
                sql_text("杨梅、瓯柑"),
                sql_text("瓯海区泽雅镇自家果园"),
                sql_text("approved"),
                declared,
                manager,
                sql_text(&format!("{approved} 15:00:00")),
                sql_date(Some(valid_until)),
            ],
        );
        let waiting = [("2", "番薯、青菜", "永嘉县岩头镇"), ("3", "手工麦饼", "鹿城区藤桥镇家庭作坊")];
        for (n, (id, produce, origin)) in waiting.into_iter().enumerate() {
            self.statement(
                "producer_declarations",
                "id, person_id, market_id, idempotency_key, produce, origin, status, declared_at",
                &[
                    id.into(),
                    format!("(SELECT id FROM people WHERE id <> {vendor} ORDER BY id LIMIT 1 OFFSET {n})"),
                    MARKETS[0].0.to_string(),
                    sql_text(&format!("demo-declaration-{id}")),
                    sql_text(produce),
                    sql_text(origin),
                    sql_text("pending"),
                    sql_text(&format!("{} 0{}:30:00", add_days(self.today, -1), 8 + n)),
                ],
            );
        }
    }
}
