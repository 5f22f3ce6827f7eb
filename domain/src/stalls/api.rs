//! Stalls as the API shows them: a market's day (its sessions, zone by zone, each stall free or
//! taken, never by whom), a booking, and my bookings.

use crate::api::errors::FieldError;
use crate::stalls::{
    AllocationMode, Amenity, BookingStatus, DeclarationStatus, FeePayment, MAX_DECLARATION_CHARS, MAX_REASON_CHARS,
    MAX_STALL_FEE_FEN, MAX_STALL_NUMBER, MAX_STALLS_PER_BATCH, STALL_SIZE_M2, SkipReason, TargetGroup, ZoneKind,
    ZoneRules, stall_number,
};
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
    /// A target group the vendor belongs to: the fee is waived if the zone waives it, and
    /// the manager checks the proof at check-in.
    #[serde(default)]
    pub target_group: Option<TargetGroup>,
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
    /// What it costs: 0 when waived.
    pub fee_fen: u32,
    /// The target group its fee was waived for.
    pub waived_for: Option<TargetGroup>,
    /// How its fee is paid (to the manager at check-in).
    pub fee_payment: FeePayment,
    /// Until when (local time, `YYYY-MM-DD HH:MM`) it may still be cancelled.
    pub cancel_until: String,
    /// Whether it could still be cancelled when this was answered.
    pub cancellable: bool,
    /// From when until when (`YYYY-MM-DD HH:MM`) the manager may check it in.
    pub check_in_from: String,
    pub check_in_until: String,
    /// The text of the booking's QR code, shown at the market to be checked in.
    pub pass: String,
    /// The pass as a short code to read out or type when it cannot be scanned (`C12-4821`).
    pub code: String,
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
    /// The target group its fee was waived for: the manager checks the proof.
    pub waived_for: Option<TargetGroup>,
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
    /// A target group the manager has seen proof of: the fee is waived if the zone waives it.
    #[serde(default)]
    pub target_group: Option<TargetGroup>,
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
    /// Stalls in the draw: the zone's stalls free in that session when it was drawn (before
    /// then, all the zone's stalls).
    pub places: u32,
    /// SHA-256 of the seed, hex, published when the lottery opened.
    pub commitment: String,
    /// The seed, hex, once the draw has run.
    pub seed: Option<String>,
    pub drawn_at: Option<String>,
    /// Every application, in entry order, with its weight and, once drawn, whether the draw
    /// passed over it.
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
    /// The entries are ranked from the seed; the ones the draw passed over (each published with
    /// why) give their place to the next. Before the draw (no seed) nothing matches.
    pub fn check(&self) -> DrawCheck {
        let seed = self.seed.as_deref().and_then(|seed| crate::stalls::reveals(&self.commitment, seed));
        let winners_match = seed.as_ref().is_some_and(|seed| {
            let entries: Vec<crate::stalls::LotteryEntry> =
                self.entries.iter().map(|e| crate::stalls::LotteryEntry { entry: e.entry, weight: e.weight }).collect();
            let skipped = |entry: i64| self.entries.iter().any(|e| e.entry == entry && e.skipped.is_some());
            let published: Vec<i64> = self.winners.iter().map(|w| w.entry).collect();
            let ranked = crate::stalls::rank(seed, &entries);
            crate::stalls::winners(&ranked, skipped, self.places as usize) == published
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
    /// Why the draw passed over it (suspended, over a limit, no declaration), giving its place
    /// to the next entry.
    pub skipped: Option<SkipReason>,
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

/// `POST /api/me/producer-declarations`: I grow or make what I will sell in a market's
/// own-produce zone (自产自销声明), for its manager to approve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclarationRequest {
    pub idempotency_key: String,
    pub market: i64,
    /// What I grow or make, e.g. 杨梅、瓯柑.
    pub produce: String,
    /// Where: the village, farm or workshop.
    pub origin: String,
}

impl DeclarationRequest {
    /// Every problem at once, each named by its field.
    pub fn problems(&self) -> Vec<FieldError> {
        [
            crate::registration::idempotency_key_problem(&self.idempotency_key),
            crate::registration::catalogue_api::text_problem("produce", &self.produce, MAX_DECLARATION_CHARS),
            crate::registration::catalogue_api::text_problem("origin", &self.origin, MAX_DECLARATION_CHARS),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A declaration of mine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Declaration {
    pub id: i64,
    pub market: i64,
    pub market_name: String,
    pub produce: String,
    pub origin: String,
    pub status: DeclarationStatus,
    /// Why it was not approved.
    pub reason: Option<String>,
    pub declared_at: String,
    /// The last day an approved declaration lets me book own-produce stalls.
    pub valid_until: Option<String>,
}

impl Declaration {
    /// Whether it lets its vendor book own-produce stalls on `today` (`YYYY-MM-DD`): approved
    /// and not yet past its last day, as the Worker's booking checks it.
    pub fn in_force(&self, today: &str) -> bool {
        self.status == DeclarationStatus::Approved && self.valid_until.as_deref().is_some_and(|until| until >= today)
    }
}

/// `GET /api/me/producer-declarations`: mine, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyDeclarations {
    pub declarations: Vec<Declaration>,
}

/// A declaration as the market's manager sees it: whose (masked), and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ManagedDeclaration {
    pub id: i64,
    pub vendor: String,
    pub phone: String,
    pub produce: String,
    pub origin: String,
    pub status: DeclarationStatus,
    pub reason: Option<String>,
    pub declared_at: String,
    pub valid_until: Option<String>,
}

/// `GET /api/markets/{market}/producer-declarations`: those waiting first, then the latest
/// decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketDeclarations {
    pub declarations: Vec<ManagedDeclaration>,
}

/// `POST /api/markets/{market}/producer-declarations/{declaration}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclarationDecision {
    pub approve: bool,
    /// Why not, in words the vendor will read: required to refuse.
    #[serde(default)]
    pub reason: Option<String>,
}

impl DeclarationDecision {
    pub fn problems(&self) -> Vec<FieldError> {
        match (&self.reason, self.approve) {
            (None, false) => vec![FieldError::new("reason", "请写明不通过的理由", "Say why it is not approved")],
            (Some(reason), _) => crate::registration::catalogue_api::text_problem("reason", reason, MAX_REASON_CHARS)
                .into_iter()
                .collect(),
            (None, true) => Vec::new(),
        }
    }
}

/// `POST /api/markets/{market}/zones/{zone}/stalls`: numbered stalls added to a zone at once,
/// e.g. A01 to A40, 4 m², free, with water. Numbers the zone already has are left as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StallBatch {
    /// One to three capital letters before each number.
    pub prefix: String,
    pub first: u32,
    pub count: u32,
    pub size_m2: f64,
    /// Per session, in fen (分).
    pub fee_fen: u32,
    pub amenities: Vec<Amenity>,
}

impl StallBatch {
    /// The stall numbers it adds, or every problem at once, each named by its field.
    pub fn numbers(&self) -> Result<Vec<String>, Vec<FieldError>> {
        let mut problems = Vec::new();
        if !(1..=3).contains(&self.prefix.len()) || !self.prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(FieldError::new("prefix", "编号前缀须为 1 到 3 个大写字母", "Use 1 to 3 capital letters"));
        }
        if !(1..=MAX_STALL_NUMBER).contains(&self.first) {
            problems.push(FieldError::new(
                "first",
                format!("起始编号须为 1 到 {MAX_STALL_NUMBER}"),
                format!("The first number must be from 1 to {MAX_STALL_NUMBER}"),
            ));
        }
        if !(1..=MAX_STALLS_PER_BATCH).contains(&self.count) {
            problems.push(FieldError::new(
                "count",
                format!("一次可添加 1 到 {MAX_STALLS_PER_BATCH} 个摊位"),
                format!("Add 1 to {MAX_STALLS_PER_BATCH} stalls at a time"),
            ));
        } else if self.first.saturating_add(self.count - 1) > MAX_STALL_NUMBER {
            problems.push(FieldError::new(
                "count",
                format!("编号不能超过 {MAX_STALL_NUMBER}"),
                format!("Numbers go up to {MAX_STALL_NUMBER}"),
            ));
        }
        let (smallest, largest) = STALL_SIZE_M2;
        if !(smallest..=largest).contains(&self.size_m2) {
            problems.push(FieldError::new(
                "size_m2",
                format!("面积须为 {smallest} 到 {largest} 平方米"),
                format!("The size must be from {smallest} to {largest} m²"),
            ));
        }
        if self.fee_fen > MAX_STALL_FEE_FEN {
            problems.push(FieldError::new(
                "fee_fen",
                format!("每场摊位费最多 {} 元", MAX_STALL_FEE_FEN / 100),
                format!("The fee is at most ¥{} a session", MAX_STALL_FEE_FEN / 100),
            ));
        }
        if problems.is_empty() {
            Ok((self.first..self.first + self.count).map(|n| stall_number(&self.prefix, n)).collect())
        } else {
            Err(problems)
        }
    }

    /// The amenities as stored: space-separated, each once, in a fixed order.
    pub fn amenities_text(&self) -> String {
        Amenity::ALL.iter().filter(|a| self.amenities.contains(a)).map(|a| a.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// What adding a batch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StallsAdded {
    /// The numbers added.
    pub added: Vec<String>,
    /// The numbers the zone already had.
    pub existing: Vec<String>,
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
            crate::appeals::api::csv_cell(&row.day),
            crate::appeals::api::csv_cell(&row.starts),
            crate::appeals::api::csv_cell(&row.ends),
            crate::appeals::api::csv_cell(&row.zone),
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

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    use crate::accounts::Role;
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::calendar::Date;
    use crate::codes::api::Svg;
    use crate::stalls::ZoneRules;
    use crate::stalls::markets_api::MarketView;

    endpoints! {
        stalls [] {
            ListStallMarkets: Get "/api/stall-markets" {} () => 200 Json StallMarkets, PUBLIC, "The markets with stalls to book";
            GetMarketDay: Get "/api/stall-markets/{market}/days/{date}" { market: i64, date: Date }
                () => 200 Json MarketDay, PUBLIC, "A market's zones and sessions on a day, each stall free or taken";
            BookStall: Post "/api/me/stall-bookings" {}
                StallBookingRequest => 201 Json StallBooking, Access::AnyRole(&[Role::Vendor]), "Book a stall for a session, first come first served";
            ListMyStallBookings: Get "/api/me/stall-bookings" {}
                () => 200 Json MyStallBookings, SIGNED_IN, "My stall bookings, soonest session first";
            CancelStallBooking: Delete "/api/me/stall-bookings/{booking}" { booking: i64 }
                () => 200 Json StallBooking, SIGNED_IN, "Cancel my booking, before the zone's cancellation deadline";
            GetBookingPass: Get "/api/me/stall-bookings/{booking}/pass.svg" { booking: i64 }
                () => 200 Svg Svg, SIGNED_IN, "My booking's QR pass, shown at the market to be checked in";
            GetStallQr: Get "/api/stall-markets/{market}/stalls/{stall}/qr.svg" { market: i64, stall: i64 }
                () => 200 Svg Svg, PUBLIC, "A stall's printable QR code: a link to book it";
            GetLottery: Get "/api/stall-lotteries/{lottery}" { lottery: i64 }
                () => 200 Json Lottery, PUBLIC, "A lottery in public: its seed's hash, entries, and once drawn the seed and winners";
            ApplyForLottery: Post "/api/me/lottery-entries" {}
                LotteryApplication => 201 Json MyLotteryEntry, Access::AnyRole(&[Role::Vendor]), "Apply for a stall lottery before its cutoff";
            DeclareProducer: Post "/api/me/producer-declarations" {}
                DeclarationRequest => 201 Json Declaration, Access::AnyRole(&[Role::Vendor]), "Declare I grow or make what I sell, to book a market's own-produce stalls";
            ListMyDeclarations: Get "/api/me/producer-declarations" {}
                () => 200 Json MyDeclarations, SIGNED_IN, "My producer declarations, newest first";
            GetMarket: Get "/api/markets/{market}" { market: i64 }
                () => 200 Json MarketView, Access::MarketManager("market"), "A market, for its managers";
            GetOccupancy: Get "/api/markets/{market}/occupancy/{date}" { market: i64, date: Date }
                () => 200 Json MarketOccupancy, MANAGER, "Every stall of every session of a day, with its booking, for the market's managers";
            GetMarketFeesCsv: Get "/api/markets/{market}/fees.csv" { market: i64 }
                FeesQuery => 200 Csv String, MANAGER, "Occupancy and fees per session and zone over a run of days, as CSV";
            CheckIn: Post "/api/markets/{market}/check-ins" { market: i64 }
                CheckInRequest => 200 Json ManagedBooking, MANAGER, "Check a vendor in by the booking QR or the stall's code they scanned";
            BookWalkIn: Post "/api/markets/{market}/stall-bookings" { market: i64 }
                WalkInRequest => 201 Json ManagedBooking, MANAGER, "Give a free stall to a vendor who walked in, checked in at once";
            MarkNoShow: Post "/api/markets/{market}/stall-bookings/{booking}/no-show" { market: i64, booking: i64 }
                () => 200 Json ManagedBooking, MANAGER, "Mark a booking's vendor absent once the session started, freeing the stall for walk-ins";
            OpenSessions: Post "/api/markets/{market}/sessions" { market: i64 }
                SessionPlan => 201 Json SessionsCreated, MANAGER, "Open sessions on chosen weekdays between two dates";
            SetZoneRules: Put "/api/markets/{market}/zones/{zone}/rules" { market: i64, zone: i64 }
                ZoneRules => 200 Json Zone, MANAGER, "Set a zone's booking rules, fee waivers included";
            AddStalls: Post "/api/markets/{market}/zones/{zone}/stalls" { market: i64, zone: i64 }
                StallBatch => 201 Json StallsAdded, MANAGER, "Add numbered stalls to a zone at once, keeping numbers it has";
            ListMarketDeclarations: Get "/api/markets/{market}/producer-declarations" { market: i64 }
                () => 200 Json MarketDeclarations, MANAGER, "Producer declarations for the market's own-produce zones, those waiting first";
            DecideDeclaration: Post "/api/markets/{market}/producer-declarations/{declaration}/decision" { market: i64, declaration: i64 }
                DeclarationDecision => 200 Json ManagedDeclaration, MANAGER, "Approve a producer declaration, or refuse it saying why";
            OpenLottery: Post "/api/markets/{market}/lotteries" { market: i64 }
                LotteryRequest => 201 Json Lottery, MANAGER, "Open a lottery for a session of a lottery zone, publishing its seed's hash";
            DrawLottery: Post "/api/markets/{market}/lotteries/{lottery}/draw" { market: i64, lottery: i64 }
                () => 200 Json Lottery, MANAGER, "Run a lottery's draw after its cutoff, revealing the seed and booking the winners";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_is_in_force_once_approved_until_its_last_day() {
        let declaration = |status, valid_until: Option<&str>| Declaration {
            id: 1,
            market: 1,
            market_name: String::new(),
            produce: String::new(),
            origin: String::new(),
            status,
            reason: None,
            declared_at: "2026-12-01 09:00:00".into(),
            valid_until: valid_until.map(String::from),
        };
        let approved = declaration(DeclarationStatus::Approved, Some("2026-12-31"));
        assert!(approved.in_force("2026-12-07") && approved.in_force("2026-12-31"));
        assert!(!approved.in_force("2027-01-01"), "past its last day");
        assert!(!declaration(DeclarationStatus::Pending, Some("2026-12-31")).in_force("2026-12-07"));
        assert!(!declaration(DeclarationStatus::Approved, None).in_force("2026-12-07"));
    }

    fn drawn(seed: [u8; 32], winners: Vec<i64>) -> Lottery {
        let entries: Vec<PublishedEntry> = (1..=6)
            .map(|entry| PublishedEntry {
                entry,
                weight: 1 + (entry % 2) as u32,
                applicant: "张*".into(),
                target_group: None,
                skipped: None,
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
    fn a_re_run_passes_over_the_entries_the_draw_published_as_skipped_and_no_others() {
        let entries: Vec<crate::stalls::LotteryEntry> = drawn([7; 32], vec![])
            .entries
            .iter()
            .map(|e| crate::stalls::LotteryEntry { entry: e.entry, weight: e.weight })
            .collect();
        let ranked = crate::stalls::rank(&[7; 32], &entries);
        let first = ranked[0];
        let after_skip = crate::stalls::winners(&ranked, |e| e == first, 3);
        let mut skipping = drawn([7; 32], after_skip.clone());
        let at = skipping.entries.iter().position(|e| e.entry == first).unwrap();
        skipping.entries[at].skipped = Some(SkipReason::Suspended);
        assert_eq!(skipping.check(), DrawCheck { seed_matches: true, winners_match: true });
        // The same winners with nobody published as skipped do not add up.
        assert_eq!(drawn([7; 32], after_skip).check(), DrawCheck { seed_matches: true, winners_match: false });
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

    fn batch() -> StallBatch {
        StallBatch {
            prefix: "N".into(),
            first: 131,
            count: 20,
            size_m2: 6.0,
            fee_fen: 5000,
            amenities: vec![Amenity::Canopy, Amenity::Power, Amenity::Canopy],
        }
    }

    #[test]
    fn a_batch_of_stalls_numbers_them_from_its_first_and_stores_amenities_once_in_order() {
        let numbers = batch().numbers().unwrap();
        assert_eq!((numbers.len(), numbers[0].as_str(), numbers[19].as_str()), (20, "N131", "N150"));
        assert_eq!(StallBatch { first: 1, count: 3, ..batch() }.numbers().unwrap(), ["N01", "N02", "N03"]);
        assert_eq!(batch().amenities_text(), "power canopy");
    }

    #[test]
    fn a_bad_batch_names_every_field_at_once() {
        let bad =
            StallBatch { prefix: "n-".into(), first: 0, count: 101, size_m2: 0.0, fee_fen: 100_001, amenities: vec![] };
        let fields: Vec<String> = bad.numbers().unwrap_err().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["prefix", "first", "count", "size_m2", "fee_fen"]);
        let past_the_end = StallBatch { first: 990, count: 20, ..batch() };
        assert_eq!(past_the_end.numbers().unwrap_err()[0].field, "count");
        assert!(StallBatch { size_m2: f64::NAN, ..batch() }.numbers().is_err());
    }

    #[test]
    fn a_refusal_needs_a_reason_and_a_declaration_needs_what_and_where() {
        let approve = DeclarationDecision { approve: true, reason: None };
        assert!(approve.problems().is_empty());
        let bare_refusal = DeclarationDecision { approve: false, reason: None };
        assert_eq!(bare_refusal.problems()[0].field, "reason");
        let blank = DeclarationDecision { approve: false, reason: Some("  ".into()) };
        assert_eq!(blank.problems()[0].field, "reason");
        let request =
            DeclarationRequest { idempotency_key: "k".into(), market: 1, produce: " ".into(), origin: "x".repeat(61) };
        let fields: Vec<String> = request.problems().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["idempotency_key", "produce", "origin"]);
    }
}
