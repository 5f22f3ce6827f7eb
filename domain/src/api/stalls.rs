//! Stalls as the API shows them: a market's day (its sessions, zone by zone, each stall free or
//! taken, never by whom), a booking, and my bookings.

use crate::stalls::{AllocationMode, BookingStatus, ZoneKind, ZoneRules};
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
}

/// `GET /api/me/stall-bookings`: my bookings, soonest session first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyStallBookings {
    pub bookings: Vec<StallBooking>,
}
