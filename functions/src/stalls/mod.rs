//! Stall booking (摊位预约): the markets, a market's day, first-come-first-served booking, a
//! vendor's own bookings, their QR passes and cancelling one; the market desk (`desk`) and the
//! lotteries (`lotteries`) live beside it. When a session may be booked, cancelled or checked in
//! is `getima_domain::stalls::ZoneRules`'s to say, from "now" and the session's times; a write
//! then binds what it decided from and is conditional on it still holding. A booking is one
//! INSERT that checks the zone's mode and the per-person limits in its own SELECT, and that the
//! partial unique index (one holder per stall-session) and the idempotency key guard: D1 runs
//! statements one at a time, so no two requests, however many at once, can both pass.

pub(crate) mod declarations;
pub(crate) mod desk;
pub(crate) mod lotteries;
pub(crate) mod markets;

use crate::codes::qr_svg;
use crate::config::Config;
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::cron::Job;
use crate::http::{Failure, Outcome};
use crate::{accounts::sms, clock, d1, random};
use getima_domain::api::{
    ApiError, ErrorKind, LotteryNotice, MarketDay, MyStallBookings, SessionSlots, StallBooking, StallBookingRequest,
    StallMarket, StallMarkets, StallSlot, Svg, Zone, endpoints,
};
use getima_domain::lifecycle::Lifecycle;
use getima_domain::pii::Field;
use getima_domain::registration::idempotency_key_problem;
use getima_domain::stalls::api::endpoints::Endpoint;
use getima_domain::stalls::lifecycle::{BookingAction, BookingActor, BookingRefusal};
use getima_domain::stalls::{
    AllocationMode, BookingStatus, DeclarationStatus, FeePayment, Moment, SessionTimes, TargetGroup, ZoneKind,
    ZoneRules, count_of, minute_text, moment, pass_link, stall_link, stall_reminder, typed_code,
};
use serde::Deserialize;
use worker::Response;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// The columns a [`ZoneRow`] reads from `market_zones`.
const ZONE: &str = "SELECT id, name, kind, mode, window_days, per_session, per_week, cancel_hours, no_show_limit,
        no_show_days, suspension_days, fee_waived_for, book_until_hours, check_in_grace_minutes, fee_payment
   FROM market_zones";

#[derive(Deserialize)]
struct ZoneRow {
    id: i64,
    name: String,
    kind: String,
    mode: String,
    window_days: u32,
    per_session: u32,
    per_week: u32,
    cancel_hours: u32,
    no_show_limit: u32,
    no_show_days: u32,
    suspension_days: u32,
    fee_waived_for: String,
    book_until_hours: u32,
    check_in_grace_minutes: u32,
    fee_payment: String,
}

impl ZoneRow {
    fn zone(self) -> Outcome<Zone> {
        Ok(Zone {
            id: self.id,
            kind: d1::known(ZoneKind::parse(&self.kind), "zone kind", &self.kind)?,
            mode: d1::known(AllocationMode::parse(&self.mode), "allocation mode", &self.mode)?,
            name: self.name,
            rules: ZoneRules {
                window_days: self.window_days,
                per_session: self.per_session,
                per_week: self.per_week,
                cancel_hours: self.cancel_hours,
                no_show_limit: self.no_show_limit,
                no_show_days: self.no_show_days,
                suspension_days: self.suspension_days,
                fee_waived_for: self
                    .fee_waived_for
                    .split_whitespace()
                    .map(|group| d1::known(TargetGroup::parse(group), "target group", group))
                    .collect::<Outcome<_>>()?,
                book_until_hours: self.book_until_hours,
                check_in_grace_minutes: self.check_in_grace_minutes,
                fee_payment: payment(&self.fee_payment)?,
            },
        })
    }
}

fn payment(stored: &str) -> Outcome<FeePayment> {
    d1::known(FeePayment::parse(stored), "fee payment", stored)
}

/// Now, as the rules of stalls compare it (China time, from the Worker's one clock).
pub(crate) fn now() -> Outcome<Moment> {
    let stamp = clock::timestamp();
    d1::known(moment(&stamp), "clock", &stamp)
}

/// A session's stored day and times, which every check of "now" is made against.
pub(crate) fn session_times(day: &str, starts: &str, ends: &str) -> Outcome<SessionTimes> {
    let stored = format!("{day} {starts}–{ends}");
    d1::known(SessionTimes::parse(day, starts, ends), "session times", &stored)
}

/// Told when a conditional write found what it decided from changed in between (a rule edited
/// that very moment): trying again decides afresh.
pub(crate) fn changed_meanwhile() -> ApiError {
    ApiError::new(ErrorKind::NotNow)
        .with_message("情况刚刚有变化，请刷新后重试。", "Something changed just now; reload and try again.")
}

pub(crate) fn no_such_market() -> ApiError {
    ApiError::new(ErrorKind::NotFound).with_message("没有这个市场。", "There is no such market.")
}

/// What a market's day opens with, for its vendors and its managers alike: the market's name,
/// its zones and the day's sessions. Its statements lead a batch; [`DayFrame::read`] takes the
/// batch's results and leaves the rest (from index 3) to the caller.
pub(crate) struct DayFrame {
    pub name: String,
    pub zones: Vec<Zone>,
    pub sessions: Vec<SessionRow>,
}

#[derive(Deserialize)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub starts: String,
    pub ends: String,
}

impl DayFrame {
    pub fn statements(db: &D1Database, market: &JsValue, date: &JsValue) -> Outcome<Vec<D1PreparedStatement>> {
        Ok(vec![
            db.prepare("SELECT name FROM markets WHERE id = ?1").bind(std::slice::from_ref(market))?,
            db.prepare(format!("{ZONE} WHERE market_id = ?1 ORDER BY position")).bind(std::slice::from_ref(market))?,
            db.prepare(
                "SELECT id, starts, ends FROM market_sessions WHERE market_id = ?1 AND day = ?2 ORDER BY starts",
            )
            .bind(&[market.clone(), date.clone()])?,
        ])
    }

    pub fn read(results: &[D1Result]) -> Outcome<Self> {
        #[derive(Deserialize)]
        struct Market {
            name: String,
        }
        let name = results[0].results::<Market>()?.into_iter().next().ok_or_else(no_such_market)?.name;
        let zones = results[1].results::<ZoneRow>()?.into_iter().map(ZoneRow::zone).collect::<Outcome<Vec<_>>>()?;
        Ok(Self { name, zones, sessions: results[2].results::<SessionRow>()? })
    }
}

pub async fn day(ctx: Ctx<endpoints::GetMarketDay>, _: ()) -> Outcome<MarketDay> {
    #[derive(Deserialize)]
    struct SlotRow {
        session_id: i64,
        id: i64,
        zone_id: i64,
        number: String,
        size_m2: f64,
        fee_fen: u32,
        amenities: String,
        taken: u8,
    }
    let db = &ctx.config.db;
    let (market, date) = (d1::int(ctx.params.market), JsValue::from_str(&ctx.params.date.to_string()));
    let mut batch = DayFrame::statements(db, &market, &date)?;
    batch.extend([
        db.prepare(
            "SELECT se.id AS session_id, st.id, st.zone_id, st.number, st.size_m2, st.fee_fen, st.amenities,
                        EXISTS (SELECT 1 FROM stall_bookings b
                                 WHERE b.stall_id = st.id AND b.session_id = se.id
                                   AND b.status IN (SELECT value FROM json_each(?3))) AS taken
                   FROM market_sessions se
                   JOIN market_zones z ON z.market_id = se.market_id
                   JOIN stalls st ON st.zone_id = z.id
                  WHERE se.market_id = ?1 AND se.day = ?2
                  ORDER BY se.starts, z.position, st.number",
        )
        .bind(&[market.clone(), date.clone(), holding()])?,
        lotteries_on(db, market, date)?,
    ]);
    let results = db.batch(batch).await?;
    let DayFrame { name, zones, sessions } = DayFrame::read(&results)?;
    let mut slots = results[3].results::<SlotRow>()?;
    let sessions = sessions
        .into_iter()
        .map(|session| {
            let stalls = slots
                .extract_if(.., |s| s.session_id == session.id)
                .map(|s| StallSlot {
                    id: s.id,
                    zone: s.zone_id,
                    number: s.number,
                    size_m2: s.size_m2,
                    fee_fen: s.fee_fen,
                    amenities: s.amenities.split_whitespace().map(String::from).collect(),
                    free: s.taken == 0,
                })
                .collect();
            SessionSlots { id: session.id, starts: session.starts, ends: session.ends, stalls }
        })
        .collect();
    Ok(MarketDay {
        market: ctx.params.market,
        market_name: name,
        date: ctx.params.date.to_string(),
        zones,
        sessions,
        lotteries: notices(&results[4])?,
    })
}

/// The lotteries of a market's sessions on a day, as [`LotteryNotice`]s.
pub(crate) fn lotteries_on(db: &D1Database, market: JsValue, date: JsValue) -> Outcome<D1PreparedStatement> {
    Ok(db
        .prepare(
            "SELECT l.id, l.zone_id AS zone, l.session_id AS session, l.cutoff, l.drawn_at IS NOT NULL AS drawn
               FROM stall_lotteries l JOIN market_sessions se ON se.id = l.session_id
              WHERE l.market_id = ?1 AND se.day = ?2 ORDER BY se.starts, l.zone_id",
        )
        .bind(&[market, date])?)
}

/// The rows of [`lotteries_on`].
pub(crate) fn notices(result: &D1Result) -> Outcome<Vec<LotteryNotice>> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        zone: i64,
        session: i64,
        cutoff: String,
        drawn: u8,
    }
    Ok(result
        .results::<Row>()?
        .into_iter()
        .map(|r| LotteryNotice { id: r.id, zone: r.zone, session: r.session, cutoff: r.cutoff, drawn: r.drawn == 1 })
        .collect())
}

pub async fn markets(ctx: Ctx<endpoints::ListStallMarkets>, _: ()) -> Outcome<StallMarkets> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        name: String,
        address: String,
        kinds: String,
    }
    let rows = ctx
        .config
        .db
        .prepare(
            "SELECT m.id, m.name, m.address, group_concat(DISTINCT z.kind) AS kinds
               FROM markets m JOIN market_zones z ON z.market_id = m.id GROUP BY m.id ORDER BY m.id",
        )
        .all()
        .await?
        .results::<Row>()?;
    let markets = rows
        .into_iter()
        .map(|row| {
            let present: Vec<&str> = row.kinds.split(',').collect();
            let kinds = ZoneKind::ALL.iter().copied().filter(|k| present.contains(&k.as_str())).collect();
            StallMarket { id: row.id, name: row.name, address: row.address, kinds }
        })
        .collect();
    Ok(StallMarkets { markets })
}

/// Whether `person` (a placeholder or column) is suspended from the market of zone `z` on
/// `today`.
pub(crate) fn suspended(person: &str, today: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM stall_suspensions s
                  WHERE s.person_id = {person} AND s.market_id = z.market_id AND s.until_day > {today})"
    )
}

/// The bookings that hold their stall, bound as a JSON array for `json_each`.
pub(crate) fn holding() -> JsValue {
    d1::states(&BookingStatus::HOLDING)
}

/// The state of a booking given up, bound: it holds nothing and counts towards no limit.
pub(crate) fn given_up() -> JsValue {
    d1::state(BookingStatus::GIVEN_UP)
}

/// An approved producer declaration's state, bound.
pub(crate) fn approved() -> JsValue {
    d1::state(DeclarationStatus::Approved)
}

/// How many stalls `person` holds at session `se`.
fn held_in_session(person: &str, given_up: &str) -> String {
    format!(
        "(SELECT count(*) FROM stall_bookings b
           WHERE b.person_id = {person} AND b.session_id = se.id AND b.status <> {given_up})"
    )
}

/// On how many other sessions of `se`'s week `person` holds a stall that counts against zone
/// `z`'s weekly limit: across the market's public-interest zones, or within an ordinary zone.
fn held_in_week(person: &str, given_up: &str) -> String {
    format!(
        "(SELECT count(DISTINCT b.session_id) FROM stall_bookings b
           WHERE b.person_id = {person} AND b.market_id = z.market_id AND b.week = se.week
             AND b.status <> {given_up} AND b.session_id <> se.id
             AND CASE WHEN z.kind <> 'ordinary' THEN b.public_interest = 1 ELSE b.zone_id = z.id END)"
    )
}

/// Whether one more stall of zone `z` at session `se` would take `person` past the zone's
/// per-session limit or its per-week one.
pub(crate) fn over_limit(person: &str, given_up: &str) -> String {
    format!(
        "({} >= z.per_session OR {} >= z.per_week)",
        held_in_session(person, given_up),
        held_in_week(person, given_up)
    )
}

/// What a stall of zone `z` at session `se` needs of `person` on `today`: not suspended from
/// the market, and within the zone's limits.
pub(crate) fn within_limits(person: &str, today: &str, given_up: &str) -> String {
    format!("NOT {} AND NOT {}", suspended(person, today), over_limit(person, given_up))
}

/// Whether person `person` may hold a stall of zone `zone` (an alias of `market_zones`) on
/// `today` (each a placeholder): an own-produce zone needs the person's producer declaration
/// at that market, approved (bound at `approved`) and still valid.
pub(crate) fn declared(zone: &str, person: &str, today: &str, approved: &str) -> String {
    format!(
        "({zone}.kind <> 'self_produced' OR EXISTS (SELECT 1 FROM producer_declarations d
            WHERE d.person_id = {person} AND d.market_id = {zone}.market_id AND d.status = {approved}
              AND d.valid_until >= {today}))"
    )
}

/// The `fee_fen, waived_for` a booking of stall `st` in zone `z` stores, for a vendor who
/// said they belong to target group `group` (a placeholder; NULL for none): free, and waived
/// for that group, when the zone waives it (as `ZoneRules::fee_for` says).
pub(crate) fn fee_columns(group: &str) -> String {
    let waived = format!("instr(' ' || z.fee_waived_for || ' ', ' ' || {group} || ' ') > 0");
    format!("CASE WHEN {waived} THEN 0 ELSE st.fee_fen END, CASE WHEN {waived} THEN {group} END")
}

/// The columns a [`BookingRow`] reads, from `stall_bookings b` and what it joins.
const BOOKING: &str = "SELECT b.id, b.status, m.name AS market_name, z.name AS zone_name, st.id AS stall,
        st.number AS stall_number, se.id AS session, se.day, se.starts, se.ends, b.fee_fen, b.waived_for,
        z.cancel_hours, z.check_in_grace_minutes, z.fee_payment, b.pass
   FROM stall_bookings b
   JOIN stalls st ON st.id = b.stall_id
   JOIN market_zones z ON z.id = st.zone_id
   JOIN markets m ON m.id = z.market_id
   JOIN market_sessions se ON se.id = b.session_id";

#[derive(Deserialize)]
struct BookingRow {
    id: i64,
    status: String,
    market_name: String,
    zone_name: String,
    stall: i64,
    stall_number: String,
    session: i64,
    day: String,
    starts: String,
    ends: String,
    fee_fen: u32,
    waived_for: Option<String>,
    cancel_hours: u32,
    check_in_grace_minutes: u32,
    fee_payment: String,
    pass: String,
}

impl BookingRow {
    /// The booking as its vendor sees it at `now`: its deadlines from its zone's rules.
    fn booking(self, now: Moment) -> Outcome<StallBooking> {
        let times = session_times(&self.day, &self.starts, &self.ends)?;
        let rules = ZoneRules {
            cancel_hours: self.cancel_hours,
            check_in_grace_minutes: self.check_in_grace_minutes,
            ..ZoneRules::PLAN
        };
        let status = d1::known(BookingStatus::parse(&self.status), "booking status", &self.status)?;
        let (check_in_from, check_in_until) = rules.check_in_window(&times);
        Ok(StallBooking {
            id: self.id,
            status,
            market_name: self.market_name,
            zone_name: self.zone_name,
            stall: self.stall,
            code: typed_code(&self.stall_number, &self.pass),
            stall_number: self.stall_number,
            session: self.session,
            day: self.day,
            starts: self.starts,
            ends: self.ends,
            fee_fen: self.fee_fen,
            waived_for: waived_for(self.waived_for)?,
            fee_payment: payment(&self.fee_payment)?,
            cancel_until: minute_text(rules.cancel_until(&times)),
            cancellable: status == BookingStatus::Booked && rules.cancellable(&times, now).is_ok(),
            check_in_from: minute_text(check_in_from),
            check_in_until: minute_text(check_in_until),
            pass: self.pass,
        })
    }
}

/// The target group a stored booking's fee was waived for.
pub(crate) fn waived_for(stored: Option<String>) -> Outcome<Option<TargetGroup>> {
    stored.map(|group| d1::known(TargetGroup::parse(&group), "target group", &group)).transpose()
}

fn bookings_statement(db: &D1Database, condition: &str, params: &[JsValue]) -> Outcome<D1PreparedStatement> {
    Ok(db.prepare(format!("{BOOKING} WHERE {condition} ORDER BY se.day, se.starts, b.id")).bind(params)?)
}

fn bookings_in(result: &D1Result, now: Moment) -> Outcome<Vec<StallBooking>> {
    result.results::<BookingRow>()?.into_iter().map(|row| row.booking(now)).collect()
}

async fn booking_where(db: &D1Database, condition: &str, params: &[JsValue]) -> Outcome<Vec<StallBooking>> {
    bookings_in(&bookings_statement(db, condition, params)?.all().await?, now()?)
}

/// Books a stall for a session. The zone's rules decide, from now and the session's times,
/// whether it is open for booking; the INSERT then binds the rules it decided under and checks
/// in its own SELECT that they still hold, that the stall's zone books first come first served
/// (or its lottery for the session is drawn), that the person is not suspended from the market
/// (and, for an own-produce zone, has an approved producer declaration there), that the session
/// is in the stall's market, that the person holds fewer than the zone's per-session stalls in
/// that session and fewer than its per-week sessions that week, and that nobody holds the stall
/// for the session. A retry under the same key gets the same booking back, whenever it comes.
pub async fn book(ctx: Ctx<endpoints::BookStall>, body: StallBookingRequest) -> Outcome<StallBooking> {
    let caller = ctx.caller()?.person_id;
    ApiError::unless_invalid(idempotency_key_problem(&body.idempotency_key).into_iter().collect())?;
    let db = &ctx.config.db;
    let (person, key) = (d1::int(caller), JsValue::from_str(&body.idempotency_key));
    let (now, today) = (now()?, clock::today().to_string());
    let mine = || bookings_statement(db, "b.person_id = ?1 AND b.idempotency_key = ?2", &[person.clone(), key.clone()]);
    let before = db.batch(vec![mine()?, Facts::statement(db, caller, body.stall, body.session, &today)?]).await?;
    if let Some(made) = bookings_in(&before[0], now)?.into_iter().next() {
        return same_booking(made, &body);
    }
    let Some(facts) = Facts::read(&before[1], None)? else {
        return Err(not_in_session().into());
    };
    if let Some(refused) = facts.refusal(now, None)? {
        return Err(refused.into());
    }
    let insert = db
        .prepare(format!(
            "INSERT INTO stall_bookings (stall_id, session_id, person_id, idempotency_key, status, market_id, zone_id,
                                         public_interest, week, booked_at, pass, fee_fen, waived_for)
             SELECT st.id, se.id, ?3, ?4, ?11, z.market_id, z.id, z.kind <> 'ordinary', se.week, ?5, ?7, {fee}
               FROM stalls st
               JOIN market_zones z ON z.id = st.zone_id
               JOIN market_sessions se ON se.market_id = z.market_id
              WHERE st.id = ?1 AND se.id = ?2
                AND z.window_days = ?9 AND z.book_until_hours = ?10
                AND (z.mode = 'instant' OR EXISTS (SELECT 1 FROM stall_lotteries l
                                                    WHERE l.zone_id = z.id AND l.session_id = se.id
                                                      AND l.drawn_at IS NOT NULL))
                AND {within} AND {declared}
             ON CONFLICT DO NOTHING",
            fee = fee_columns("?8"),
            within = within_limits("?3", "?6", "?12"),
            declared = declared("z", "?3", "?6", "?13"),
        ))
        .bind(&[
            d1::int(body.stall),
            d1::int(body.session),
            person.clone(),
            key.clone(),
            clock::timestamp().into(),
            today.as_str().into(),
            random::hex::<10>()?.into(),
            d1::text_or_null(body.target_group.map(TargetGroup::as_str)),
            facts.window_days.into(),
            facts.book_until_hours.into(),
            d1::state(BookingStatus::Booked),
            given_up(),
            approved(),
        ])?;
    let results = db.batch(vec![insert, mine()?]).await?;
    let booked = d1::changed(&results[0])?;
    match bookings_in(&results[1], now)?.into_iter().next() {
        Some(made) => same_booking(made, &body),
        None if booked => Err(Failure::internal("a booking just made is not there")),
        None => Err(why_not(db, caller, body.stall, body.session, &today, None).await?.into()),
    }
}

/// What a key already booked: the booking, if it is the one asked for again.
fn same_booking(made: StallBooking, body: &StallBookingRequest) -> Outcome<StallBooking> {
    if made.stall == body.stall && made.session == body.session {
        Ok(made)
    } else {
        Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_message(
                "这个请求编号已用于另一个预约，请刷新后重试。",
                "This request key was used for another booking; reload and try again.",
            )
            .into())
    }
}

fn not_in_session() -> ApiError {
    ApiError::new(ErrorKind::NotFound)
        .with_message("这个市场这一场没有这个摊位。", "That stall is not in that session's market.")
}

/// What decides whether a person may have a stall at a session: the session's times, the
/// zone's rules, and where the person and the stall stand.
#[derive(Deserialize)]
pub(crate) struct Facts {
    mode: String,
    day: String,
    starts: String,
    ends: String,
    market_id: i64,
    pub window_days: u32,
    pub book_until_hours: u32,
    pub check_in_grace_minutes: u32,
    per_session: u32,
    per_week: u32,
    taken: u8,
    in_session: u32,
    in_week: u32,
    drawn: u8,
    suspended_until: Option<String>,
    declared: u8,
}

impl Facts {
    /// The facts for `person`, stall `stall` and session `session` on `today`: no row when the
    /// stall is not in the session's market.
    pub fn statement(
        db: &D1Database,
        person: i64,
        stall: i64,
        session: i64,
        today: &str,
    ) -> Outcome<D1PreparedStatement> {
        Ok(db
            .prepare(format!(
                "SELECT z.mode, se.day, se.starts, se.ends, z.market_id, z.window_days, z.book_until_hours,
                        z.check_in_grace_minutes, z.per_session, z.per_week, {declared} AS declared,
                        EXISTS (SELECT 1 FROM stall_bookings b
                                 WHERE b.stall_id = st.id AND b.session_id = se.id
                                   AND b.status IN (SELECT value FROM json_each(?5))) AS taken,
                        {in_session} AS in_session, {in_week} AS in_week,
                        EXISTS (SELECT 1 FROM stall_lotteries l
                                 WHERE l.zone_id = z.id AND l.session_id = se.id AND l.drawn_at IS NOT NULL) AS drawn,
                        (SELECT max(s.until_day) FROM stall_suspensions s
                          WHERE s.person_id = ?3 AND s.market_id = z.market_id AND s.until_day > ?4) AS suspended_until
                   FROM stalls st
                   JOIN market_zones z ON z.id = st.zone_id
                   JOIN market_sessions se ON se.market_id = z.market_id
                  WHERE st.id = ?1 AND se.id = ?2",
                declared = declared("z", "?3", "?4", "?7"),
                in_session = held_in_session("?3", "?6"),
                in_week = held_in_week("?3", "?6"),
            ))
            .bind(&[
                d1::int(stall),
                d1::int(session),
                d1::int(person),
                today.into(),
                holding(),
                given_up(),
                approved(),
            ])?)
    }

    /// The facts a [`Facts::statement`] read; none when the stall is not in the session's
    /// market (or, for a walk-in, not in `market`).
    pub fn read(result: &D1Result, walk_in_at: Option<i64>) -> Outcome<Option<Self>> {
        Ok(result
            .results::<Self>()?
            .into_iter()
            .next()
            .filter(|f| walk_in_at.is_none_or(|market| market == f.market_id)))
    }

    pub fn times(&self) -> Outcome<SessionTimes> {
        session_times(&self.day, &self.starts, &self.ends)
    }

    pub fn rules(&self) -> ZoneRules {
        ZoneRules {
            window_days: self.window_days,
            book_until_hours: self.book_until_hours,
            check_in_grace_minutes: self.check_in_grace_minutes,
            per_session: self.per_session,
            per_week: self.per_week,
            ..ZoneRules::PLAN
        }
    }

    /// Why the person may not have the stall at `now`, if they may not. A vendor booking
    /// ahead meets the zone's mode and booking window; a walk-in (at `walk_in_at`) meets the
    /// session's check-in window instead.
    pub fn refusal(&self, now: Moment, walk_in_at: Option<i64>) -> Outcome<Option<ApiError>> {
        let (times, rules) = (self.times()?, self.rules());
        let on_time = match walk_in_at {
            Some(_) => rules.can_check_in(&times, now),
            None => rules.bookable(&times, now),
        };
        Ok(if let Some(until) = &self.suspended_until {
            Some(ApiError::new(ErrorKind::NotNow).with_message(
                format!("因多次预约未到场，您在这个市场暂停预约，{until} 起可再预约。"),
                format!("After several no-shows you may not book at this market until {until}."),
            ))
        } else if self.declared == 0 {
            Some(declarations::needed())
        } else if walk_in_at.is_none() && self.mode != AllocationMode::Instant.as_str() && self.drawn == 0 {
            Some(ApiError::new(ErrorKind::NotNow).with_message(
                "这个区的摊位通过摇号分配，请报名参加摇号。",
                "This zone's stalls are given by lottery: apply for it.",
            ))
        } else if let Err(refusal) = on_time {
            let (zh, en) = refusal.words();
            Some(ApiError::new(ErrorKind::NotNow).with_message(zh, en))
        } else if self.in_session >= self.per_session {
            Some(ApiError::new(ErrorKind::BookingLimit).with_message(
                format!("这一场每人最多预约 {} 个摊位。", self.per_session),
                format!("One person may book at most {} in a session.", count_of(self.per_session, "stall", "stalls")),
            ))
        } else if self.taken == 1 {
            Some(ApiError::new(ErrorKind::StallTaken))
        } else if self.in_week >= self.per_week {
            Some(ApiError::new(ErrorKind::BookingLimit).with_message(
                format!("这一周每人最多预约 {} 场。", self.per_week),
                format!("One person may book at most {} a week.", count_of(self.per_week, "session", "sessions")),
            ))
        } else {
            None
        })
    }
}

/// Why a stall was not had after all, read after the write that did not happen: what changed
/// since the facts were first read.
pub(crate) async fn why_not(
    db: &D1Database,
    person: i64,
    stall: i64,
    session: i64,
    today: &str,
    walk_in_at: Option<i64>,
) -> Outcome<ApiError> {
    let result = Facts::statement(db, person, stall, session, today)?.all().await?;
    Ok(match Facts::read(&result, walk_in_at)? {
        None => not_in_session(),
        Some(facts) => facts.refusal(now()?, walk_in_at)?.unwrap_or_else(changed_meanwhile),
    })
}

pub async fn mine(ctx: Ctx<endpoints::ListMyStallBookings>, _: ()) -> Outcome<MyStallBookings> {
    let caller = ctx.caller()?.person_id;
    let bookings = booking_where(&ctx.config.db, "b.person_id = ?1", &[d1::int(caller)]).await?;
    let lottery_entries = lotteries::entries_of(&ctx.config.db, caller).await?;
    Ok(MyStallBookings { bookings, lottery_entries })
}

/// The QR of a booking's pass, for its vendor only (anyone else: no such booking).
pub async fn pass(ctx: Ctx<endpoints::GetBookingPass>, _: ()) -> Outcome<Svg> {
    let caller = ctx.caller()?.person_id;
    let found = booking_where(
        &ctx.config.db,
        "b.id = ?1 AND b.person_id = ?2",
        &[d1::int(ctx.params.booking), d1::int(caller)],
    )
    .await?;
    let booking = found.into_iter().next().ok_or_else(no_such_booking)?;
    qr_svg(&format!("{}{}", ctx.origin, pass_link(&booking.pass)))
}

/// A stall's printable QR: a link to its market's day grid with the stall picked.
pub async fn stall_qr(ctx: Ctx<endpoints::GetStallQr>, _: ()) -> Outcome<Svg> {
    let (market, stall) = (ctx.params.market, ctx.params.stall);
    let found = ctx
        .config
        .db
        .prepare("SELECT 1 AS found FROM stalls st JOIN market_zones z ON z.id = st.zone_id WHERE st.id = ?1 AND z.market_id = ?2")
        .bind(&[d1::int(stall), d1::int(market)])?
        .first::<serde_json::Value>(None)
        .await?;
    if found.is_none() {
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("这个市场没有这个摊位。", "That market has no such stall.")
            .into());
    }
    qr_svg(&format!("{}{}", ctx.origin, stall_link(market, stall)))
}

fn no_such_booking() -> ApiError {
    ApiError::new(ErrorKind::NotFound).with_message("没有这个预约。", "There is no such booking.")
}

/// Cancels a booking of the caller's while it is booked and before its zone's deadline (as
/// `ZoneRules::cancellable` says at now); the UPDATE binds the deadline's rule it decided under.
/// The stall is then free for someone else. Cancelling again answers with it as cancelled.
pub async fn cancel(ctx: Ctx<endpoints::CancelStallBooking>, _: ()) -> Outcome<StallBooking> {
    let caller = ctx.caller()?.person_id;
    let db = &ctx.config.db;
    let (booking, person) = (d1::int(ctx.params.booking), d1::int(caller));
    let mine = || bookings_statement(db, "b.id = ?1 AND b.person_id = ?2", &[booking.clone(), person.clone()]);
    let now = now()?;
    let row = mine()?.all().await?.results::<BookingRow>()?.into_iter().next().ok_or_else(no_such_booking)?;
    let cancel_hours = row.cancel_hours;
    let found = row.booking(now)?;
    match found.status.after(BookingAction::Cancel, BookingActor::Vendor) {
        Err(BookingRefusal::AlreadyDone) => return Ok(found),
        Err(refusal) => return Err(ApiError::from(refusal).into()),
        Ok(_) if !found.cancellable => {
            return Err(ApiError::new(ErrorKind::NotNow)
                .with_message(
                    format!("已过取消时限（{}），不能再取消。", found.cancel_until),
                    format!("The time to cancel ended at {}.", found.cancel_until),
                )
                .into());
        }
        Ok(_) => {}
    }
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE stall_bookings SET status = ?6, cancelled_at = ?3
                  WHERE id = ?1 AND person_id = ?2 AND status IN (SELECT value FROM json_each(?5))
                    AND (SELECT z.cancel_hours FROM market_zones z WHERE z.id = stall_bookings.zone_id) = ?4",
            )
            .bind(
                &[
                    &[booking.clone(), person.clone(), clock::timestamp().into(), cancel_hours.into()][..],
                    &d1::step::<BookingStatus>(BookingAction::Cancel),
                ]
                .concat(),
            )?,
            mine()?,
        ])
        .await?;
    match bookings_in(&results[1], now)?.into_iter().next() {
        Some(booking) if booking.status == BookingStatus::Cancelled => Ok(booking),
        _ => Err(changed_meanwhile().into()),
    }
}

/// The most reminders one run sends; the next run (half an hour on) sends the rest.
const REMINDERS_PER_RUN: u32 = 200;

/// Reminds each vendor whose booked session starts within the next day, in their inbox and by
/// text, once: the reminder's notice decides (one per booking, by a unique index, inserted or
/// left), so overlapping runs never remind twice, and the booking is marked reminded in the
/// same batch (a text that then fails to go is not retried: a missed text beats a duplicate).
pub async fn remind(config: &Config) -> Outcome<()> {
    #[derive(Deserialize)]
    struct Due {
        phone_sealed: Option<String>,
        market_name: String,
        stall_number: String,
        day: String,
        starts: String,
        ends: String,
        cancel_hours: u32,
    }
    let now = clock::timestamp();
    let db = &config.db;
    let run = db
        .batch(vec![
            db.prepare(
                "INSERT INTO notices (person_id, stall_booking_id, kind, created_at)
                 SELECT b.person_id, b.id, 'stall_reminder', ?1
                   FROM stall_bookings b JOIN market_sessions se ON se.id = b.session_id
                  WHERE b.status = ?3 AND b.reminded_at IS NULL
                    AND datetime(se.day || ' ' || se.starts) BETWEEN ?1 AND datetime(?1, '+1 day')
                  LIMIT ?2
                 ON CONFLICT DO NOTHING
                 RETURNING (SELECT p.phone_sealed FROM people p WHERE p.id = person_id) AS phone_sealed,
                           (SELECT m.name FROM stall_bookings b JOIN markets m ON m.id = b.market_id
                             WHERE b.id = stall_booking_id) AS market_name,
                           (SELECT st.number FROM stall_bookings b JOIN stalls st ON st.id = b.stall_id
                             WHERE b.id = stall_booking_id) AS stall_number,
                           (SELECT se.day FROM stall_bookings b JOIN market_sessions se ON se.id = b.session_id
                             WHERE b.id = stall_booking_id) AS day,
                           (SELECT se.starts FROM stall_bookings b JOIN market_sessions se ON se.id = b.session_id
                             WHERE b.id = stall_booking_id) AS starts,
                           (SELECT se.ends FROM stall_bookings b JOIN market_sessions se ON se.id = b.session_id
                             WHERE b.id = stall_booking_id) AS ends,
                           (SELECT z.cancel_hours FROM stall_bookings b JOIN market_zones z ON z.id = b.zone_id
                             WHERE b.id = stall_booking_id) AS cancel_hours",
            )
            .bind(&[now.clone().into(), REMINDERS_PER_RUN.into(), d1::state(BookingStatus::Booked)])?,
            db.prepare(
                "UPDATE stall_bookings SET reminded_at = ?1
                  WHERE id IN (SELECT stall_booking_id FROM notices WHERE kind = 'stall_reminder' AND created_at = ?1)",
            )
            .bind(&[now.into()])?,
        ])
        .await?;
    let due = run[0].results::<Due>()?;
    for booking in due {
        let Some(phone) = booking.phone_sealed.as_deref().and_then(|sealed| config.pii.open(Field::Phone, sealed))
        else {
            continue;
        };
        let times = session_times(&booking.day, &booking.starts, &booking.ends)?;
        let cancel_until = ZoneRules { cancel_hours: booking.cancel_hours, ..ZoneRules::PLAN }.cancel_until(&times);
        let text = stall_reminder(
            &booking.market_name,
            &booking.stall_number,
            &booking.day,
            &booking.starts,
            &minute_text(cancel_until),
        );
        if let Err(failure) = sms::send(config, &phone, &text).await {
            worker::console_error!("a stall reminder was not sent: {:?}", failure.into_error().error);
        }
    }
    Ok(())
}

/// Reminds vendors of tomorrow's stalls.
pub(crate) const CRON: &[Job] = &[Job { what: "stall reminders", run: |config| Box::pin(remind(config)) }];

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::GetMarket => run(incoming, markets::view).await,
        Endpoint::GetOccupancy => run(incoming, desk::occupancy).await,
        Endpoint::GetMarketFeesCsv => run(incoming, desk::fees).await,
        Endpoint::CheckIn => run(incoming, desk::check_in).await,
        Endpoint::BookWalkIn => run(incoming, desk::walk_in).await,
        Endpoint::MarkNoShow => run(incoming, desk::no_show).await,
        Endpoint::OpenSessions => run(incoming, desk::open_sessions).await,
        Endpoint::SetZoneRules => run(incoming, desk::set_rules).await,
        Endpoint::AddStalls => run(incoming, desk::add_stalls).await,
        Endpoint::ListMarketDeclarations => run(incoming, declarations::of_market).await,
        Endpoint::DecideDeclaration => run(incoming, declarations::decide).await,
        Endpoint::OpenLottery => run(incoming, lotteries::open).await,
        Endpoint::DrawLottery => run(incoming, lotteries::run_draw).await,
        Endpoint::ListStallMarkets => run(incoming, markets).await,
        Endpoint::GetMarketDay => run(incoming, day).await,
        Endpoint::BookStall => run(incoming, book).await,
        Endpoint::ListMyStallBookings => run(incoming, mine).await,
        Endpoint::CancelStallBooking => run(incoming, cancel).await,
        Endpoint::GetBookingPass => run(incoming, pass).await,
        Endpoint::GetStallQr => run(incoming, stall_qr).await,
        Endpoint::GetLottery => run(incoming, lotteries::view).await,
        Endpoint::ApplyForLottery => run(incoming, lotteries::apply).await,
        Endpoint::DeclareProducer => run(incoming, declarations::declare).await,
        Endpoint::ListMyDeclarations => run(incoming, declarations::mine).await,
    }
}
