//! Public-interest stalls (摊位预约): the kinds of zone a market has, the rules its manager sets
//! for each, when a session may be booked or cancelled, and the lottery draw. Pure rules: the
//! database enforces them in one conditional statement each, so they hold under load; here
//! they are stated once, for the Worker, the app and anyone re-running a draw.

use crate::api::FieldError;
use crate::calendar::Date;
use crate::households::vocabulary;
use sha2::{Digest, Sha256};

vocabulary! {
    /// A market's zones: three public-interest kinds (公益区) and the ordinary one.
    ZoneKind {
        SelfProduced = "self_produced", "自产自销区", "Own-produce zone";
        FairPrice = "fair_price", "平价摊位区", "Fair-price zone";
        CommonProsperity = "common_prosperity", "共富摊位区", "Common-prosperity zone";
        Ordinary = "ordinary", "普通区", "Ordinary zone";
    }
}

impl ZoneKind {
    /// Public-interest zones share the per-week limit of the market they are in.
    pub fn is_public_interest(self) -> bool {
        self != Self::Ordinary
    }
}

vocabulary! {
    /// How a zone's stalls are given out.
    AllocationMode {
        Instant = "instant", "先到先得", "First come, first served";
        Lottery = "lottery", "摇号", "Lottery";
    }
}

vocabulary! {
    /// Where a booking stands.
    BookingStatus {
        Booked = "booked", "已预约", "Booked";
        CheckedIn = "checked_in", "已签到", "Checked in";
        Cancelled = "cancelled", "已取消", "Cancelled";
        NoShow = "no_show", "未到场", "Did not come";
    }
}

/// The rules a manager sets for a zone. Limits count bookings not cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneRules {
    /// Days ahead a session opens for booking (0: on the day only).
    pub window_days: u32,
    /// Stalls one person may hold in one session.
    pub per_session: u32,
    /// Sessions one person may hold in a week (Monday to Sunday), across the market's
    /// public-interest zones, or within an ordinary zone.
    pub per_week: u32,
    /// Hours before a session starts after which a booking can no longer be cancelled.
    pub cancel_hours: u32,
    /// No-shows within `no_show_days` that suspend a person for `suspension_days`.
    pub no_show_limit: u32,
    pub no_show_days: u32,
    pub suspension_days: u32,
}

/// The furthest ahead a session may open, and the most of each limit: a manager's typing
/// mistake cannot open a year of sessions or let one person hold a whole market.
pub const MAX_WINDOW_DAYS: u32 = 60;
pub const MAX_PER_SESSION: u32 = 5;
pub const MAX_PER_WEEK: u32 = 21;
pub const MAX_CANCEL_HOURS: u32 = 168;
pub const MAX_PENALTY_DAYS: u32 = 365;

impl ZoneRules {
    /// The plan's example: open 7 days ahead, one stall a session, three sessions a week,
    /// cancel up to 2 hours before, 3 no-shows in 30 days suspend for 14 days.
    pub const PLAN: Self = Self {
        window_days: 7,
        per_session: 1,
        per_week: 3,
        cancel_hours: 2,
        no_show_limit: 3,
        no_show_days: 30,
        suspension_days: 14,
    };

    /// Every problem with the rules at once, each named by its field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut within = |field: &str, value: u32, (low, high): (u32, u32), (zh, en): (&str, &str)| {
            if !(low..=high).contains(&value) {
                problems.push(FieldError::new(
                    field,
                    format!("{zh}须为 {low} 到 {high}"),
                    format!("{en} must be from {low} to {high}"),
                ));
            }
        };
        within("window_days", self.window_days, (0, MAX_WINDOW_DAYS), ("提前预约天数", "Days ahead"));
        within("per_session", self.per_session, (1, MAX_PER_SESSION), ("每场限约摊位数", "Stalls per session"));
        within("per_week", self.per_week, (1, MAX_PER_WEEK), ("每周限约场次", "Sessions per week"));
        within("cancel_hours", self.cancel_hours, (0, MAX_CANCEL_HOURS), ("开市前可取消的小时数", "Hours to cancel"));
        within("no_show_limit", self.no_show_limit, (1, 10), ("未到场次数上限", "No-shows allowed"));
        within("no_show_days", self.no_show_days, (1, MAX_PENALTY_DAYS), ("未到场统计天数", "Days no-shows count"));
        within("suspension_days", self.suspension_days, (0, MAX_PENALTY_DAYS), ("暂停预约天数", "Days suspended"));
        problems
    }

    /// The first day a session on `day` may be booked.
    pub fn opens_on(&self, day: Date) -> Date {
        day - time::Duration::days(i64::from(self.window_days))
    }

    /// Whether a session on `day` may be booked `today`: not past, and within the window.
    pub fn bookable(&self, today: Date, day: Date) -> Result<(), Refusal> {
        if day < today {
            Err(Refusal::Past)
        } else if today < self.opens_on(day) {
            Err(Refusal::NotOpenYet(self.opens_on(day)))
        } else {
            Ok(())
        }
    }
}

/// Why a session cannot be booked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Past,
    NotOpenYet(Date),
}

impl Refusal {
    pub fn words(self) -> (String, String) {
        match self {
            Self::Past => ("这一场已经过去了。".into(), "This session is over.".into()),
            Self::NotOpenYet(day) => {
                (format!("这一场 {day} 才开放预约。"), format!("This session opens for booking on {day}."))
            }
        }
    }
}

/// The Monday of the week `day` is in: per-week limits count from it.
pub fn week_of(day: Date) -> Date {
    day - time::Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

/// A lottery's entry as published: the application's number (its order in the draw's input)
/// and its weight (1 for everyone; more for a target group the manager favours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LotteryEntry {
    pub entry: i64,
    pub weight: u32,
}

/// The heaviest weight an entry may have.
pub const MAX_WEIGHT: u32 = 5;

/// The commitment published before the cutoff: the SHA-256 of the seed's bytes, as hex.
pub fn commitment(seed: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(seed))
}

/// Whether a revealed seed (hex) is the one committed to; a different one is refused.
pub fn reveals(commitment_hex: &str, seed_hex: &str) -> Option<Vec<u8>> {
    let seed = crate::hex::decode(seed_hex)?;
    (seed.len() == 32 && self::commitment(&seed) == commitment_hex).then_some(seed)
}

/// An entry's ticket `n`: the first 8 bytes of SHA-256(seed ‖ ":" ‖ entry ‖ ":" ‖ n), big-endian.
fn ticket(seed: &[u8], entry: i64, n: u32) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed);
    hasher.update(format!(":{entry}:{n}").as_bytes());
    let digest = hasher.finalize();
    u64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

/// The draw: each entry holds `weight` tickets and ranks by its lowest; the `places` best
/// entries win, in rank order (ties, vanishingly rare, go to the lower entry number). Integers
/// only, so anyone re-running it from the published seed and entries gets the same winners.
pub fn draw(seed: &[u8], entries: &[LotteryEntry], places: usize) -> Vec<i64> {
    let mut ranked: Vec<(u64, i64)> = entries
        .iter()
        .map(|e| {
            ((0..e.weight.clamp(1, MAX_WEIGHT)).map(|n| ticket(seed, e.entry, n)).min().unwrap_or(u64::MAX), e.entry)
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().take(places).map(|(_, entry)| entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_plan_s_rules_are_within_every_limit_and_nonsense_is_named_field_by_field() {
        assert!(ZoneRules::PLAN.problems().is_empty());
        let nonsense = ZoneRules { window_days: 400, per_session: 0, per_week: 99, ..ZoneRules::PLAN };
        let fields: Vec<String> = nonsense.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["window_days", "per_session", "per_week"]);
    }

    #[test]
    fn a_session_opens_its_window_days_ahead_and_closes_once_past() {
        let rules = ZoneRules::PLAN;
        let friday = date!(2026 - 12 - 04);
        assert_eq!(rules.bookable(date!(2026 - 11 - 27), friday), Ok(()));
        assert_eq!(rules.bookable(friday, friday), Ok(()));
        assert_eq!(rules.bookable(date!(2026 - 11 - 26), friday), Err(Refusal::NotOpenYet(date!(2026 - 11 - 27))));
        assert_eq!(rules.bookable(date!(2026 - 12 - 05), friday), Err(Refusal::Past));
    }

    #[test]
    fn a_week_runs_monday_to_sunday() {
        assert_eq!(week_of(date!(2026 - 11 - 30)), date!(2026 - 11 - 30));
        assert_eq!(week_of(date!(2026 - 12 - 06)), date!(2026 - 11 - 30));
        assert_eq!(week_of(date!(2026 - 12 - 07)), date!(2026 - 12 - 07));
    }

    #[test]
    fn only_the_committed_seed_is_accepted_when_revealed() {
        let seed = [7u8; 32];
        let committed = commitment(&seed);
        assert_eq!(reveals(&committed, &crate::hex::encode(&seed)), Some(seed.to_vec()));
        assert_eq!(reveals(&committed, &crate::hex::encode(&[8u8; 32])), None, "another seed");
        assert_eq!(reveals(&committed, "not hex"), None);
        assert_eq!(reveals(&commitment(&[7u8; 4]), &crate::hex::encode(&[7u8; 4])), None, "a seed is 32 bytes");
    }

    #[test]
    fn a_draw_re_run_from_its_seed_and_entries_gives_the_same_winners_in_any_input_order() {
        let entries: Vec<LotteryEntry> = (1..=50).map(|entry| LotteryEntry { entry, weight: 1 }).collect();
        let winners = draw(&[1u8; 32], &entries, 10);
        assert_eq!(winners.len(), 10);
        let mut reversed = entries.clone();
        reversed.reverse();
        assert_eq!(draw(&[1u8; 32], &reversed, 10), winners);
        assert_ne!(draw(&[2u8; 32], &entries, 10), winners, "another seed, another draw");
        assert_eq!(draw(&[1u8; 32], &entries[..3], 10).len(), 3, "fewer entries than places: all win");
    }

    #[test]
    fn a_heavier_weight_wins_more_often_over_many_draws() {
        let entries = [LotteryEntry { entry: 1, weight: 1 }, LotteryEntry { entry: 2, weight: 3 }];
        let heavy_wins = (0u8..=255).filter(|s| draw(&[*s; 32], &entries, 1) == [2]).count();
        // Three tickets against one: about three in four draws.
        assert!((150..=230).contains(&heavy_wins), "{heavy_wins} of 256");
    }
}
