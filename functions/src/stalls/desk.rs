//! The market desk (市场管理): a day's occupancy, check-in by scan, walk-ins, no-shows and the
//! suspensions they lead to, opening sessions, a zone's rules, and the fees CSV. Every write
//! is one conditional statement batched with its audit entry; the access table has already
//! made sure the caller manages the market in the path, and every statement is scoped to it.

use super::{
    DayFrame, Facts, ZONE, ZoneRow, approved, changed_meanwhile, declared, fee_columns, given_up, holding,
    lotteries_on, notices, now, session_times, waived_for, why_not, within_limits,
};
use crate::accounts::sms::mobile;
use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, random};
use getima_domain::accounts::Role;
use getima_domain::api::{
    ApiError, CheckInRequest, ErrorKind, FeesQuery, FieldError, ManagedBooking, MarketOccupancy, OccupiedSession,
    OccupiedStall, SessionFees, SessionPlan, SessionsCreated, StallBatch, StallsAdded, WalkInRequest, Zone, endpoints,
    fees_csv,
};
use getima_domain::audit::AuditAction;
use getima_domain::calendar::{days_between, parse_date};
use getima_domain::lifecycle::Lifecycle;
use getima_domain::masking;
use getima_domain::pii::{Field, PiiKeys};
use getima_domain::registration::idempotency_key_problem;
use getima_domain::stalls::lifecycle::{BookingAction, BookingActor, BookingRefusal};
use getima_domain::stalls::{
    BookingStatus, Scanned, TargetGroup, ZoneRules, plan_days, read_scan, stall_link, typed_code, week_of,
};
use serde::Deserialize;
use serde_json::json;
use worker::D1Database;
use worker::wasm_bindgen::JsValue;

/// The columns a [`ManagedRow`] reads, from `stall_bookings b` and what it joins.
const MANAGED: &str = "SELECT b.id, b.status, st.id AS stall, st.number AS stall_number, z.name AS zone_name,
        se.id AS session, se.day, se.starts, se.ends, z.check_in_grace_minutes, b.pass,
        p.name AS vendor_name, p.phone_sealed, b.fee_fen, b.waived_for, b.drawn
   FROM stall_bookings b
   JOIN stalls st ON st.id = b.stall_id
   JOIN market_zones z ON z.id = b.zone_id
   JOIN market_sessions se ON se.id = b.session_id
   JOIN people p ON p.id = b.person_id";

#[derive(Deserialize)]
struct ManagedRow {
    id: i64,
    status: String,
    stall: i64,
    stall_number: String,
    zone_name: String,
    session: i64,
    day: String,
    starts: String,
    ends: String,
    check_in_grace_minutes: u32,
    pass: String,
    vendor_name: Option<String>,
    phone_sealed: Option<String>,
    fee_fen: u32,
    waived_for: Option<String>,
    drawn: u8,
}

impl ManagedRow {
    fn booking(self, pii: &PiiKeys) -> Outcome<ManagedBooking> {
        let phone = self.phone_sealed.as_deref().and_then(|sealed| pii.open(Field::Phone, sealed));
        Ok(ManagedBooking {
            id: self.id,
            status: d1::known(BookingStatus::parse(&self.status), "booking status", &self.status)?,
            stall: self.stall,
            stall_number: self.stall_number,
            zone_name: self.zone_name,
            session: self.session,
            day: self.day,
            starts: self.starts,
            vendor: masking::name(self.vendor_name.as_deref().unwrap_or("?")),
            phone: phone.as_deref().map(masking::phone).unwrap_or_default(),
            fee_fen: self.fee_fen,
            waived_for: waived_for(self.waived_for)?,
            drawn: self.drawn == 1,
        })
    }
}

async fn managed_rows(config: &Config, condition: &str, params: &[JsValue]) -> Outcome<Vec<ManagedRow>> {
    Ok(config
        .db
        .prepare(format!("{MANAGED} WHERE {condition} ORDER BY b.id DESC"))
        .bind(params)?
        .all()
        .await?
        .results::<ManagedRow>()?)
}

async fn managed_where(config: &Config, condition: &str, params: &[JsValue]) -> Outcome<Option<ManagedBooking>> {
    let row = managed_rows(config, condition, params).await?.into_iter().next();
    row.map(|row| row.booking(&config.pii)).transpose()
}

pub async fn occupancy(ctx: Ctx<endpoints::GetOccupancy>, _: ()) -> Outcome<MarketOccupancy> {
    #[derive(Deserialize)]
    struct StallRow {
        id: i64,
        zone_id: i64,
        number: String,
        fee_fen: u32,
    }
    let db = &ctx.config.db;
    let (market, date) = (d1::int(ctx.params.market), JsValue::from_str(&ctx.params.date.to_string()));
    let mut batch = DayFrame::statements(db, &market, &date)?;
    batch.extend([
        db.prepare(
            "SELECT st.id, st.zone_id, st.number, st.fee_fen FROM stalls st JOIN market_zones z ON z.id = st.zone_id
                  WHERE z.market_id = ?1 ORDER BY z.position, st.number",
        )
        .bind(std::slice::from_ref(&market))?,
        // Per stall-session the holder, or else the latest no-show: held ones sort first.
        db.prepare(format!(
            "{MANAGED} WHERE b.market_id = ?1 AND se.day = ?2 AND b.status <> ?3
                  ORDER BY b.status IN (SELECT value FROM json_each(?4)) DESC, b.id DESC"
        ))
        .bind(&[market.clone(), date.clone(), given_up(), holding()])?,
        lotteries_on(db, market, date)?,
    ]);
    let results = db.batch(batch).await?;
    let DayFrame { name, zones, sessions } = DayFrame::read(&results)?;
    let stalls = results[3].results::<StallRow>()?;
    let mut bookings = results[4]
        .results::<ManagedRow>()?
        .into_iter()
        .map(|row| row.booking(&ctx.config.pii))
        .collect::<Outcome<Vec<_>>>()?;
    let sessions = sessions
        .into_iter()
        .map(|session| OccupiedSession {
            stalls: stalls
                .iter()
                .map(|stall| OccupiedStall {
                    id: stall.id,
                    zone: stall.zone_id,
                    number: stall.number.clone(),
                    fee_fen: stall.fee_fen,
                    code: stall_link(ctx.params.market, stall.id),
                    booking: bookings
                        .iter()
                        .position(|b| b.session == session.id && b.stall == stall.id)
                        .map(|at| bookings.swap_remove(at)),
                })
                .collect(),
            id: session.id,
            starts: session.starts,
            ends: session.ends,
        })
        .collect();
    Ok(MarketOccupancy {
        market: ctx.params.market,
        market_name: name,
        date: ctx.params.date.to_string(),
        zones,
        sessions,
        lotteries: notices(&results[5])?,
    })
}

/// Checks in the booking a scan names (a vendor's pass, the stall's printed code, or the pass's
/// typed code) at a session of this market, while its zone's rules say the session takes
/// check-ins (from a little before it opens until the grace after it closes); the UPDATE binds
/// the grace it decided under. Scanning again answers with it checked in.
pub async fn check_in(ctx: Ctx<endpoints::CheckIn>, body: CheckInRequest) -> Outcome<ManagedBooking> {
    let caller = ctx.caller()?.person_id;
    let scanned = read_scan(&body.code).ok_or_else(|| {
        ApiError::invalid(
            "code",
            "这不是预约码或摊位码：请扫摊主手机上的预约码或摊位上的二维码，或输入预约码下方的编号（如 C12-4821）。",
            "This is not a booking pass or a stall code: scan the pass on the vendor's phone or the code on the stall, or type the code under the pass (like C12-4821).",
        )
    })?;
    // A pass names its booking whatever it stands at; a stall, the booking that holds it.
    let (which, key, by_stall) = match &scanned {
        Scanned::Pass(pass) => ("b.pass = ?1", JsValue::from_str(pass), false),
        Scanned::Stall(stall) => ("b.stall_id = ?1", d1::int(*stall), true),
        Scanned::Typed { stall, .. } => ("st.number = ?1", JsValue::from_str(stall), true),
    };
    let mut here = format!("{which} AND b.market_id = ?2 AND b.session_id = ?3");
    let mut params = vec![key, d1::int(ctx.params.market), d1::int(body.session)];
    if by_stall {
        here.push_str(" AND b.status IN (SELECT value FROM json_each(?4))");
        params.push(holding());
    }
    let rows = managed_rows(&ctx.config, &here, &params).await?;
    // A typed code's digits are the pass's: they confirm which booking the number meant.
    let found = rows.into_iter().find(|row| match &scanned {
        Scanned::Typed { code, .. } => typed_code(&row.stall_number, &row.pass) == *code,
        _ => true,
    });
    let Some(row) = found else {
        return Err(not_here(&ctx, &scanned).await?.into());
    };
    let (id, grace) = (row.id, row.check_in_grace_minutes);
    let times = session_times(&row.day, &row.starts, &row.ends)?;
    let booking = row.booking(&ctx.config.pii)?;
    match booking.status.after(BookingAction::CheckIn, BookingActor::Desk) {
        Ok(_) => {}
        Err(BookingRefusal::AlreadyDone) => return Ok(booking),
        Err(refusal) => return Err(ApiError::from(refusal).into()),
    }
    let rules = ZoneRules { check_in_grace_minutes: grace, ..ZoneRules::PLAN };
    if let Err(refusal) = rules.can_check_in(&times, now()?) {
        let (zh, en) = refusal.words();
        return Err(ApiError::new(ErrorKind::NotNow).with_message(zh, en).into());
    }
    let db = &ctx.config.db;
    let by = match scanned {
        Scanned::Pass(_) => "pass",
        Scanned::Stall(_) => "stall",
        Scanned::Typed { .. } => "typed code",
    };
    db.batch(vec![
        db.prepare(
            "UPDATE stall_bookings SET status = ?5, checked_in_at = ?2
              WHERE id = ?1 AND status IN (SELECT value FROM json_each(?4))
                AND (SELECT z.check_in_grace_minutes FROM market_zones z WHERE z.id = stall_bookings.zone_id) = ?3",
        )
        .bind(
            &[
                &[d1::int(id), clock::timestamp().into(), grace.into()][..],
                &d1::step::<BookingStatus>(BookingAction::CheckIn),
            ]
            .concat(),
        )?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller, AuditAction::StallCheckIn, format!("market:{}", ctx.params.market))
                .after(json!({ "session": body.session, "by": by })),
        )?,
    ])
    .await?;
    match managed_where(&ctx.config, "b.id = ?1", &[d1::int(id)]).await? {
        Some(booking) if booking.status == BookingStatus::CheckedIn => Ok(booking),
        _ => Err(changed_meanwhile().into()),
    }
}

/// Why a scan found nothing to check in at this session: a pass for another session of the
/// market says which; a typed code that fits no booking says to check it; anything else
/// (another market's pass included) is simply not here.
async fn not_here(ctx: &Ctx<endpoints::CheckIn>, scanned: &Scanned) -> Outcome<ApiError> {
    match scanned {
        Scanned::Pass(pass) => {
            let elsewhere = managed_where(
                &ctx.config,
                "b.pass = ?1 AND b.market_id = ?2",
                &[pass.as_str().into(), d1::int(ctx.params.market)],
            )
            .await?;
            Ok(match elsewhere {
                Some(booking) => ApiError::new(ErrorKind::NotNow).with_message(
                    format!("这张预约码是 {} {} 那一场的，不是这一场。", booking.day, booking.starts),
                    format!("This pass is for the session of {} at {}, not this one.", booking.day, booking.starts),
                ),
                None => ApiError::new(ErrorKind::NotFound)
                    .with_message("这张预约码不是本市场的预约。", "This pass is not a booking at this market."),
            })
        }
        Scanned::Typed { code, .. } => Ok(ApiError::new(ErrorKind::NotFound).with_field(
            "code",
            &format!("这一场没有预约码 {code} 的预约：请核对摊位号和四位数字，或改为扫码。"),
            &format!(
                "No booking of this session has the code {code}: check the stall number and the four digits, or scan instead."
            ),
        )),
        Scanned::Stall(_) => Ok(ApiError::new(ErrorKind::NotFound).with_message(
            "这个摊位这一场没有预约，可以安排给现场摊主。",
            "Nobody booked this stall for this session: it can go to a walk-in vendor.",
        )),
    }
}

/// Gives a free stall of this market, at a session taking check-ins now, to a registered vendor
/// who walked in, checked in at once. The vendor's limits and any suspension still apply; the
/// stall's zone mode and booking window do not (the session is under way).
pub async fn walk_in(ctx: Ctx<endpoints::BookWalkIn>, body: WalkInRequest) -> Outcome<ManagedBooking> {
    #[derive(Deserialize)]
    struct Vendor {
        id: i64,
    }
    let caller = ctx.caller()?.person_id;
    let mut problems: Vec<FieldError> = idempotency_key_problem(&body.idempotency_key).into_iter().collect();
    let phone = match mobile(&body.phone) {
        Ok(phone) => Some(phone),
        Err(_) => {
            problems.push(FieldError::new(
                "phone",
                "请输入摊主的 11 位手机号",
                "Enter the vendor's 11-digit mobile number",
            ));
            None
        }
    };
    ApiError::unless_invalid(problems)?;
    let phone = phone.unwrap_or_default();
    let db = &ctx.config.db;
    let vendor = db
        .prepare(
            "SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = ?2
              WHERE p.phone_hash = ?1 AND p.disabled_at IS NULL",
        )
        .bind(&[ctx.config.pii.fingerprint(Field::Phone, &phone).into(), Role::Vendor.as_str().into()])?
        .first::<Vendor>(None)
        .await?
        .ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound).with_field(
                "phone",
                "这个手机号还没有登记为摊主：请摊主用手机登录个体码，在“我的”里登记为摊主。",
                "This phone is not a registered vendor: the vendor signs in to Getima and registers as a vendor under Me.",
            )
        })?;
    let today = clock::today().to_string();
    let (person, key, market) =
        (d1::int(vendor.id), JsValue::from_str(&body.idempotency_key), d1::int(ctx.params.market));
    let made = [person.clone(), key.clone(), market.clone()];
    let made = || managed_where(&ctx.config, "b.person_id = ?1 AND b.idempotency_key = ?2 AND b.market_id = ?3", &made);
    if let Some(booking) = made().await? {
        return same_walk_in(booking, &body);
    }
    let facts = Facts::statement(db, vendor.id, body.stall, body.session, &today)?.all().await?;
    let facts = Facts::read(&facts, Some(ctx.params.market))?.ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound)
            .with_message("这个市场这一场没有这个摊位。", "That stall is not in that session's market.")
    })?;
    if let Some(refused) = facts.refusal(now()?, Some(ctx.params.market))? {
        return Err(refused.into());
    }
    let now = clock::timestamp();
    db.batch(vec![
        db.prepare(format!(
            "INSERT INTO stall_bookings (stall_id, session_id, person_id, idempotency_key, status, market_id, zone_id,
                                         public_interest, week, booked_at, pass, checked_in_at, fee_fen, waived_for)
             SELECT st.id, se.id, ?3, ?4, ?11, z.market_id, z.id, z.kind <> 'ordinary', se.week, ?5, ?7, ?5,
                    {fee}
               FROM stalls st
               JOIN market_zones z ON z.id = st.zone_id
               JOIN market_sessions se ON se.market_id = z.market_id
              WHERE st.id = ?1 AND se.id = ?2 AND z.market_id = ?8 AND z.check_in_grace_minutes = ?10
                AND {within} AND {declared}
             ON CONFLICT DO NOTHING",
            fee = fee_columns("?9"),
            within = within_limits("?3", "?6", "?12"),
            declared = declared("z", "?3", "?6", "?13"),
        ))
        .bind(&[
            d1::int(body.stall),
            d1::int(body.session),
            person.clone(),
            key.clone(),
            now.as_str().into(),
            today.as_str().into(),
            random::hex::<10>()?.into(),
            market.clone(),
            d1::text_or_null(body.target_group.map(TargetGroup::as_str)),
            facts.check_in_grace_minutes.into(),
            // A walk-in is checked in as it is booked.
            d1::state(BookingStatus::CheckedIn),
            given_up(),
            approved(),
        ])?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller, AuditAction::StallWalkIn, format!("market:{}", ctx.params.market))
                .after(json!({ "stall": body.stall, "session": body.session })),
        )?,
    ])
    .await?;
    match made().await? {
        Some(booking) => same_walk_in(booking, &body),
        None => Err(why_not(&ctx.config.db, vendor.id, body.stall, body.session, &today, Some(ctx.params.market))
            .await?
            .into()),
    }
}

/// What a key already booked for a walk-in: the booking, if it is the one asked for again.
fn same_walk_in(booking: ManagedBooking, body: &WalkInRequest) -> Outcome<ManagedBooking> {
    if booking.stall == body.stall && booking.session == body.session {
        Ok(booking)
    } else {
        Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_message(
                "这个请求编号已用于另一个预约，请刷新后重试。",
                "This request key was used for another booking; reload and try again.",
            )
            .into())
    }
}

/// Marks a booking's vendor absent once its session has started, which frees the stall for a
/// walk-in; the no-show that reaches the zone's limit within its days also suspends the vendor
/// from the market's bookings, in the same batch. Marking again answers with it marked.
pub async fn no_show(ctx: Ctx<endpoints::MarkNoShow>, _: ()) -> Outcome<ManagedBooking> {
    let caller = ctx.caller()?.person_id;
    let (booking, market) = (d1::int(ctx.params.booking), d1::int(ctx.params.market));
    let now = clock::timestamp();
    let today = clock::today().to_string();
    let db = &ctx.config.db;
    db.batch(vec![
        db.prepare(
            "UPDATE stall_bookings SET status = ?5, absent_at = ?3
              WHERE id = ?1 AND market_id = ?2 AND status IN (SELECT value FROM json_each(?4))
                AND EXISTS (SELECT 1 FROM market_sessions se WHERE se.id = stall_bookings.session_id
                             AND datetime(se.day || ' ' || se.starts) <= ?3)",
        )
        .bind(
            &[
                &[booking.clone(), market.clone(), now.as_str().into()][..],
                &d1::step::<BookingStatus>(BookingAction::MarkAbsent),
            ]
            .concat(),
        )?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller, AuditAction::StallNoShow, format!("stall_booking:{}", ctx.params.booking))
                .before(json!({ "status": BookingStatus::Booked.as_str() }))
                .after(json!({ "status": BookingStatus::NoShow.as_str() })),
        )?,
        db.prepare(
            "INSERT INTO stall_suspensions (person_id, market_id, until_day, booking_id, created_at)
             SELECT b.person_id, b.market_id, date(?4, '+' || z.suspension_days || ' days'), b.id, ?3
               FROM stall_bookings b JOIN market_zones z ON z.id = b.zone_id
              WHERE b.id = ?1 AND b.market_id = ?2 AND b.status = ?5 AND b.absent_at = ?3
                AND z.suspension_days > 0
                AND (SELECT count(*) FROM stall_bookings x
                      WHERE x.person_id = b.person_id AND x.market_id = b.market_id AND x.status = ?5
                        AND x.absent_at >= datetime(?3, '-' || z.no_show_days || ' days')) >= z.no_show_limit
             ON CONFLICT DO NOTHING",
        )
        // One state bound (`?5`), so the partial index of no-shows serves the count.
        .bind(&[
            booking.clone(),
            market.clone(),
            now.as_str().into(),
            today.into(),
            d1::state(BookingStatus::NoShow),
        ])?,
    ])
    .await?;
    let found = managed_where(&ctx.config, "b.id = ?1 AND b.market_id = ?2", &[booking, market]).await?;
    match found {
        Some(booking) => match booking.status.after(BookingAction::MarkAbsent, BookingActor::Desk) {
            Err(BookingRefusal::AlreadyDone) => Ok(booking),
            Err(refusal) => Err(ApiError::from(refusal).into()),
            // Still booked after the conditional write: its session has not started.
            Ok(_) => Err(ApiError::new(ErrorKind::NotNow)
                .with_message(
                    format!("这一场 {} {} 开市，开市后才能标记未到场。", booking.day, booking.starts),
                    format!(
                        "The session opens on {} at {}: mark a no-show once it has started.",
                        booking.day, booking.starts
                    ),
                )
                .into()),
        },
        None => Err(ApiError::new(ErrorKind::NotFound)
            .with_message("本市场没有这个预约。", "This market has no such booking.")
            .into()),
    }
}

/// Opens sessions on the plan's days; days already holding a session at that start keep it.
pub async fn open_sessions(ctx: Ctx<endpoints::OpenSessions>, body: SessionPlan) -> Outcome<SessionsCreated> {
    let caller = ctx.caller()?.person_id;
    let days = plan_days(&body, clock::today()).map_err(ApiError::invalid_fields)?;
    let db = &ctx.config.db;
    let market = d1::int(ctx.params.market);
    let mut statements = days
        .iter()
        .map(|day| {
            db.prepare(
                "INSERT INTO market_sessions (market_id, day, starts, ends, week) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (market_id, day, starts) DO NOTHING RETURNING day",
            )
            .bind(&[
                market.clone(),
                day.to_string().into(),
                body.starts.as_str().into(),
                body.ends.as_str().into(),
                week_of(*day).to_string().into(),
            ])
        })
        .collect::<Result<Vec<_>, _>>()?;
    statements.push(audit::statement(
        &ctx.config,
        Entry::always(caller, AuditAction::StallSessions, format!("market:{}", ctx.params.market))
            .after(json!({ "from": body.from, "to": body.to, "weekdays": body.weekdays, "starts": body.starts, "ends": body.ends })),
    )?);
    let results = db.batch(statements).await?;
    let mut made = SessionsCreated { created: Vec::new(), existing: Vec::new() };
    for (day, result) in days.iter().zip(&results) {
        let list =
            if result.results::<serde_json::Value>()?.is_empty() { &mut made.existing } else { &mut made.created };
        list.push(day.to_string());
    }
    Ok(made)
}

/// Sets a zone's rules; they apply to bookings made from then on.
pub async fn set_rules(ctx: Ctx<endpoints::SetZoneRules>, rules: ZoneRules) -> Outcome<Zone> {
    let caller = ctx.caller()?.person_id;
    ApiError::unless_invalid(rules.problems())?;
    let (zone, market) = (d1::int(ctx.params.zone), d1::int(ctx.params.market));
    let db = &ctx.config.db;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE market_zones SET window_days = ?3, per_session = ?4, per_week = ?5, cancel_hours = ?6,
                        no_show_limit = ?7, no_show_days = ?8, suspension_days = ?9, fee_waived_for = ?10,
                        book_until_hours = ?11, check_in_grace_minutes = ?12, fee_payment = ?13
                  WHERE id = ?1 AND market_id = ?2",
            )
            .bind(&[
                zone.clone(),
                market.clone(),
                rules.window_days.into(),
                rules.per_session.into(),
                rules.per_week.into(),
                rules.cancel_hours.into(),
                rules.no_show_limit.into(),
                rules.no_show_days.into(),
                rules.suspension_days.into(),
                waiver_text(&rules.fee_waived_for).into(),
                rules.book_until_hours.into(),
                rules.check_in_grace_minutes.into(),
                rules.fee_payment.as_str().into(),
            ])?,
            audit::statement(
                &ctx.config,
                Entry::if_changed(caller, AuditAction::StallRules, format!("zone:{}", ctx.params.zone))
                    .after(serde_json::to_value(&rules).map_err(Failure::internal)?),
            )?,
            db.prepare(format!("{ZONE} WHERE id = ?1 AND market_id = ?2")).bind(&[zone, market])?,
        ])
        .await?;
    results[2]
        .results::<ZoneRow>()?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound).with_message("本市场没有这个区。", "This market has no such zone.")
        })?
        .zone()
}

/// The target groups a zone waives the fee for, as stored: space-separated, each once.
fn waiver_text(groups: &[TargetGroup]) -> String {
    TargetGroup::ALL.iter().filter(|g| groups.contains(g)).map(|g| g.as_str()).collect::<Vec<_>>().join(" ")
}

/// Adds a batch of numbered stalls to a zone of this market, in one statement; numbers the
/// zone already has keep their stall as it is.
pub async fn add_stalls(ctx: Ctx<endpoints::AddStalls>, batch: StallBatch) -> Outcome<StallsAdded> {
    #[derive(Deserialize)]
    struct Added {
        number: String,
    }
    let caller = ctx.caller()?.person_id;
    let numbers = batch.numbers().map_err(ApiError::invalid_fields)?;
    let (zone, market) = (d1::int(ctx.params.zone), d1::int(ctx.params.market));
    let db = &ctx.config.db;
    let listed = serde_json::to_string(&numbers).map_err(Failure::internal)?;
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO stalls (zone_id, number, size_m2, fee_fen, amenities)
                 SELECT z.id, n.value, ?3, ?4, ?5 FROM market_zones z, json_each(?6) n
                  WHERE z.id = ?1 AND z.market_id = ?2
                 ON CONFLICT (zone_id, number) DO NOTHING RETURNING number",
            )
            .bind(&[
                zone.clone(),
                market.clone(),
                batch.size_m2.into(),
                batch.fee_fen.into(),
                batch.amenities_text().into(),
                listed.into(),
            ])?,
            audit::statement(
                &ctx.config,
                Entry::if_changed(caller, AuditAction::StallsAdded, format!("zone:{}", ctx.params.zone))
                    .after(serde_json::to_value(&batch).map_err(Failure::internal)?),
            )?,
            db.prepare("SELECT 1 AS found FROM market_zones WHERE id = ?1 AND market_id = ?2").bind(&[zone, market])?,
        ])
        .await?;
    if results[2].results::<serde_json::Value>()?.is_empty() {
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("本市场没有这个区。", "This market has no such zone.")
            .into());
    }
    let added: Vec<String> = results[0].results::<Added>()?.into_iter().map(|a| a.number).collect();
    let existing = numbers.into_iter().filter(|n| !added.contains(n)).collect();
    Ok(StallsAdded { added, existing })
}

/// The most days one CSV covers.
const MAX_CSV_DAYS: i64 = 92;

pub async fn fees(ctx: Ctx<endpoints::GetMarketFeesCsv>, query: FeesQuery) -> Outcome<String> {
    let from = parse_date(&query.from);
    let to = parse_date(&query.to);
    let mut problems = Vec::new();
    if from.is_none() {
        problems.push(FieldError::new("from", "开始日期须为 YYYY-MM-DD", "Start date must be YYYY-MM-DD"));
    }
    match (from, to) {
        (_, None) => problems.push(FieldError::new("to", "结束日期须为 YYYY-MM-DD", "End date must be YYYY-MM-DD")),
        (Some(from), Some(to)) if !(0..MAX_CSV_DAYS).contains(&days_between(from, to)) => {
            problems.push(FieldError::new(
                "to",
                format!("结束日期须在开始日期之后 {MAX_CSV_DAYS} 天内"),
                format!("End date must be within {MAX_CSV_DAYS} days on or after the start date"),
            ))
        }
        _ => {}
    }
    ApiError::unless_invalid(problems)?;
    let rows = fee_rows(&ctx.config.db, ctx.params.market, &query).await?;
    Ok(fees_csv(&rows))
}

async fn fee_rows(db: &D1Database, market: i64, query: &FeesQuery) -> Outcome<Vec<SessionFees>> {
    Ok(db
        .prepare(
            "SELECT se.day, se.starts, se.ends, z.name AS zone,
                    (SELECT count(*) FROM stalls st WHERE st.zone_id = z.id) AS stalls,
                    count(b.id) FILTER (WHERE b.status = ?4) AS booked,
                    count(b.id) FILTER (WHERE b.status = ?5) AS checked_in,
                    count(b.id) FILTER (WHERE b.status = ?6) AS no_show,
                    coalesce(sum(b.fee_fen) FILTER (WHERE b.status = ?5), 0) AS fees_fen
               FROM market_sessions se
               JOIN market_zones z ON z.market_id = se.market_id
               LEFT JOIN stall_bookings b ON b.session_id = se.id AND b.zone_id = z.id
              WHERE se.market_id = ?1 AND se.day BETWEEN ?2 AND ?3
              GROUP BY se.id, z.id
              ORDER BY se.day, se.starts, z.position",
        )
        .bind(&[
            d1::int(market),
            query.from.as_str().into(),
            query.to.as_str().into(),
            d1::state(BookingStatus::Booked),
            d1::state(BookingStatus::CheckedIn),
            d1::state(BookingStatus::NoShow),
        ])?
        .all()
        .await?
        .results::<SessionFees>()?)
}
