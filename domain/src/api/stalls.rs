//! Stalls as the API shows them: a market's day (its sessions, zone by zone, each stall free or
//! taken, never by whom), a booking, and my bookings.

use crate::stalls::{AllocationMode, BookingStatus, TargetGroup, ZoneKind, ZoneRules};
use serde::{Deserialize, Serialize};

/// `GET /api/stall-markets/{market}/days/{date}`: a market's zones and its sessions on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketDay {
    pub market: i64,
    pub market_name: String,
    pub date: String,
    pub zones: Vec<Zone>,
    pub sessions: Vec<SessionSlots>,
    pub lotteries: Vec<LotteryNotice>,
}

/// A zone and the rules its manager set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Zone {
    pub id: i64,
    pub name: String,
    pub kind: ZoneKind,
    pub mode: AllocationMode,
    pub rules: ZoneRules,
}

/// One session of the day, with each stall of the market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionSlots {
    pub id: i64,
    pub starts: String,
    pub ends: String,
    pub stalls: Vec<StallSlot>,
}

/// A stall in a session: what it is, and whether anyone holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StallSlot {
    pub id: i64,
    pub zone: i64,
    pub number: String,
    pub size_m2: f64,
    /// Per session, in fen (分).
    pub fee_fen: u32,
    pub amenities: Vec<String>,
    pub free: bool,
}

/// `POST /api/me/stall-bookings`: a stall for a session, first come first served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StallBookingRequest {
    /// Made once per tap by the app, so a retry books nothing twice.
    pub idempotency_key: String,
    pub stall: i64,
    pub session: i64,
}

/// A booking, as its vendor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StallBooking {
    pub id: i64,
    pub status: BookingStatus,
    pub market_name: String,
    pub zone_name: String,
    pub stall: i64,
    pub stall_number: String,
    pub session: i64,
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub fee_fen: u32,
    /// Until when (local time, `YYYY-MM-DD HH:MM`) it may still be cancelled.
    pub cancel_until: String,
    /// The text of the booking's QR code, shown at the market to be checked in.
    pub pass: String,
}

/// `GET /api/me/stall-bookings`: my bookings, soonest session first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyStallBookings {
    pub bookings: Vec<StallBooking>,
    pub lottery_entries: Vec<MyLotteryEntry>,
}

/// `GET /api/stall-markets`: the markets that have stalls to book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StallMarkets {
    pub markets: Vec<StallMarket>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StallMarket {
    pub id: i64,
    pub name: String,
    pub address: String,
    /// The kinds of zone it has, public-interest first.
    pub kinds: Vec<ZoneKind>,
}

/// A lottery as a day's grid announces it: its zone and session, and whether it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LotteryNotice {
    pub id: i64,
    pub zone: i64,
    pub session: i64,
    /// Local time `YYYY-MM-DD HH:MM` applications close.
    pub cutoff: String,
    pub drawn: bool,
}

/// A booking as a market's manager sees it: whose (masked), and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ManagedBooking {
    pub id: i64,
    pub status: BookingStatus,
    pub stall: i64,
    pub stall_number: String,
    pub zone_name: String,
    pub session: i64,
    pub day: String,
    pub starts: String,
    /// The vendor's name and phone, masked.
    pub vendor: String,
    pub phone: String,
    pub fee_fen: u32,
    /// Whether it came from a lottery's draw.
    pub drawn: bool,
}

/// `GET /api/markets/{market}/occupancy/{date}`: every stall of every session of a day, with
/// its booking if it has one, for the market's managers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketOccupancy {
    pub market: i64,
    pub market_name: String,
    pub date: String,
    pub zones: Vec<Zone>,
    pub sessions: Vec<OccupiedSession>,
    pub lotteries: Vec<LotteryNotice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OccupiedSession {
    pub id: i64,
    pub starts: String,
    pub ends: String,
    pub stalls: Vec<OccupiedStall>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OccupiedStall {
    pub id: i64,
    pub zone: i64,
    pub number: String,
    pub fee_fen: u32,
    /// The text of the stall's printable QR code (a link to book it).
    pub code: String,
    pub booking: Option<ManagedBooking>,
}

/// `POST /api/markets/{market}/check-ins`: what the manager's phone scanned, at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    pub session: i64,
    /// A vendor's booking QR, or a stall's printed QR.
    pub code: String,
}

/// `POST /api/markets/{market}/stall-bookings`: a stall for a vendor who walked in, checked in
/// at once. The vendor has signed up with this phone and registered as a vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WalkInRequest {
    pub idempotency_key: String,
    pub stall: i64,
    pub session: i64,
    pub phone: String,
}

/// `POST /api/markets/{market}/sessions`: sessions on every chosen weekday between two dates,
/// e.g. every Friday to Sunday 17:00–23:00 for the next four weeks. Days that already have a
/// session at that start are left as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SessionPlan {
    pub from: String,
    pub to: String,
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u8>,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionsCreated {
    /// The days a new session was opened on.
    pub created: Vec<String>,
    /// The days that already had a session at that start.
    pub existing: Vec<String>,
}

/// `POST /api/markets/{market}/lotteries`: open a lottery for a lottery zone's session. The
/// server makes the seed and publishes its hash at once; it is revealed by the draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LotteryRequest {
    pub zone: i64,
    pub session: i64,
    /// Local time `YYYY-MM-DD HH:MM`: after it no one may apply, and the draw may run.
    pub cutoff: String,
    /// Tickets an applicant of a target group holds (1 = no priority, at most 5).
    pub priority_weight: u32,
}

/// `GET /api/stall-lotteries/{lottery}`: a lottery in public, enough to re-run its draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Lottery {
    pub id: i64,
    pub market: i64,
    pub market_name: String,
    pub zone: i64,
    pub zone_name: String,
    pub session: i64,
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub cutoff: String,
    pub priority_weight: u32,
    /// Stalls in the draw: the zone's stalls in that session.
    pub places: u32,
    /// SHA-256 of the seed, hex, published when the lottery opened.
    pub commitment: String,
    /// The seed, hex, once the draw has run.
    pub seed: Option<String>,
    pub drawn_at: Option<String>,
    /// Every application, in entry order, with its weight.
    pub entries: Vec<PublishedEntry>,
    /// The winners in rank order, each with the stall they were given.
    pub winners: Vec<Winner>,
}

/// What re-running a published draw found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawCheck {
    /// The revealed seed hashes to the commitment published when the lottery opened.
    pub seed_matches: bool,
    /// The draw over the published entries with that seed gives the published winners.
    pub winners_match: bool,
}

impl Lottery {
    /// Re-runs the draw from nothing but what is published, as anyone may: never trust, check.
    /// Before the draw (no seed) nothing matches.
    pub fn check(&self) -> DrawCheck {
        let seed = self.seed.as_deref().and_then(|seed| crate::stalls::reveals(&self.commitment, seed));
        let winners_match = seed.as_ref().is_some_and(|seed| {
            let entries: Vec<crate::stalls::LotteryEntry> =
                self.entries.iter().map(|e| crate::stalls::LotteryEntry { entry: e.entry, weight: e.weight }).collect();
            let published: Vec<i64> = self.winners.iter().map(|w| w.entry).collect();
            crate::stalls::draw(seed, &entries, self.places as usize) == published
        });
        DrawCheck { seed_matches: seed.is_some(), winners_match }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublishedEntry {
    pub entry: i64,
    pub weight: u32,
    /// The applicant's name, masked.
    pub applicant: String,
    pub target_group: Option<TargetGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Winner {
    pub entry: i64,
    pub stall_number: String,
}

/// `POST /api/me/lottery-entries`: apply for a lottery, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LotteryApplication {
    pub idempotency_key: String,
    pub lottery: i64,
    /// A target group the applicant belongs to, checked by the manager at check-in.
    pub target_group: Option<TargetGroup>,
}

/// An application of mine, and how it ended once drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyLotteryEntry {
    pub entry: i64,
    pub lottery: i64,
    pub market_name: String,
    pub zone_name: String,
    pub day: String,
    pub starts: String,
    pub cutoff: String,
    pub weight: u32,
    pub drawn: bool,
    /// Once drawn: the stall won, if any.
    pub won_stall: Option<String>,
}

/// `GET /api/markets/{market}/fees.csv?from=…&to=…`: at most 92 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeesQuery {
    pub from: String,
    pub to: String,
}

/// One row of the fees CSV: a zone in a session, its stalls and what became of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFees {
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub zone: String,
    pub stalls: u32,
    pub booked: u32,
    pub checked_in: u32,
    pub no_show: u32,
    /// Fees of the stalls checked in, in fen.
    pub fees_fen: u64,
}

/// The fees CSV: a byte-order mark (so spreadsheets read the Chinese right), one row per zone
/// and session, fees in yuan with two decimals.
pub fn fees_csv(rows: &[SessionFees]) -> String {
    let mut csv = String::from("\u{feff}day,starts,ends,zone,stalls,booked,checked_in,no_show,occupancy,fees_yuan\r\n");
    for row in rows {
        let held = row.booked + row.checked_in;
        let occupancy =
            if row.stalls == 0 { 0.0 } else { (f64::from(held) / f64::from(row.stalls) * 1000.0).round() / 1000.0 };
        let cells = [
            super::appeals::csv_cell(&row.day),
            super::appeals::csv_cell(&row.starts),
            super::appeals::csv_cell(&row.ends),
            super::appeals::csv_cell(&row.zone),
            row.stalls.to_string(),
            row.booked.to_string(),
            row.checked_in.to_string(),
            row.no_show.to_string(),
            occupancy.to_string(),
            format!("{}.{:02}", row.fees_fen / 100, row.fees_fen % 100),
        ];
        csv += &cells.join(",");
        csv += "\r\n";
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(seed: [u8; 32], winners: Vec<i64>) -> Lottery {
        let entries: Vec<PublishedEntry> = (1..=6)
            .map(|entry| PublishedEntry {
                entry,
                weight: 1 + (entry % 2) as u32,
                applicant: "张*".into(),
                target_group: None,
            })
            .collect();
        Lottery {
            id: 1,
            market: 2,
            market_name: "瓯海夜市".into(),
            zone: 4,
            zone_name: "共富摊位区".into(),
            session: 9,
            day: "2026-12-04".into(),
            starts: "17:00".into(),
            ends: "23:00".into(),
            cutoff: "2026-12-03 20:00".into(),
            priority_weight: 2,
            places: 3,
            commitment: crate::stalls::commitment(&[7; 32]),
            seed: Some(crate::hex::encode(&seed)),
            drawn_at: Some("2026-12-03 20:05:00".into()),
            entries,
            winners: winners.into_iter().map(|entry| Winner { entry, stall_number: format!("G0{entry}") }).collect(),
        }
    }

    #[test]
    fn a_published_draw_checks_out_only_with_the_committed_seed_and_its_own_winners() {
        let entries: Vec<crate::stalls::LotteryEntry> = drawn([7; 32], vec![])
            .entries
            .iter()
            .map(|e| crate::stalls::LotteryEntry { entry: e.entry, weight: e.weight })
            .collect();
        let honest = crate::stalls::draw(&[7; 32], &entries, 3);
        assert_eq!(drawn([7; 32], honest.clone()).check(), DrawCheck { seed_matches: true, winners_match: true });
        let mut reordered = honest.clone();
        reordered.swap(0, 1);
        assert_eq!(drawn([7; 32], reordered).check(), DrawCheck { seed_matches: true, winners_match: false });
        assert_eq!(drawn([8; 32], honest).check(), DrawCheck { seed_matches: false, winners_match: false });
        let undrawn = Lottery { seed: None, drawn_at: None, winners: vec![], ..drawn([7; 32], vec![]) };
        assert_eq!(undrawn.check(), DrawCheck { seed_matches: false, winners_match: false });
    }

    #[test]
    fn the_fees_csv_gives_occupancy_and_yuan_and_never_a_formula() {
        let row = SessionFees {
            day: "2026-12-04".into(),
            starts: "17:00".into(),
            ends: "23:00".into(),
            zone: "=共富区".into(),
            stalls: 8,
            booked: 1,
            checked_in: 3,
            no_show: 1,
            fees_fen: 4505,
        };
        let csv = fees_csv(&[row]);
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(line, "2026-12-04,17:00,23:00,'=共富区,8,1,3,1,0.5,45.05");
    }
}
