//! Applications about a business already registered: a change of name, premises or trade,
//! a suspension, trading again, or closing. Filed by its owner; the approval of its last
//! task applies it to the household, and its public code page shows it at once.

use crate::config::Config;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::registration::filed::{Whose, load};
use crate::registration::{is_taken, name_states, name_taken, still_open};
use crate::{calendar, clock, codes, d1, random, registration::filing};
use getima_domain::accounts::Role;
use getima_domain::api::{
    ApiError, Application, CheckedOperator, ErrorKind, FieldError, HouseholdApplicationRequest, endpoints,
};
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::pii::Field;
use getima_domain::registration::{NameProblem, TaskKind, TaskStatus, UNKNOWN_TRADE, UNLISTED_ADDRESS};
use serde::Deserialize;
use worker::D1PreparedStatement;
use worker::wasm_bindgen::JsValue;

/// Whether an application about the household bound as `household` is still being handled:
/// a task in review or returned, and none refused (their states bound from `?states` on, as
/// [`open_states`]).
fn open_for(household: &str, states: u32) -> String {
    format!(
        "EXISTS (SELECT 1 FROM applications o WHERE o.target_household_id = {household} AND {})",
        still_open("o.id", states)
    )
}

/// Why a business in `status` cannot have `task` now, if it cannot.
fn ruled_out(task: TaskKind, status: HouseholdStatus) -> Option<(&'static str, &'static str)> {
    use HouseholdStatus::*;
    match (task, status) {
        (_, Deregistered) => Some(("这个个体户已注销。", "This business is closed.")),
        (TaskKind::Suspension, Suspended) => Some(("这个个体户已在歇业。", "This business is already suspended.")),
        (TaskKind::Resumption, Active) => Some(("这个个体户正在营业，无需恢复。", "This business is trading already.")),
        _ => None,
    }
}

/// The status a household has once an approved task of `task` applies, if it changes.
fn status_after(task: TaskKind) -> Option<HouseholdStatus> {
    match task {
        TaskKind::Suspension => Some(HouseholdStatus::Suspended),
        TaskKind::Resumption => Some(HouseholdStatus::Active),
        // A household that becomes a company is closed as a household; its page says which
        // company it became.
        TaskKind::Deregistration | TaskKind::Conversion => Some(HouseholdStatus::Deregistered),
        _ => None,
    }
}

pub async fn file(
    ctx: Ctx<endpoints::FileHouseholdApplication>,
    body: HouseholdApplicationRequest,
) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let today = clock::today();
    #[derive(Deserialize)]
    struct Target {
        id: i64,
        name: String,
        status: String,
        county_code: String,
        trade_code: String,
        /// The operator's identity is on record (copied onto the application, as for a new one).
        identified: u8,
        /// A phone to tell the applicant on: theirs, else the operator's on record.
        reachable: u8,
        operator_id_hash: Option<String>,
        operator_phone_hash: Option<String>,
        applicant_phone_hash: Option<String>,
    }
    #[derive(Deserialize)]
    struct Known {
        address: u8,
        trade: u8,
        taken: u8,
        open: u8,
        earlier: Option<i64>,
        earlier_bundle: Option<String>,
        earlier_target: Option<i64>,
    }
    let db = &config.db;
    // Ownership was checked by the endpoint's rule; the household is the one it names.
    let target = db
        .prepare(
            "SELECT h.id, h.name, h.status, h.county_code, h.trade_code,
                    h.operator_id_hash IS NOT NULL AS identified,
                    (p.phone_hash IS NOT NULL OR h.operator_phone_hash IS NOT NULL) AS reachable,
                    h.operator_id_hash, h.operator_phone_hash, p.phone_hash AS applicant_phone_hash
               FROM households h JOIN people p ON p.id = ?2 WHERE h.uscc = ?1",
        )
        .bind(&[ctx.params.uscc.0.as_str().into(), d1::int(caller.person_id)])?
        .first::<Target>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound))?;
    let mut checked = body.check(today, &target.name);
    // The name and trade the business would have: both are checked against others'.
    let name = checked.new_name.clone().unwrap_or_else(|| target.name.clone());
    let trade = body.new_trade.clone().unwrap_or_else(|| target.trade_code.clone());
    let (household, key) = (d1::int(target.id), JsValue::from_str(&body.idempotency_key));
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT (?4 IS NULL OR EXISTS (SELECT 1 FROM standard_addresses WHERE id = ?4 AND county_code = ?2)) AS address,
                        EXISTS (SELECT 1 FROM trades WHERE code = ?3) AS trade,
                        {} AS taken,
                        {} AS open,
                        e.id AS earlier, e.bundle AS earlier_bundle, e.target_household_id AS earlier_target
                   FROM (SELECT 1) LEFT JOIN applications e ON e.applicant_id = ?6 AND e.idempotency_key = ?7",
                name_taken("?1", "?2", "?3", 8),
                open_for("?5", 9),
            ))
            .bind(
                &[
                    &[
                        name.as_str().into(),
                        target.county_code.as_str().into(),
                        trade.as_str().into(),
                        body.new_address_id.map_or(JsValue::NULL, d1::int),
                        household.clone(),
                        d1::int(caller.person_id),
                        key.clone(),
                    ][..],
                    &name_states(),
                ]
                .concat(),
            )?,
            filing::bundle_tasks(db, &body.bundle)?,
        ])
        .await?;
    let known = d1::first_row::<Known>(&results[0], "household application checks")?;
    if let Some(earlier) = known.earlier {
        // A retry of what was filed gets it back; a key reused for something else is refused.
        if known.earlier_bundle.as_deref() != Some(body.bundle.as_str()) || known.earlier_target != Some(target.id) {
            return Err(filing::key_reused().into());
        }
        let work = calendar::around(config, today).await?;
        return load(config, &work, today, Whose::Applicant(caller.person_id), earlier).await;
    }
    let mut refuse = |field: &str, (zh, en): (String, String)| {
        if !checked.problems.iter().any(|p| p.field == field) {
            checked.problems.push(FieldError::new(field, zh, en));
        }
    };
    let words = |(zh, en): (&str, &str)| (zh.to_string(), en.to_string());
    if known.address == 0 {
        refuse("new_address_id", words(UNLISTED_ADDRESS));
    }
    if known.trade == 0 {
        refuse("new_trade", words(UNKNOWN_TRADE));
    }
    let new_operator = checked.new_operator.clone().map(|operator| Sealed::operator(config, operator)).transpose()?;
    if let Some(operator) = &new_operator {
        if target.operator_id_hash.as_deref() == Some(operator.id_hash.as_str()) {
            refuse(
                "new_operator.id_number",
                words(("这就是现在的经营者，无需变更", "This is the operator already; nothing to change")),
            );
        }
        // The business goes to the account of the phone given: never the one handing it over.
        let phone = Some(operator.phone_hash.as_str());
        if target.applicant_phone_hash.as_deref() == phone || target.operator_phone_hash.as_deref() == phone {
            refuse(
                "new_operator.phone",
                words((
                    "这是您或现经营者的手机号，请填写新经营者本人的手机号",
                    "This is your phone or the current operator's; give the new operator's own",
                )),
            );
        }
    }
    // Taken by another business: the household itself matches only when neither changes.
    if known.taken == 1 && (name != target.name || trade != target.trade_code) {
        let field = if name != target.name { "new_name" } else { "new_trade" };
        refuse(field, NameProblem::Taken.bilingual());
    }
    let tasks = results[1].results::<filing::BundleTask>()?;
    let (Some(task), true) = (body.task(), checked.problems.is_empty()) else {
        return Err(ApiError::invalid_fields(checked.problems).into());
    };
    let status = d1::known(HouseholdStatus::parse(&target.status), "household status", &target.status)?;
    if let Some((zh, en)) = ruled_out(task, status) {
        return Err(ApiError::new(ErrorKind::NotNow).with_message(zh, en).into());
    }
    if target.identified == 0 {
        return Err(ApiError::new(ErrorKind::NotNow)
            .with_message(
                "这个个体户没有登记经营者身份信息，请到登记窗口办理。",
                "This business has no operator identity on record; apply at the registration office.",
            )
            .into());
    }
    if target.reachable == 0 {
        return Err(ApiError::new(ErrorKind::NotNow)
            .with_message(
                "请先用手机号登录，以便接收办理结果。",
                "Sign in with your phone number first, so you can be told the outcome.",
            )
            .into());
    }
    let busy = || {
        ApiError::new(ErrorKind::NotNow).with_message(
            "这个个体户已有一份正在办理的申请，请等它办结后再申请。",
            "An application for this business is still being handled; wait until it is done.",
        )
    };
    if known.open == 1 {
        return Err(busy().into());
    }

    let carry_over = (!checked.carry_over.is_empty())
        .then(|| serde_json::to_string(&checked.carry_over))
        .transpose()
        .map_err(|e| Failure::internal(format!("carry-over list: {e}")))?;
    let work = calendar::around(config, today).await?;
    let now = clock::timestamp();
    let renaming = name != target.name || trade != target.trade_code;
    // One batch: the application only while none other for this business is open and the name
    // it takes is free (both checked again here, where concurrent filings are serialised), then
    // its tasks and first entry. The contact phone is the applicant's own, else the operator's.
    let name_states = name_states();
    let mut statements = vec![
        db.prepare(format!(
            "INSERT INTO applications (applicant_id, bundle, idempotency_key, shop_name, county_code, trade_code,
                                       address_id, operator_name, id_number_hash, id_number_sealed, phone_hash,
                                       phone_sealed, submitted_at, target_household_id, new_name, new_address_id,
                                       new_trade_code, suspend_until, company_name, carry_over, new_operator_name,
                                       new_operator_id_hash, new_operator_id_sealed, new_operator_phone_hash,
                                       new_operator_phone_sealed, service_address)
             SELECT ?2, ?3, ?4, h.name, h.county_code, h.trade_code, h.address_id, h.operator_name,
                    h.operator_id_hash, h.operator_id_sealed,
                    CASE WHEN p.phone_hash IS NOT NULL THEN p.phone_hash ELSE h.operator_phone_hash END,
                    CASE WHEN p.phone_hash IS NOT NULL THEN p.phone_sealed ELSE h.operator_phone_sealed END,
                    ?5, h.id, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?21
               FROM households h JOIN people p ON p.id = ?2
              WHERE h.id = ?1 AND NOT {} AND (?17 = 0 OR NOT {})
             ON CONFLICT (applicant_id, idempotency_key) DO NOTHING",
            open_for("?1", 23),
            name_taken("?18", "?19", "?20", 22),
        ))
        .bind(&[
            household.clone(),
            d1::int(caller.person_id),
            body.bundle.as_str().into(),
            key,
            now.as_str().into(),
            d1::text_or_null(checked.new_name.as_deref()),
            body.new_address_id.map_or(JsValue::NULL, d1::int),
            d1::text_or_null(body.new_trade.as_deref()),
            d1::text_or_null(checked.suspend_until.map(|d| d.to_string()).as_deref()),
            d1::text_or_null(checked.company_name.as_deref()),
            d1::text_or_null(carry_over.as_deref()),
            d1::text_or_null(new_operator.as_ref().map(|o| o.name.as_str())),
            d1::text_or_null(new_operator.as_ref().map(|o| o.id_hash.as_str())),
            d1::text_or_null(new_operator.as_ref().map(|o| o.id_sealed.as_str())),
            d1::text_or_null(new_operator.as_ref().map(|o| o.phone_hash.as_str())),
            d1::text_or_null(new_operator.as_ref().map(|o| o.phone_sealed.as_str())),
            // Renamed or moved to another trade: the name it takes is checked again here.
            u8::from(renaming).into(),
            name.as_str().into(),
            target.county_code.as_str().into(),
            trade.as_str().into(),
            d1::text_or_null(checked.service_address.as_deref()),
            name_states[0].clone(),
            name_states[1].clone(),
            name_states[2].clone(),
        ])?,
    ];
    statements.extend(filing::after_insert(
        db,
        (caller.person_id, &body.idempotency_key, &body.bundle),
        &tasks,
        (today, &work),
        &now,
    )?);
    let results = db.batch(statements).await?;
    let Some(filed) = filing::filed_id(&results)? else {
        // Not filed: another application about this business, or another taking the new name
        // or trade, got there first.
        if renaming && is_taken(config, &name, &target.county_code, &trade).await? {
            let field = if name != target.name { "new_name" } else { "new_trade" };
            let (zh, en) = NameProblem::Taken.bilingual();
            return Err(ApiError::invalid_fields(vec![FieldError::new(field, zh, en)]).into());
        }
        return Err(busy().into());
    };
    load(config, &work, today, Whose::Applicant(caller.person_id), filed).await
}

/// What approving the last task of an application about a registered business does to it:
/// one conditional update, a no-op for any other application or while a task is open.
pub fn apply(config: &Config, application: i64, task: TaskKind) -> Outcome<D1PreparedStatement> {
    let status = status_after(task).map(|s| s.as_str());
    // The status it was filed against may have changed since (an admin can change it): a
    // closed business is never reopened or edited, and only a suspended one resumes.
    let required = match task {
        TaskKind::Suspension => Some(HouseholdStatus::Active.as_str()),
        TaskKind::Resumption => Some(HouseholdStatus::Suspended.as_str()),
        _ => None,
    };
    Ok(config
        .db
        .prepare(
            "UPDATE households SET
                    name = COALESCE(a.new_name, households.name),
                    address_id = COALESCE(a.new_address_id, households.address_id),
                    trade_code = COALESCE(a.new_trade_code, households.trade_code),
                    status = COALESCE(?2, households.status),
                    converted_to = COALESCE(a.company_name, households.converted_to),
                    operator_name = COALESCE(a.new_operator_name, households.operator_name),
                    operator_id_hash = COALESCE(a.new_operator_id_hash, households.operator_id_hash),
                    operator_id_sealed = COALESCE(a.new_operator_id_sealed, households.operator_id_sealed),
                    operator_phone_hash = COALESCE(a.new_operator_phone_hash, households.operator_phone_hash),
                    operator_phone_sealed = COALESCE(a.new_operator_phone_sealed, households.operator_phone_sealed),
                    updated_at = ?3
               FROM applications a
              WHERE a.id = ?1 AND households.id = a.target_household_id
                AND households.status <> ?5 AND (?4 IS NULL OR households.status = ?4)
                AND NOT EXISTS (SELECT 1 FROM application_tasks WHERE application_id = ?1 AND status <> ?6)",
        )
        .bind(&[
            d1::int(application),
            d1::text_or_null(status),
            clock::today().to_string().into(),
            d1::text_or_null(required),
            HouseholdStatus::Deregistered.as_str().into(),
            d1::state(TaskStatus::GRANTED),
        ])?)
}

/// A new operator's details as stored: the name, and the ID number and phone each as a
/// fingerprint (to match a claim by) and sealed.
struct Sealed {
    name: String,
    id_hash: String,
    id_sealed: String,
    phone_hash: String,
    phone_sealed: String,
}

impl Sealed {
    fn operator(config: &Config, operator: CheckedOperator) -> Outcome<Self> {
        let pii = &config.pii;
        Ok(Self {
            id_hash: pii.fingerprint(Field::IdNumber, &operator.id_number),
            id_sealed: pii.seal(Field::IdNumber, &operator.id_number, random::bytes()?),
            phone_hash: pii.fingerprint(Field::Phone, &operator.phone),
            phone_sealed: pii.seal(Field::Phone, &operator.phone, random::bytes()?),
            name: operator.name,
        })
    }
}

/// After [`apply`], in the same batch, where the application changed the operator: the
/// business is no longer its former owners' to manage; the account of the new operator's
/// phone owns it now, unless that account is someone else's by its ID number (otherwise the
/// new operator claims it with their details, as any operator does).
pub fn hand_over(config: &Config, application: i64) -> Outcome<Vec<D1PreparedStatement>> {
    let db = &config.db;
    // Every task granted, that state bound at `granted`.
    let handed_over = |granted: &str| {
        format!(
            "a.id = ?1 AND a.new_operator_id_hash IS NOT NULL AND h.operator_id_hash = a.new_operator_id_hash
               AND NOT EXISTS (SELECT 1 FROM application_tasks WHERE application_id = ?1 AND status <> {granted})"
        )
    };
    let (id, today) = (d1::int(application), JsValue::from_str(&clock::today().to_string()));
    let granted = d1::state(TaskStatus::GRANTED);
    Ok(vec![
        db.prepare(format!(
            "DELETE FROM household_owners WHERE household_id =
               (SELECT h.id FROM applications a JOIN households h ON h.id = a.target_household_id WHERE {})",
            handed_over("?2")
        ))
        .bind(&[id.clone(), granted.clone()])?,
        db.prepare(format!(
            "INSERT INTO household_owners (household_id, person_id, bound_at, bound_by)
             SELECT h.id, p.id, ?2, 'registration'
               FROM applications a JOIN households h ON h.id = a.target_household_id
               JOIN people p ON p.phone_hash = a.new_operator_phone_hash AND p.disabled_at IS NULL
                    AND (p.id_number_hash IS NULL OR p.id_number_hash = a.new_operator_id_hash)
              WHERE {}
             ON CONFLICT DO NOTHING",
            handed_over("?3")
        ))
        .bind(&[id.clone(), today.clone(), granted.clone()])?,
        db.prepare(format!(
            "INSERT INTO person_roles (person_id, role, granted_at)
             SELECT p.id, ?4, ?2
               FROM applications a JOIN households h ON h.id = a.target_household_id
               JOIN people p ON p.phone_hash = a.new_operator_phone_hash AND p.disabled_at IS NULL
                    AND (p.id_number_hash IS NULL OR p.id_number_hash = a.new_operator_id_hash)
              WHERE {}
             ON CONFLICT DO NOTHING",
            handed_over("?3")
        ))
        .bind(&[id, today, granted, Role::Owner.as_str().into()])?,
    ])
}

/// Drops the cached public profile of the business `application` changed or opened, so its
/// code page shows the change, or a permit just granted, at once.
pub async fn refresh_public_page(config: &Config, application: i64) -> Outcome<()> {
    #[derive(Deserialize)]
    struct CodeId {
        id: String,
    }
    let ids = config
        .db
        .prepare(
            "SELECT c.id FROM codes c JOIN applications a ON coalesce(a.target_household_id, a.household_id) = c.subject_id
              WHERE c.subject_kind = 'household' AND a.id = ?1",
        )
        .bind(&[d1::int(application)])?
        .all()
        .await?
        .results::<CodeId>()?;
    for code in ids {
        codes::forget(config, &code.id).await?;
    }
    Ok(())
}
