//! Producer declarations (自产自销声明): a vendor says what they grow or make and where, for a
//! market with an own-produce zone; the market's manager approves it (for a year) or refuses
//! it saying why. Bookings and lottery applications in own-produce zones check for an approved
//! one in their own statement (`super::declared`).

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::http::Outcome;
use crate::{clock, d1};
use getima_domain::api::{
    ApiError, Declaration, DeclarationDecision, DeclarationRequest, ErrorKind, ManagedDeclaration, MarketDeclarations,
    MyDeclarations, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::lifecycle::Lifecycle;
use getima_domain::masking;
use getima_domain::pii::Field;
use getima_domain::stalls::lifecycle::{DeclarationAction, DeclarationRefusal};
use getima_domain::stalls::{DECLARATION_VALID_DAYS, DeclarationStatus};
use serde::Deserialize;
use serde_json::json;
use worker::wasm_bindgen::JsValue;

/// The answer to a booking or application in an own-produce zone without an approved declaration.
pub(crate) fn needed() -> ApiError {
    ApiError::new(ErrorKind::NotNow).with_message(
        "自产自销区只给自己种、自己做的摊主：请先提交自产自销声明，市场审核通过后即可预约。",
        "The own-produce zone is for those who grow or make what they sell: declare it, and book once the market approves.",
    )
}

/// The columns every declaration row reads, from `producer_declarations d` and what it joins.
const DECLARATION: &str = "SELECT d.id, d.market_id AS market, m.name AS market_name, d.produce, d.origin, d.status,
        d.reason, d.declared_at, d.valid_until, p.name AS vendor_name, p.phone_sealed
   FROM producer_declarations d
   JOIN markets m ON m.id = d.market_id
   JOIN people p ON p.id = d.person_id";

#[derive(Deserialize)]
struct Row {
    id: i64,
    market: i64,
    market_name: String,
    produce: String,
    origin: String,
    status: String,
    reason: Option<String>,
    declared_at: String,
    valid_until: Option<String>,
    vendor_name: Option<String>,
    phone_sealed: Option<String>,
}

impl Row {
    fn status(&self) -> Outcome<DeclarationStatus> {
        d1::known(DeclarationStatus::parse(&self.status), "declaration status", &self.status)
    }

    fn mine(self) -> Outcome<Declaration> {
        Ok(Declaration {
            status: self.status()?,
            id: self.id,
            market: self.market,
            market_name: self.market_name,
            produce: self.produce,
            origin: self.origin,
            reason: self.reason,
            declared_at: self.declared_at,
            valid_until: self.valid_until,
        })
    }

    fn managed(self, config: &Config) -> Outcome<ManagedDeclaration> {
        let phone = self.phone_sealed.as_deref().and_then(|sealed| config.pii.open(Field::Phone, sealed));
        Ok(ManagedDeclaration {
            status: self.status()?,
            id: self.id,
            vendor: masking::name(self.vendor_name.as_deref().unwrap_or("?")),
            phone: phone.as_deref().map(masking::phone).unwrap_or_default(),
            produce: self.produce,
            origin: self.origin,
            reason: self.reason,
            declared_at: self.declared_at,
            valid_until: self.valid_until,
        })
    }
}

async fn rows_where(config: &Config, condition: &str, params: &[JsValue]) -> Outcome<Vec<Row>> {
    Ok(config
        .db
        .prepare(format!("{DECLARATION} WHERE {condition} LIMIT 100"))
        .bind(params)?
        .all()
        .await?
        .results::<Row>()?)
}

/// Files a declaration for a market that has an own-produce zone; one waits per vendor and
/// market at a time (the partial unique index), and a retry under the same key gets it back.
pub async fn declare(ctx: Ctx<endpoints::DeclareProducer>, body: DeclarationRequest) -> Outcome<Declaration> {
    let caller = ctx.caller()?.person_id;
    ApiError::unless_invalid(body.problems())?;
    let (person, key) = (d1::int(caller), JsValue::from_str(&body.idempotency_key));
    ctx.config
        .db
        .prepare(
            "INSERT INTO producer_declarations (person_id, market_id, idempotency_key, produce, origin, status, declared_at)
             SELECT ?1, m.id, ?3, ?4, ?5, ?7, ?6 FROM markets m
              WHERE m.id = ?2 AND EXISTS (SELECT 1 FROM market_zones z WHERE z.market_id = m.id AND z.kind = 'self_produced')
             ON CONFLICT DO NOTHING",
        )
        .bind(&[
            person.clone(),
            d1::int(body.market),
            key.clone(),
            body.produce.trim().into(),
            body.origin.trim().into(),
            clock::timestamp().into(),
            d1::state(DeclarationStatus::Pending),
        ])?
        .run()
        .await?;
    let by_key = rows_where(&ctx.config, "d.person_id = ?1 AND d.idempotency_key = ?2", &[person.clone(), key]).await?;
    if let Some(row) = by_key.into_iter().next() {
        return if row.market == body.market {
            row.mine()
        } else {
            Err(ApiError::new(ErrorKind::AlreadyExists)
                .with_message(
                    "这个请求编号已用于另一份声明，请刷新后重试。",
                    "This request key was used for another declaration; reload and try again.",
                )
                .into())
        };
    }
    let waiting = rows_where(
        &ctx.config,
        "d.person_id = ?1 AND d.market_id = ?2 AND d.status = ?3",
        &[person, d1::int(body.market), d1::state(DeclarationStatus::Pending)],
    )
    .await?;
    Err(match waiting.into_iter().next() {
        Some(row) => ApiError::new(ErrorKind::AlreadyExists).with_message(
            format!("您在{}已有一份声明等待审核。", row.market_name),
            format!("You already have a declaration waiting for review at {}.", row.market_name),
        ),
        None => ApiError::new(ErrorKind::NotFound).with_field(
            "market",
            "这个市场没有自产自销区。",
            "That market has no own-produce zone.",
        ),
    }
    .into())
}

pub async fn mine(ctx: Ctx<endpoints::ListMyDeclarations>, _: ()) -> Outcome<MyDeclarations> {
    let caller = ctx.caller()?.person_id;
    let rows = rows_where(&ctx.config, "d.person_id = ?1 ORDER BY d.id DESC", &[d1::int(caller)]).await?;
    Ok(MyDeclarations { declarations: rows.into_iter().map(Row::mine).collect::<Outcome<_>>()? })
}

pub async fn of_market(ctx: Ctx<endpoints::ListMarketDeclarations>, _: ()) -> Outcome<MarketDeclarations> {
    let rows = rows_where(
        &ctx.config,
        "d.market_id = ?1 ORDER BY d.status = ?2 DESC, d.id DESC",
        &[d1::int(ctx.params.market), d1::state(DeclarationStatus::Pending)],
    )
    .await?;
    Ok(MarketDeclarations {
        declarations: rows.into_iter().map(|row| row.managed(&ctx.config)).collect::<Outcome<_>>()?,
    })
}

/// Approves (for a year from today) or refuses a waiting declaration of this market, batched
/// with its audit entry. The same decision again answers with it; a different one is refused.
pub async fn decide(ctx: Ctx<endpoints::DecideDeclaration>, body: DeclarationDecision) -> Outcome<ManagedDeclaration> {
    let caller = ctx.caller()?.person_id;
    ApiError::unless_invalid(body.problems())?;
    let (declaration, market) = (d1::int(ctx.params.declaration), d1::int(ctx.params.market));
    let step = DeclarationAction::Decide { approve: body.approve };
    let [from, to] = d1::step::<DeclarationStatus>(step);
    let (status, action) = if body.approve {
        (DeclarationStatus::Approved, AuditAction::DeclarationApproved)
    } else {
        (DeclarationStatus::Rejected, AuditAction::DeclarationRefused)
    };
    let db = &ctx.config.db;
    db.batch(vec![
        db.prepare(
            "UPDATE producer_declarations
                SET status = ?3, reason = ?4, decided_by = ?5, decided_at = ?6,
                    valid_until = CASE WHEN ?3 = ?9 THEN date(?7, '+' || ?8 || ' days') END
              WHERE id = ?1 AND market_id = ?2 AND status IN (SELECT value FROM json_each(?10))",
        )
        .bind(&[
            declaration.clone(),
            market.clone(),
            to,
            d1::text_or_null(body.reason.as_deref().map(str::trim)),
            d1::int(caller),
            clock::timestamp().into(),
            clock::today().to_string().into(),
            DECLARATION_VALID_DAYS.into(),
            // An approval runs for a year.
            d1::state(DeclarationStatus::Approved),
            from,
        ])?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller, action, format!("producer_declaration:{}", ctx.params.declaration))
                .before(json!({ "status": DeclarationStatus::Pending.as_str() }))
                .after(json!({ "status": status.as_str() })),
        )?,
    ])
    .await?;
    let found = rows_where(&ctx.config, "d.id = ?1 AND d.market_id = ?2", &[declaration, market]).await?;
    let row = found.into_iter().next().ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound).with_message("本市场没有这份声明。", "This market has no such declaration.")
    })?;
    match row.status()?.refusal(step) {
        DeclarationRefusal::AlreadyDone => row.managed(&ctx.config),
        refusal => Err(ApiError::from(refusal).into()),
    }
}
