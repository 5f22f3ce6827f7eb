//! Stall lotteries (摇号): a manager opens one for a lottery zone's session, and its seed's
//! hash is public from that moment; vendors apply until the cutoff; the draw reveals the seed,
//! ranks the published entries by `getima_domain::stalls::rank` and books the winners, passing
//! over (and publishing why) any entry whose vendor is suspended, over a limit or no longer
//! declared at the draw. Anyone can re-run the draw from what `GET /api/stall-lotteries/{id}`
//! publishes.

use super::{approved, declared, fee_columns, given_up, holding, over_limit, suspended};
use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, random};
use getima_domain::api::{
    ApiError, ErrorKind, FieldError, Lottery, LotteryApplication, LotteryRequest, MyLotteryEntry, PublishedEntry,
    Winner, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::lifecycle::Lifecycle;
use getima_domain::masking;
use getima_domain::registration::idempotency_key_problem;
use getima_domain::stalls::lifecycle::{LotteryAction, LotteryActor, LotteryState};
use getima_domain::stalls::{
    BookingStatus, LotteryEntry, MAX_WEIGHT, SkipReason, TargetGroup, commitment, parse_minute, rank, reveals,
};
use serde::Deserialize;
use serde_json::json;
use worker::D1Database;
use worker::wasm_bindgen::JsValue;

/// Now as lottery cutoffs are written, `YYYY-MM-DD HH:MM` China time.
fn this_minute() -> String {
    clock::timestamp()[..16].to_string()
}

fn no_such_lottery() -> ApiError {
    ApiError::new(ErrorKind::NotFound).with_message("没有这次摇号。", "There is no such lottery.")
}

#[derive(Deserialize)]
struct LotteryRow {
    id: i64,
    market: i64,
    market_name: String,
    zone: i64,
    zone_name: String,
    session: i64,
    day: String,
    starts: String,
    ends: String,
    cutoff: String,
    priority_weight: u32,
    places: u32,
    commitment: String,
    seed: String,
    drawn_at: Option<String>,
}

#[derive(Deserialize)]
struct EntryRow {
    entry: i64,
    weight: u32,
    name: Option<String>,
    target_group: Option<String>,
    rank: Option<u32>,
    stall_number: Option<String>,
    skipped: Option<String>,
}

/// A lottery with its entries, the seed only once drawn. `market` scopes it for managers.
async fn load(db: &D1Database, lottery: i64, market: Option<i64>) -> Outcome<(LotteryRow, Vec<EntryRow>)> {
    let id = d1::int(lottery);
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT l.id, l.market_id AS market, m.name AS market_name, z.id AS zone, z.name AS zone_name,
                        se.id AS session, se.day, se.starts, se.ends, l.cutoff, l.priority_weight,
                        coalesce(l.places, (SELECT count(*) FROM stalls st WHERE st.zone_id = z.id)) AS places,
                        l.commitment, l.seed, l.drawn_at
                   FROM stall_lotteries l
                   JOIN markets m ON m.id = l.market_id
                   JOIN market_zones z ON z.id = l.zone_id
                   JOIN market_sessions se ON se.id = l.session_id
                  WHERE l.id = ?1 AND l.market_id = coalesce(?2, l.market_id)",
            )
            .bind(&[id.clone(), market.map_or(JsValue::NULL, d1::int)])?,
            db.prepare(
                "SELECT e.id AS entry, e.weight, p.name, e.target_group, e.rank, st.number AS stall_number, e.skipped
                   FROM lottery_entries e JOIN people p ON p.id = e.person_id LEFT JOIN stalls st ON st.id = e.stall_id
                  WHERE e.lottery_id = ?1 ORDER BY e.id",
            )
            .bind(&[id])?,
        ])
        .await?;
    let row = results[0].results::<LotteryRow>()?.into_iter().next().ok_or_else(no_such_lottery)?;
    Ok((row, results[1].results::<EntryRow>()?))
}

fn published(row: LotteryRow, entries: Vec<EntryRow>) -> Outcome<Lottery> {
    let mut winners: Vec<(u32, Winner)> = entries
        .iter()
        .filter_map(|e| Some((e.rank?, Winner { entry: e.entry, stall_number: e.stall_number.clone()? })))
        .collect();
    winners.sort_by_key(|(rank, _)| *rank);
    let entries = entries
        .into_iter()
        .map(|e| {
            let target_group = match e.target_group.as_deref() {
                Some(group) => Some(d1::known(TargetGroup::parse(group), "target group", group)?),
                None => None,
            };
            let skipped = match e.skipped.as_deref() {
                Some(reason) => Some(d1::known(SkipReason::parse(reason), "skip reason", reason)?),
                None => None,
            };
            Ok(PublishedEntry {
                entry: e.entry,
                weight: e.weight,
                applicant: masking::name(e.name.as_deref().unwrap_or("?")),
                target_group,
                skipped,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    let drawn = row.drawn_at.is_some();
    Ok(Lottery {
        id: row.id,
        market: row.market,
        market_name: row.market_name,
        zone: row.zone,
        zone_name: row.zone_name,
        session: row.session,
        day: row.day,
        starts: row.starts,
        ends: row.ends,
        cutoff: row.cutoff,
        priority_weight: row.priority_weight,
        places: row.places,
        commitment: row.commitment,
        seed: drawn.then_some(row.seed),
        drawn_at: row.drawn_at,
        entries,
        winners: winners.into_iter().map(|(_, w)| w).collect(),
    })
}

pub async fn view(ctx: Ctx<endpoints::GetLottery>, _: ()) -> Outcome<Lottery> {
    let (row, entries) = load(&ctx.config.db, ctx.params.lottery, None).await?;
    published(row, entries)
}

/// Opens a lottery for a session of a lottery zone of this market, before the session starts
/// and with a cutoff between now and its start; one per zone and session.
pub async fn open(ctx: Ctx<endpoints::OpenLottery>, body: LotteryRequest) -> Outcome<Lottery> {
    #[derive(Deserialize)]
    struct Facts {
        mode: Option<String>,
        session_starts: Option<String>,
        existing: Option<i64>,
    }
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let caller = ctx.caller()?.person_id;
    let now = this_minute();
    let mut problems = Vec::new();
    if parse_minute(&body.cutoff).is_none() {
        problems.push(FieldError::new("cutoff", "截止时间须为 YYYY-MM-DD HH:MM", "Cutoff must be YYYY-MM-DD HH:MM"));
    } else if body.cutoff <= now {
        problems.push(FieldError::new("cutoff", "截止时间须晚于现在", "Cutoff must be later than now"));
    }
    if !(1..=MAX_WEIGHT).contains(&body.priority_weight) {
        problems.push(FieldError::new(
            "priority_weight",
            format!("优先倍数须为 1 到 {MAX_WEIGHT}"),
            format!("Priority weight must be from 1 to {MAX_WEIGHT}"),
        ));
    }
    ApiError::unless_invalid(problems)?;
    let db = &ctx.config.db;
    let market = d1::int(ctx.params.market);
    let facts = db
        .prepare(
            "SELECT (SELECT mode FROM market_zones WHERE id = ?1 AND market_id = ?3) AS mode,
                    (SELECT day || ' ' || starts FROM market_sessions WHERE id = ?2 AND market_id = ?3) AS session_starts,
                    (SELECT id FROM stall_lotteries WHERE zone_id = ?1 AND session_id = ?2) AS existing",
        )
        .bind(&[d1::int(body.zone), d1::int(body.session), market.clone()])?
        .first::<Facts>(None)
        .await?
        .ok_or_else(|| Failure::internal("a SELECT without FROM gave no row"))?;
    match (facts.mode.as_deref(), facts.session_starts.as_deref(), facts.existing) {
        (None, _, _) => {
            return Err(ApiError::invalid("zone", "本市场没有这个区", "This market has no such zone").into());
        }
        (Some(mode), _, _) if mode != "lottery" => {
            return Err(ApiError::invalid(
                "zone",
                "这个区是先到先得，不用摇号",
                "This zone is first come, first served",
            )
            .into());
        }
        (_, None, _) => {
            return Err(ApiError::invalid("session", "本市场没有这一场", "This market has no such session").into());
        }
        (_, Some(starts), _) if body.cutoff.as_str() > starts => {
            return Err(ApiError::invalid(
                "cutoff",
                format!("截止时间须在开市（{starts}）之前"),
                format!("Cutoff must be before the session starts ({starts})"),
            )
            .into());
        }
        (_, _, Some(_)) => {
            return Err(ApiError::new(ErrorKind::AlreadyExists)
                .with_message("这个区这一场已经有摇号了。", "This zone already has a lottery for this session.")
                .into());
        }
        _ => {}
    }
    let seed = random::bytes::<32>()?;
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO stall_lotteries (market_id, zone_id, session_id, cutoff, priority_weight, commitment, seed,
                                              opened_by, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (zone_id, session_id) DO NOTHING",
            )
            .bind(&[
                market,
                d1::int(body.zone),
                d1::int(body.session),
                body.cutoff.as_str().into(),
                body.priority_weight.into(),
                commitment(&seed).into(),
                getima_domain::hex::encode(&seed).into(),
                d1::int(caller),
                clock::timestamp().into(),
            ])?,
            audit::statement(
                &ctx.config,
                Entry::if_changed(caller, AuditAction::LotteryOpen, format!("market:{}", ctx.params.market)).after(
                    json!({ "zone": body.zone, "session": body.session, "cutoff": body.cutoff, "commitment": commitment(&seed) }),
                ),
            )?,
            db.prepare("SELECT id FROM stall_lotteries WHERE zone_id = ?1 AND session_id = ?2")
                .bind(&[d1::int(body.zone), d1::int(body.session)])?,
        ])
        .await?;
    if !d1::changed(&results[0])? {
        return Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_message("这个区这一场已经有摇号了。", "This zone already has a lottery for this session.")
            .into());
    }
    let id = d1::first_row::<Id>(&results[2], "lottery just opened")?.id;
    let (row, entries) = load(db, id, Some(ctx.params.market)).await?;
    published(row, entries)
}

/// Applies for a lottery before its cutoff, once per person; a retry with the same key gets
/// the same entry back.
pub async fn apply(ctx: Ctx<endpoints::ApplyForLottery>, body: LotteryApplication) -> Outcome<MyLotteryEntry> {
    #[derive(Deserialize)]
    struct Facts {
        cutoff: String,
        drawn: u8,
        declared: u8,
        suspended_until: Option<String>,
    }
    let caller = ctx.caller()?.person_id;
    ApiError::unless_invalid(idempotency_key_problem(&body.idempotency_key).into_iter().collect())?;
    let db = &ctx.config.db;
    let (lottery, person, key) = (d1::int(body.lottery), d1::int(caller), JsValue::from_str(&body.idempotency_key));
    let today = clock::today().to_string();
    db.prepare(format!(
        "INSERT INTO lottery_entries (lottery_id, person_id, idempotency_key, target_group, weight, applied_at)
         SELECT l.id, ?2, ?3, ?4, CASE WHEN ?4 IS NULL THEN 1 ELSE l.priority_weight END, ?5
           FROM stall_lotteries l JOIN market_zones z ON z.id = l.zone_id
          WHERE l.id = ?1 AND l.drawn_at IS NULL AND l.cutoff > ?6
            AND NOT EXISTS (SELECT 1 FROM stall_suspensions s
                             WHERE s.person_id = ?2 AND s.market_id = l.market_id AND s.until_day > ?7)
            AND {declared}
         ON CONFLICT DO NOTHING",
        declared = declared("z", "?2", "?7", "?8"),
    ))
    .bind(&[
        lottery.clone(),
        person.clone(),
        key.clone(),
        d1::text_or_null(body.target_group.map(TargetGroup::as_str)),
        clock::timestamp().into(),
        this_minute().into(),
        today.as_str().into(),
        approved(),
    ])?
    .run()
    .await?;
    let mine = entries_where(db, "e.person_id = ?1 AND e.lottery_id = ?2", &[person.clone(), lottery.clone()]).await?;
    if let Some((entry, entry_key)) = mine.into_iter().next() {
        return if entry_key == body.idempotency_key {
            Ok(entry)
        } else {
            Err(ApiError::new(ErrorKind::AlreadyExists)
                .with_message(
                    format!("您已报名这次摇号（报名号 {}）。", entry.entry),
                    format!("You have already applied for this lottery (entry {}).", entry.entry),
                )
                .into())
        };
    }
    let facts = db
        .prepare(format!(
            "SELECT l.cutoff, l.drawn_at IS NOT NULL AS drawn, {declared} AS declared,
                    (SELECT max(s.until_day) FROM stall_suspensions s
                      WHERE s.person_id = ?2 AND s.market_id = l.market_id AND s.until_day > ?3) AS suspended_until
               FROM stall_lotteries l JOIN market_zones z ON z.id = l.zone_id WHERE l.id = ?1",
            declared = declared("z", "?2", "?3", "?4"),
        ))
        .bind(&[lottery, person, today.into(), approved()])?
        .first::<Facts>(None)
        .await?
        .ok_or_else(no_such_lottery)?;
    Err(match facts.suspended_until {
        Some(until) => ApiError::new(ErrorKind::NotNow).with_message(
            format!("因多次预约未到场，您在这个市场暂停预约，{until} 起可再报名。"),
            format!("After several no-shows you may not apply at this market until {until}."),
        ),
        None if facts.declared == 0 => super::declarations::needed(),
        None => match LotteryState::of(facts.drawn == 1).after(LotteryAction::Enter, LotteryActor::Vendor) {
            Err(refusal) => refusal.into(),
            Ok(_) => ApiError::new(ErrorKind::NotNow).with_message(
                format!("报名已于 {} 截止。", facts.cutoff),
                format!("Applications closed at {}.", facts.cutoff),
            ),
        },
    }
    .into())
}

/// The columns of a [`MyLotteryEntry`], from `lottery_entries e` and what it joins.
async fn entries_where(db: &D1Database, condition: &str, params: &[JsValue]) -> Outcome<Vec<(MyLotteryEntry, String)>> {
    #[derive(Deserialize)]
    struct Row {
        entry: i64,
        lottery: i64,
        market_name: String,
        zone_name: String,
        day: String,
        starts: String,
        cutoff: String,
        weight: u32,
        drawn: u8,
        won_stall: Option<String>,
        idempotency_key: String,
    }
    let rows = db
        .prepare(format!(
            "SELECT e.id AS entry, l.id AS lottery, m.name AS market_name, z.name AS zone_name, se.day, se.starts,
                    l.cutoff, e.weight, l.drawn_at IS NOT NULL AS drawn, st.number AS won_stall, e.idempotency_key
               FROM lottery_entries e
               JOIN stall_lotteries l ON l.id = e.lottery_id
               JOIN markets m ON m.id = l.market_id
               JOIN market_zones z ON z.id = l.zone_id
               JOIN market_sessions se ON se.id = l.session_id
               LEFT JOIN stalls st ON st.id = e.stall_id
              WHERE {condition} ORDER BY se.day, se.starts, e.id"
        ))
        .bind(params)?
        .all()
        .await?
        .results::<Row>()?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let entry = MyLotteryEntry {
                entry: r.entry,
                lottery: r.lottery,
                market_name: r.market_name,
                zone_name: r.zone_name,
                day: r.day,
                starts: r.starts,
                cutoff: r.cutoff,
                weight: r.weight,
                drawn: r.drawn == 1,
                won_stall: r.won_stall,
            };
            (entry, r.idempotency_key)
        })
        .collect())
}

/// A person's applications, soonest session first.
pub async fn entries_of(db: &D1Database, person: i64) -> Outcome<Vec<MyLotteryEntry>> {
    Ok(entries_where(db, "e.person_id = ?1", &[d1::int(person)]).await?.into_iter().map(|(entry, _)| entry).collect())
}

/// Runs the draw once the cutoff has passed: the seed is checked against its published hash
/// and every entry ranked by it; then, in one batch, each free stall of the zone in number order
/// goes to the best-ranked entry not yet placed whose vendor may hold it now — not suspended
/// from the market, within the zone's per-session and weekly limits, and (own produce) still
/// declared, as booking checks — and the entries passed over are marked with why, so the
/// published draw re-runs to the same winners. Of two draws fired at once, only the one whose
/// token the lottery took writes anything; drawing again answers with the result.
pub async fn run_draw(ctx: Ctx<endpoints::DrawLottery>, _: ()) -> Outcome<Lottery> {
    let caller = ctx.caller()?.person_id;
    let db = &ctx.config.db;
    let (row, entries) = load(db, ctx.params.lottery, Some(ctx.params.market)).await?;
    if LotteryState::of(row.drawn_at.is_some()).after(LotteryAction::Draw, LotteryActor::Desk).is_err() {
        return published(row, entries);
    }
    if this_minute() < row.cutoff {
        return Err(ApiError::new(ErrorKind::NotNow)
            .with_message(
                format!("报名 {} 截止，截止后才能开奖。", row.cutoff),
                format!("Applications close at {}: draw after that.", row.cutoff),
            )
            .into());
    }
    let seed = reveals(&row.commitment, &row.seed).ok_or_else(|| {
        Failure::internal(format!("lottery {} holds a seed that is not the one committed to", row.id))
    })?;
    let (zone, session) = (d1::int(row.zone), d1::int(row.session));
    let published_entries: Vec<LotteryEntry> =
        entries.iter().map(|e| LotteryEntry { entry: e.entry, weight: e.weight }).collect();
    let ranked = rank(&seed, &published_entries);
    let ranking = serde_json::to_string(&ranked).map_err(Failure::internal)?;
    // One statement per stall that may be given (the zone's stalls, before the draw): never
    // more than there are stalls or entries; each gives one only while one is free.
    let places = (row.places as usize).min(ranked.len());
    let passes = (0..places).map(|_| random::hex::<10>()).collect::<Outcome<Vec<String>>>()?;
    let passes = serde_json::to_string(&passes).map_err(Failure::internal)?;
    let (lottery, token, now) = (d1::int(row.id), JsValue::from_str(&random::hex::<16>()?), clock::timestamp());
    let today = clock::today().to_string();
    // ?1 lottery, ?2 token, ?3 zone, ?4 session, ?5 ranking (entry ids, best first), ?6 today;
    // the states compared with: ?7 the bookings holding a stall, ?8 a booking given up, ?9 an
    // approved declaration; and, passing entries over, ?10–?12 why.
    let params = [
        lottery.clone(),
        token.clone(),
        zone,
        session,
        ranking.into(),
        today.as_str().into(),
        holding(),
        given_up(),
        approved(),
    ];
    let reasons = [SkipReason::Suspended, SkipReason::NoDeclaration, SkipReason::OverLimit].map(|r| r.as_str().into());
    let skipping = [&params[..], &reasons].concat();
    let drawing = "EXISTS (SELECT 1 FROM stall_lotteries WHERE id = ?1 AND draw_token = ?2)";
    let first_free = "(SELECT st.id FROM stalls st
                        WHERE st.zone_id = ?3
                          AND NOT EXISTS (SELECT 1 FROM stall_bookings b WHERE b.stall_id = st.id AND b.session_id = ?4
                                             AND b.status IN (SELECT value FROM json_each(?7)))
                          AND NOT EXISTS (SELECT 1 FROM lottery_entries w WHERE w.lottery_id = ?1 AND w.stall_id = st.id)
                        ORDER BY st.number LIMIT 1)";
    let eligible = format!(
        "NOT {suspended} AND NOT {over} AND {declared}",
        suspended = suspended("e.person_id", "?6"),
        over = over_limit("e.person_id", "?8"),
        declared = declared("z", "e.person_id", "?6", "?9"),
    );
    let mut batch = vec![
        db.prepare(format!(
            "UPDATE stall_lotteries SET drawn_at = ?3, draw_token = ?2, places = ({FREE_OF_LOTTERY})
              WHERE id = ?1 AND drawn_at IS NULL"
        ))
        .bind(&[lottery.clone(), token.clone(), now.as_str().into(), holding()])?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller, AuditAction::LotteryDraw, format!("lottery:{}", row.id))
                .after(json!({ "seed": row.seed, "ranked": ranked })),
        )?,
    ];
    // Each place to the best-ranked entry still unplaced that may hold a stall now.
    for _ in 0..places {
        batch.push(
            db.prepare(format!(
                "UPDATE lottery_entries
                    SET stall_id = {first_free},
                        rank = (SELECT count(*) FROM lottery_entries w WHERE w.lottery_id = ?1 AND w.stall_id IS NOT NULL) + 1
                  WHERE id = (SELECT e.id FROM json_each(?5) r
                                JOIN lottery_entries e ON e.id = r.value AND e.lottery_id = ?1
                                JOIN stall_lotteries l ON l.id = e.lottery_id
                                JOIN market_zones z ON z.id = l.zone_id
                                JOIN market_sessions se ON se.id = l.session_id
                               WHERE e.stall_id IS NULL AND {eligible}
                               ORDER BY r.key LIMIT 1)
                    AND {drawing} AND {first_free} IS NOT NULL"
            ))
            .bind(&params)?,
        );
    }
    batch.extend([
        // Every entry the draw passed over (ranked before the last winner, or any while places
        // went unfilled) is published with why, checked in booking's order, so a re-run passes
        // over the same entries; one ranked too low to win anyway is nobody's business.
        db.prepare(format!(
            "UPDATE lottery_entries AS e
                SET skipped = CASE WHEN {suspended} THEN ?10
                                   WHEN NOT {declared} THEN ?11
                                   ELSE ?12 END
               FROM stall_lotteries l
               JOIN market_zones z ON z.id = l.zone_id
               JOIN market_sessions se ON se.id = l.session_id
              WHERE e.lottery_id = ?1 AND l.id = ?1 AND e.stall_id IS NULL AND NOT ({eligible}) AND {drawing}
                AND ((SELECT count(*) FROM lottery_entries w WHERE w.lottery_id = ?1 AND w.stall_id IS NOT NULL) < l.places
                     OR (SELECT r.key FROM json_each(?5) r WHERE r.value = e.id)
                        < (SELECT max(r.key) FROM json_each(?5) r
                             JOIN lottery_entries w ON w.id = r.value AND w.lottery_id = ?1 WHERE w.stall_id IS NOT NULL))",
            suspended = suspended("e.person_id", "?6"),
            declared = declared("z", "e.person_id", "?6", "?9"),
        ))
        .bind(&skipping)?,
        db.prepare(format!(
            "INSERT INTO stall_bookings (stall_id, session_id, person_id, idempotency_key, status, market_id,
                                         zone_id, public_interest, week, booked_at, pass, drawn, fee_fen, waived_for)
             SELECT st.id, se.id, e.person_id, 'lottery-' || e.lottery_id, ?5, z.market_id, z.id,
                    z.kind <> 'ordinary', se.week, ?3, json_extract(?4, '$[' || (e.rank - 1) || ']'), 1, {fee}
               FROM lottery_entries e
               JOIN stall_lotteries l ON l.id = e.lottery_id
               JOIN market_sessions se ON se.id = l.session_id
               JOIN stalls st ON st.id = e.stall_id
               JOIN market_zones z ON z.id = st.zone_id
              WHERE e.lottery_id = ?1 AND l.draw_token = ?2
             ON CONFLICT DO NOTHING",
            fee = fee_columns("e.target_group"),
        ))
        .bind(&[lottery, token, now.as_str().into(), passes.into(), d1::state(BookingStatus::Booked)])?,
    ]);
    db.batch(batch).await?;
    let (row, entries) = load(db, ctx.params.lottery, Some(ctx.params.market)).await?;
    published(row, entries)
}

/// The stalls of a lottery's zone free at its session: as many places as the draw gives.
/// The bookings holding a stall are bound at `?4`.
const FREE_OF_LOTTERY: &str = "SELECT count(*) FROM stalls st
          WHERE st.zone_id = stall_lotteries.zone_id
            AND NOT EXISTS (SELECT 1 FROM stall_bookings b WHERE b.stall_id = st.id
                               AND b.session_id = stall_lotteries.session_id
                               AND b.status IN (SELECT value FROM json_each(?4)))";
