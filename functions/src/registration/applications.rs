//! Applications: filing one (a task per department, each on its statutory clock), the
//! applicant's own list, each department's queue and its decisions. Every step is a timeline
//! entry; every staff decision is audited in the same batch.

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::photos::{PHOTO_COLUMNS, PhotoRow};
use crate::registration::assignment::{not_open, own_application};
use crate::registration::filed::{Whose, load, load_many};
use crate::registration::{name_states, name_taken, open_states, still_open};
use crate::{
    accounts::notices, calendar, clock, d1, random, registration::changes, registration::drafts, registration::filing,
};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::accounts::parse_mobile;
use getima_domain::api::{
    ApiError, Application, ApplicationRequest, Assignee, CarryOver, CheckedApplication, DecisionRequest, ErrorKind,
    FieldError, FoodSafetyManager, MyApplications, Named, PhotoRef, QueueWhose, QueuedTask, ResubmissionRequest,
    TaskQueue, TaskQueueQuery, TimelineEvent, UtilityAccounts, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::calendar::Date;
use getima_domain::calendar::parse_date;
use getima_domain::codes::households::{HouseholdStatus, LicenceKind};
use getima_domain::lifecycle::Lifecycle;
use getima_domain::pii::Field;
use getima_domain::registration::lifecycle::TaskAction;
use getima_domain::registration::{
    ApplicationStatus, Clock, Decision, MAX_OPEN_APPLICATIONS, NOT_MY_ID_NUMBER, NOT_MY_PHONE, NOT_SIGNED_IN_BY_PHONE,
    NameProblem, OnlineMaterial, TaskKind, TaskStatus, UNKNOWN_COUNTY, UNKNOWN_TRADE, UNLISTED_ADDRESS,
    check_correction_note, check_decision, check_name, correct_by, years_on,
};
use getima_domain::{codes, id_number, masking, uscc};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

/// Every field of a submission checked at once: the rules here, then what only the database
/// knows (the bundle, county, trade, address and whether the name is taken).
pub async fn submit(ctx: Ctx<endpoints::SubmitApplication>, body: ApplicationRequest) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    // A retry of a submission already filed gets it back as filed; a key reused for another
    // submission is refused rather than mixed into the first.
    #[derive(Deserialize)]
    struct Earlier {
        id: i64,
        bundle: String,
        shop_name: String,
    }
    let earlier = config
        .db
        .prepare("SELECT id, bundle, shop_name FROM applications WHERE applicant_id = ?1 AND idempotency_key = ?2")
        .bind(&[d1::int(caller.person_id), body.idempotency_key.as_str().into()])?
        .first::<Earlier>(None)
        .await?;
    if let Some(earlier) = earlier {
        if earlier.bundle != body.bundle || earlier.shop_name != body.shop_name.trim() {
            return Err(filing::key_reused().into());
        }
        let today = clock::today();
        let work = calendar::around(config, today).await?;
        return load(config, &work, today, Whose::Applicant(caller.person_id), earlier.id).await;
    }
    #[derive(Deserialize)]
    struct Known {
        county: u8,
        trade: u8,
        address: u8,
        taken: u8,
        open: u32,
        own_phone: u8,
        signed_in_by_phone: u8,
        id_matches: u8,
    }
    #[derive(Deserialize)]
    struct Material {
        code: String,
    }
    let db = &config.db;
    let pii = &config.pii;
    let typed_name = check_name(&body.shop_name).unwrap_or_default();
    let (county, trade) = (JsValue::from_str(&body.county), JsValue::from_str(&body.trade));
    let phone_hash = pii.fingerprint(Field::Phone, &parse_mobile(&body.phone).unwrap_or_default());
    let id_hash = pii.fingerprint(Field::IdNumber, &id_number::parse(&body.id_number).unwrap_or_default());
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT EXISTS (SELECT 1 FROM counties WHERE code = ?2) AS county,
                        EXISTS (SELECT 1 FROM trades WHERE code = ?3) AS trade,
                        EXISTS (SELECT 1 FROM standard_addresses WHERE id = ?4 AND county_code = ?2) AS address,
                        {} AS taken, {} AS open,
                        EXISTS (SELECT 1 FROM people WHERE id = ?5 AND phone_hash = ?6) AS own_phone,
                        EXISTS (SELECT 1 FROM people WHERE id = ?5 AND phone_hash IS NOT NULL) AS signed_in_by_phone,
                        NOT EXISTS (SELECT 1 FROM people WHERE id = ?5 AND id_number_hash <> ?7) AS id_matches",
                name_taken("?1", "?2", "?3", 8),
                open_applications("?5", 9)
            ))
            .bind(
                &[
                    &[
                        typed_name.as_str().into(),
                        county.clone(),
                        trade.clone(),
                        d1::int(body.address_id),
                        d1::int(caller.person_id),
                        phone_hash.as_str().into(),
                        id_hash.as_str().into(),
                    ][..],
                    &name_states(),
                ]
                .concat(),
            )?,
            filing::bundle_tasks(db, &body.bundle)?,
            db.prepare(
                "SELECT DISTINCT m.code FROM registration_bundle_tasks t
                   JOIN registration_task_materials tm ON tm.kind = t.kind
                   JOIN registration_materials m ON m.code = tm.material
                  WHERE t.bundle = ?1 AND m.photo = 0",
            )
            .bind(&[body.bundle.as_str().into()])?,
        ])
        .await?;
    let known = d1::first_row::<Known>(&results[0], "submission checks")?;
    let tasks = results[1].results::<filing::BundleTask>()?;
    let online: Vec<OnlineMaterial> =
        results[2].results::<Material>()?.iter().filter_map(|m| OnlineMaterial::parse(&m.code)).collect();
    if known.open >= MAX_OPEN_APPLICATIONS {
        return Err(ApiError::new(ErrorKind::TooManyOpenApplications).into());
    }
    let mut checked = body.check(&online);
    let opens_a_household = tasks.iter().any(|t| t.kind == TaskKind::Establishment.as_str());
    let words = |(zh, en): (&str, &str)| (zh.to_string(), en.to_string());
    if !opens_a_household {
        checked.refuse(
            "bundle",
            words((
                "请选择开店类的办事事项（如开餐馆）",
                "Choose a bundle that opens a business (such as a restaurant)",
            )),
        );
    }
    if known.county == 0 {
        checked.refuse("county", words(UNKNOWN_COUNTY));
    }
    if known.trade == 0 {
        checked.refuse("trade", words(UNKNOWN_TRADE));
    }
    if known.address == 0 {
        checked.refuse("address_id", words(UNLISTED_ADDRESS));
    }
    if known.taken == 1 && checked.shop_name.is_some() {
        checked.refuse("shop_name", NameProblem::Taken.bilingual());
    }
    if known.signed_in_by_phone == 0 {
        checked.refuse("phone", words(NOT_SIGNED_IN_BY_PHONE));
    } else if known.own_phone == 0 && checked.phone.is_some() {
        checked.refuse("phone", words(NOT_MY_PHONE));
    }
    if known.id_matches == 0 && checked.id_number.is_some() {
        checked.refuse("id_number", words(NOT_MY_ID_NUMBER));
    }
    let CheckedApplication {
        shop_name: Some(shop_name),
        operator_name: Some(operator),
        id_number: Some(id_number),
        phone: Some(phone),
        food_safety_manager,
        utility_accounts,
        problems,
    } = checked
    else {
        return Err(ApiError::invalid_fields(checked.problems).into());
    };
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields(problems).into());
    }

    let today = clock::today();
    let work = calendar::around(config, today).await?;
    let now = clock::timestamp();
    let applicant = d1::int(caller.person_id);
    let key = JsValue::from_str(&body.idempotency_key);
    let manager_sealed = |field: Field, value: Option<&str>| -> Outcome<JsValue> {
        Ok(match value {
            Some(value) => pii.seal(field, value, random::bytes()?).into(),
            None => JsValue::NULL,
        })
    };
    let accounts = utility_accounts.unwrap_or_default();
    let account = |number: &str| d1::text_or_null(Some(number).filter(|n| !n.is_empty()));
    // One batch (one transaction): the application once per key, only while its name is free,
    // its phone is the applicant's own and the applicant has fewer than the most open
    // applications (each checked again here, in the one statement, where simultaneous filings
    // are serialised), then each task and the timeline's first entry only where missing, so a
    // retry, however timed, adds nothing.
    let name_states = name_states();
    let mut statements = vec![
        db.prepare(format!(
            "INSERT INTO applications (applicant_id, bundle, idempotency_key, shop_name, county_code, trade_code,
                                       address_id, operator_name, id_number_hash, id_number_sealed, phone_hash,
                                       phone_sealed, submitted_at, food_safety_manager_name,
                                       food_safety_manager_id_sealed, food_safety_manager_phone_sealed,
                                       water_account, power_account, gas_account)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19
              WHERE NOT {} AND EXISTS (SELECT 1 FROM people WHERE id = ?1 AND phone_hash = ?11)
                AND NOT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND id_number_hash <> ?9) AND {} < ?20
             ON CONFLICT (applicant_id, idempotency_key) DO NOTHING",
            name_taken("?4", "?5", "?6", 21),
            open_applications("?1", 22)
        ))
        .bind(&[
            applicant.clone(),
            body.bundle.as_str().into(),
            key.clone(),
            shop_name.into(),
            county,
            trade,
            d1::int(body.address_id),
            operator.into(),
            pii.fingerprint(Field::IdNumber, &id_number).into(),
            pii.seal(Field::IdNumber, &id_number, random::bytes()?).into(),
            pii.fingerprint(Field::Phone, &phone).into(),
            pii.seal(Field::Phone, &phone, random::bytes()?).into(),
            now.as_str().into(),
            d1::text_or_null(food_safety_manager.as_ref().map(|m| m.name.as_str())),
            manager_sealed(Field::IdNumber, food_safety_manager.as_ref().map(|m| m.id_number.as_str()))?,
            manager_sealed(Field::Phone, food_safety_manager.as_ref().map(|m| m.phone.as_str()))?,
            account(&accounts.water),
            account(&accounts.power),
            account(&accounts.gas),
            MAX_OPEN_APPLICATIONS.into(),
            name_states[0].clone(),
            name_states[1].clone(),
            name_states[2].clone(),
        ])?,
    ];
    // The operator applies in person: an account that gave no ID number yet is held to the one
    // its first filing gave, so later filings cannot name made-up operators.
    statements.push(
        db.prepare(
            "UPDATE people SET (id_number_hash, id_number_sealed) =
                    (SELECT a.id_number_hash, a.id_number_sealed FROM applications a
                      WHERE a.applicant_id = ?1 AND a.idempotency_key = ?2)
              WHERE id = ?1 AND id_number_hash IS NULL
                AND EXISTS (SELECT 1 FROM applications a WHERE a.applicant_id = ?1 AND a.idempotency_key = ?2)",
        )
        .bind(&[applicant.clone(), key.clone()])?,
    );
    statements.push(drafts::discard(db, caller.person_id, &body.bundle, &body.idempotency_key)?);
    statements.extend(filing::after_insert(
        db,
        (caller.person_id, &body.idempotency_key, &body.bundle),
        &tasks,
        (today, &work),
        &now,
    )?);
    let results = db.batch(statements).await?;
    let filed = match filing::filed_id(&results)? {
        Some(filed) => filed,
        // No row under this key: filings sent at the same moment took the last open place or
        // the name first (the phone was the applicant's a moment ago and is read the same way).
        None => return Err(lost_the_race(config, caller.person_id, &id_hash).await?),
    };
    load(config, &work, today, Whose::Applicant(caller.person_id), filed).await
}

/// An SQL expression: how many applications to open a business the person `person` (a
/// placeholder) has open — being handled or returned, none refused, not withdrawn — the states
/// bound from `?states` on ([`open_states`]).
fn open_applications(person: &str, states: u32) -> String {
    format!(
        "(SELECT count(*) FROM applications o
           WHERE o.applicant_id = {person} AND o.target_household_id IS NULL AND {})",
        still_open("o.id", states)
    )
}

/// Why a filing that passed every check was not written: its applicant's open places were
/// taken by filings sent at the same moment, or one of them named another operator first (its
/// ID number is now the account's), or else its name was taken.
async fn lost_the_race(config: &Config, person: i64, id_hash: &str) -> Outcome<Failure> {
    #[derive(Deserialize)]
    struct Standing {
        open: u32,
        other_id: u32,
    }
    let standing = config
        .db
        .prepare(format!(
            "SELECT {} AS open, EXISTS (SELECT 1 FROM people WHERE id = ?1 AND id_number_hash <> ?2) AS other_id",
            open_applications("?1", 3)
        ))
        .bind(&[&[d1::int(person), id_hash.into()][..], &open_states()].concat())?
        .first::<Standing>(None)
        .await?
        .unwrap_or(Standing { open: 0, other_id: 0 });
    let field = |name: &str, (zh, en): (String, String)| ApiError::invalid_fields(vec![FieldError::new(name, zh, en)]);
    Ok(if standing.open >= MAX_OPEN_APPLICATIONS {
        ApiError::new(ErrorKind::TooManyOpenApplications).into()
    } else if standing.other_id == 1 {
        field("id_number", (NOT_MY_ID_NUMBER.0.into(), NOT_MY_ID_NUMBER.1.into())).into()
    } else {
        field("shop_name", NameProblem::Taken.bilingual()).into()
    })
}

pub async fn mine(ctx: Ctx<endpoints::ListMyApplications>, _: ()) -> Outcome<MyApplications> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    #[derive(Deserialize)]
    struct Row {
        id: i64,
    }
    let ids = config
        .db
        .prepare("SELECT id FROM applications WHERE applicant_id = ?1 ORDER BY id DESC LIMIT 50")
        .bind(&[d1::int(caller.person_id)])?
        .all()
        .await?
        .results::<Row>()?;
    let ids: Vec<i64> = ids.into_iter().map(|row| row.id).collect();
    let applications = load_many(config, &work, today, Whose::Applicant(caller.person_id), &ids).await?;
    Ok(MyApplications { applications })
}

/// The most urgent tasks a queue lists: a phone's worth; the rest come as these are decided.
const QUEUE_PAGE: u32 = 50;

/// The tasks in department `?1`'s queue: in review (`?3`), last day before `?2`; then held by the
/// caller or by nobody when the queue is someone's or the untaken ones, and of one application
/// when asked, each further value bound in turn from `?4`.
fn queued(query: &TaskQueueQuery) -> String {
    let mut condition = String::from("department = ?1 AND status = ?3 AND due_on < ?2");
    let mut next = 4;
    match query.whose {
        QueueWhose::All => {}
        QueueWhose::Mine => {
            condition.push_str(&format!(" AND assignee_id = ?{next}"));
            next += 1;
        }
        QueueWhose::Unassigned => condition.push_str(" AND assignee_id IS NULL"),
    }
    if query.application.is_some() {
        condition.push_str(&format!(" AND application_id = ?{next}"));
    }
    condition
}

/// A conversion's stored carry-over list. One that cannot be read is logged and shown empty
/// (the staff still see the company's name) rather than failing the whole queue.
fn carried_over(task: i64, stored: Option<&str>) -> Vec<CarryOver> {
    let Some(list) = stored else { return Vec::new() };
    serde_json::from_str(list).unwrap_or_else(|error| {
        worker::console_error!("task {task}: unreadable carry-over list: {error}");
        Vec::new()
    })
}

pub async fn queue(ctx: Ctx<endpoints::ListRegistrationTasks>, query: TaskQueueQuery) -> Outcome<TaskQueue> {
    let config = &ctx.config;
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        application_id: i64,
        kind: String,
        name_zh: String,
        name_en: String,
        shop_name: String,
        bundle_zh: String,
        bundle_en: String,
        operator_name: String,
        address: String,
        trade: String,
        trade_zh: String,
        trade_en: String,
        new_name: Option<String>,
        new_address: Option<String>,
        new_trade: Option<String>,
        new_trade_zh: Option<String>,
        new_trade_en: Option<String>,
        new_operator: Option<String>,
        suspend_until: Option<String>,
        company_name: Option<String>,
        carry_over: Option<String>,
        due_on: String,
        escalated_on: Option<String>,
        assignee_id: Option<i64>,
        assignee_name: Option<String>,
        manager_name: Option<String>,
        manager_id_sealed: Option<String>,
        manager_phone_sealed: Option<String>,
        water_account: Option<String>,
        power_account: Option<String>,
        gas_account: Option<String>,
        asks_accounts: u8,
        service_address: Option<String>,
    }
    // Overdue means the last day is before today, so only those rows are read for it.
    let before = if query.overdue { today.to_string() } else { "9999-12-31".into() };
    #[derive(Deserialize)]
    struct Total {
        total: u32,
    }
    let db = &config.db;
    let mut binds = vec![JsValue::from_str(&ctx.params.dept), before.as_str().into(), d1::state(TaskStatus::InReview)];
    if query.whose == QueueWhose::Mine {
        binds.push(d1::int(ctx.caller()?.person_id));
    }
    binds.extend(query.application.map(d1::int));
    let queued = queued(&query);
    // Each reviewer sees what was filled in online for the materials their task asks for.
    let asks = |material: &str| {
        format!(
            "EXISTS (SELECT 1 FROM registration_task_materials m WHERE m.kind = t.kind AND m.material = '{material}')"
        )
    };
    let service_address = format!("CASE WHEN {} THEN a.service_address END", asks("service_address"));
    let page = format!("SELECT id FROM application_tasks WHERE {queued} ORDER BY due_on, id LIMIT {QUEUE_PAGE}");
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT t.id, t.application_id, t.kind, k.name_zh, k.name_en, a.shop_name,
                    b.name_zh AS bundle_zh, b.name_en AS bundle_en, a.operator_name, s.full_text AS address,
                    a.trade_code AS trade, tr.name_zh AS trade_zh, tr.name_en AS trade_en, a.new_name,
                    ns.full_text AS new_address, a.new_trade_code AS new_trade, nt.name_zh AS new_trade_zh,
                    nt.name_en AS new_trade_en, a.new_operator_name AS new_operator, a.suspend_until, a.company_name, a.carry_over, t.due_on,
                    t.escalated_on, t.assignee_id, p.name AS assignee_name,
                    {} AS asks_accounts, {} AS service_address,
                    CASE WHEN {} THEN a.food_safety_manager_name END AS manager_name,
                    CASE WHEN {} THEN a.food_safety_manager_id_sealed END AS manager_id_sealed,
                    CASE WHEN {} THEN a.food_safety_manager_phone_sealed END AS manager_phone_sealed,
                    a.water_account, a.power_account, a.gas_account
               FROM application_tasks t
               JOIN applications a ON a.id = t.application_id
               JOIN registration_task_kinds k ON k.kind = t.kind
               JOIN registration_bundles b ON b.slug = a.bundle
               JOIN standard_addresses s ON s.id = a.address_id
               JOIN trades tr ON tr.code = a.trade_code
               LEFT JOIN standard_addresses ns ON ns.id = a.new_address_id
               LEFT JOIN trades nt ON nt.code = a.new_trade_code
               LEFT JOIN people p ON p.id = t.assignee_id
              WHERE t.id IN ({page})
              ORDER BY t.due_on, t.id",
                asks("utility_accounts"),
                service_address,
                asks("food_safety_manager"),
                asks("food_safety_manager"),
                asks("food_safety_manager"),
            ))
            .bind(&binds)?,
            db.prepare(format!("SELECT count(*) AS total FROM application_tasks WHERE {queued}")).bind(&binds)?,
            db.prepare(format!(
                "SELECT t.id AS of, {PHOTO_COLUMNS}
                   FROM application_tasks t
                   JOIN registration_task_materials tm ON tm.kind = t.kind
                   JOIN application_photos p ON p.application_id = t.application_id AND p.material = tm.material
                   JOIN registration_materials m ON m.code = p.material
                  WHERE t.id IN ({page})
                  ORDER BY tm.position, p.rowid"
            ))
            .bind(&binds)?,
        ])
        .await?;
    let rows = results[0].results::<Row>()?;
    let photos = results[2].results::<PhotoRow>()?;
    let total = d1::first_row::<Total>(&results[1], "queue total")?.total;
    let tasks = rows
        .into_iter()
        .map(|r| {
            let due = d1::known(parse_date(&r.due_on), "due date", &r.due_on)?;
            Ok(QueuedTask {
                id: r.id,
                application_id: r.application_id,
                kind: d1::known(TaskKind::parse(&r.kind), "task kind", &r.kind)?,
                name_zh: r.name_zh,
                name_en: r.name_en,
                shop_name: r.shop_name,
                bundle_zh: r.bundle_zh,
                bundle_en: r.bundle_en,
                operator_name: r.operator_name,
                address: r.address,
                trade: Named { code: r.trade, zh: r.trade_zh, en: r.trade_en },
                new_name: r.new_name,
                new_address: r.new_address,
                new_trade: match (r.new_trade, r.new_trade_zh, r.new_trade_en) {
                    (Some(code), Some(zh), Some(en)) => Some(Named { code, zh, en }),
                    _ => None,
                },
                new_operator: r.new_operator,
                suspend_until: r.suspend_until,
                company_name: r.company_name,
                carry_over: carried_over(r.id, r.carry_over.as_deref()),
                days_left: work.working_days_between(today, due),
                due_on: r.due_on,
                escalated: r.escalated_on.is_some(),
                photos: photos.iter().filter(|p| p.of == Some(r.id)).cloned().map(PhotoRef::from).collect(),
                assignee: r.assignee_id.map(|id| Assignee::known_as(id, r.assignee_name)),
                food_safety_manager: r.manager_name.map(|name| FoodSafetyManager {
                    name,
                    id_number: r
                        .manager_id_sealed
                        .and_then(|sealed| config.pii.open(Field::IdNumber, &sealed))
                        .map(|id| masking::id_number(&id))
                        .unwrap_or_default(),
                    phone: r
                        .manager_phone_sealed
                        .and_then(|sealed| config.pii.open(Field::Phone, &sealed))
                        .unwrap_or_default(),
                }),
                utility_accounts: (r.asks_accounts == 1).then(|| UtilityAccounts {
                    water: r.water_account.unwrap_or_default(),
                    power: r.power_account.unwrap_or_default(),
                    gas: r.gas_account.unwrap_or_default(),
                }),
                service_address: r.service_address,
            })
        })
        .collect::<Outcome<_>>()?;
    Ok(TaskQueue { tasks, total })
}

/// Sends a returned application again: each returned task goes back into review, its clock
/// going on with what was left, with a timeline entry each. Conditional updates make a retry,
/// or a race with a refusal, change nothing more.
pub async fn resubmit(ctx: Ctx<endpoints::ResubmitApplication>, body: ResubmissionRequest) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let note = check_correction_note(&body.note).map_err(|(zh, en)| ApiError::invalid("note", zh, en))?;
    #[derive(Deserialize)]
    struct TaskRow {
        id: i64,
        status: String,
        limit_days: u32,
        used_days: u32,
    }
    let db = &config.db;
    let (application, applicant) = (d1::int(ctx.params.application), d1::int(caller.person_id));
    let tasks = db
        .prepare(
            "SELECT t.id, t.status, t.limit_days, t.used_days FROM application_tasks t
               JOIN applications a ON a.id = t.application_id
              WHERE a.id = ?1 AND a.applicant_id = ?2",
        )
        .bind(&[application.clone(), applicant.clone()])?
        .all()
        .await?
        .results::<TaskRow>()?;
    if tasks.is_empty() {
        // Someone else's application reads as no application at all.
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("没有这份申请。", "There is no such application.")
            .into());
    }
    let refused = tasks.iter().any(|t| t.status == TaskStatus::Rejected.as_str());
    let returned: Vec<&TaskRow> = tasks.iter().filter(|t| t.status == TaskStatus::Returned.as_str()).collect();
    if refused || returned.is_empty() {
        return Err(ApiError::new(ErrorKind::NothingToCorrect).into());
    }
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    let now = clock::timestamp();
    let mut statements = Vec::new();
    for task in returned {
        let stopped = Clock { limit_days: task.limit_days, used_days: task.used_days, running_since: None };
        let running = stopped.resume(today, &work);
        let since = running.running_since.map(|d| d.to_string());
        let due = running.due(&work).map(|d| d.to_string());
        statements.push(
            db.prepare(
                "UPDATE application_tasks SET status = ?5, running_since = ?2, due_on = ?3, escalated_on = NULL,
                        correct_by = NULL
                  WHERE id = ?1 AND status IN (SELECT value FROM json_each(?4))
                    AND NOT EXISTS (SELECT 1 FROM application_tasks r
                                     WHERE r.application_id = application_tasks.application_id AND r.status = ?6)",
            )
            .bind(
                &[
                    &[d1::int(task.id), d1::text_or_null(since.as_deref()), d1::text_or_null(due.as_deref())][..],
                    &d1::step::<TaskStatus>(TaskAction::Resubmit),
                    &[d1::state(TaskStatus::REFUSING)],
                ]
                .concat(),
            )?,
        );
        statements.push(
            db.prepare(
                "INSERT INTO application_events (application_id, task_id, actor_id, event, note, at)
                 SELECT ?1, ?2, ?3, 'resubmitted', ?4, ?5 WHERE changes() > 0",
            )
            .bind(&[
                application.clone(),
                d1::int(task.id),
                applicant.clone(),
                note.as_str().into(),
                now.as_str().into(),
            ])?,
        );
    }
    let results = db.batch(statements).await?;
    // Another copy of this request, or a refusal, may have got there first.
    let updated = results.iter().step_by(2).map(d1::changed).collect::<Outcome<Vec<bool>>>()?;
    if !updated.contains(&true) {
        return Err(ApiError::new(ErrorKind::NothingToCorrect).into());
    }
    load(config, &work, today, Whose::Applicant(caller.person_id), ctx.params.application).await
}

/// The applicant ends an application still being handled: its open tasks close (leaving every
/// queue, freeing the name it held), what was approved stands, and the timeline says who
/// withdrew it. One batch; a retry, or a decision racing it, leaves the same result.
pub async fn withdraw(ctx: Ctx<endpoints::WithdrawApplication>, _: ()) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let db = &config.db;
    let (application, applicant) = (d1::int(ctx.params.application), d1::int(caller.person_id));
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE application_tasks SET status = ?4, running_since = NULL, due_on = NULL
                  WHERE application_id = ?1 AND status IN (SELECT value FROM json_each(?3))
                    AND EXISTS (SELECT 1 FROM applications a WHERE a.id = ?1 AND a.applicant_id = ?2)
                    AND NOT EXISTS (SELECT 1 FROM application_tasks r
                                     WHERE r.application_id = ?1 AND r.status = ?5)",
            )
            .bind(
                &[
                    &[application.clone(), applicant.clone()][..],
                    &d1::step::<TaskStatus>(TaskAction::Withdraw),
                    &[d1::state(TaskStatus::REFUSING)],
                ]
                .concat(),
            )?,
            db.prepare(
                "INSERT INTO application_events (application_id, task_id, actor_id, event, at)
                 SELECT ?1, NULL, ?2, ?4, ?3 WHERE changes() > 0",
            )
            .bind(&[
                application.clone(),
                applicant.clone(),
                clock::timestamp().into(),
                TimelineEvent::Withdrawn.as_str().into(),
            ])?,
            audit::statement(
                config,
                Entry::if_changed(
                    caller.person_id,
                    AuditAction::RegistrationWithdraw,
                    format!("application:{}", ctx.params.application),
                ),
            )?,
        ])
        .await?;
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    // Someone else's application reads as none at all.
    let now = load(config, &work, today, Whose::Applicant(caller.person_id), ctx.params.application).await?;
    // A retry of a withdrawal that happened answers as the first did.
    if d1::changed(&results[0])? || now.status == ApplicationStatus::Withdrawn {
        Ok(now)
    } else {
        Err(ApiError::new(ErrorKind::NothingToWithdraw).into())
    }
}

/// A decision is one conditional update (only a task of this department still in review
/// changes), with its timeline entry and audit record written only if it did.
pub async fn decide(ctx: Ctx<endpoints::DecideRegistrationTask>, body: DecisionRequest) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    check_decision(body.decision, &body.note, &body.corrections).map_err(|problems| {
        ApiError::invalid_fields(
            problems
                .into_iter()
                .map(|p| {
                    let (zh, en) = p.bilingual();
                    FieldError::new(p.field(), zh, en)
                })
                .collect(),
        )
    })?;
    let note = match body.decision {
        Decision::Return => body.corrections.iter().map(|c| c.trim()).collect::<Vec<_>>().join("\n"),
        Decision::Approve | Decision::Reject => body.note.trim().to_string(),
    };
    #[derive(Deserialize)]
    struct Row {
        application_id: i64,
        applicant_id: i64,
        county_code: String,
        kind: String,
        limit_days: u32,
        used_days: u32,
        running_since: String,
        assignee_id: Option<i64>,
    }
    let db = &config.db;
    let (task, department) = (d1::int(ctx.params.task), JsValue::from_str(&ctx.params.dept));
    let [decided_from, decided_to] = d1::step::<TaskStatus>(TaskAction::Decide(body.decision));
    let row = db
        .prepare(
            "SELECT t.application_id, a.applicant_id, a.county_code, t.kind, t.limit_days, t.used_days, t.running_since,
                    t.assignee_id
               FROM application_tasks t JOIN applications a ON a.id = t.application_id
              WHERE t.id = ?1 AND t.department = ?2 AND t.status IN (SELECT value FROM json_each(?3))",
        )
        .bind(&[task.clone(), department.clone(), decided_from.clone()])?
        .first::<Row>(None)
        .await?
        .ok_or_else(not_open)?;
    if row.applicant_id == caller.person_id {
        return Err(own_application().into());
    }
    if row.assignee_id.is_some_and(|holder| holder != caller.person_id) {
        return Err(ApiError::new(ErrorKind::TaskTaken).into());
    }
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    let since = d1::known(parse_date(&row.running_since), "clock start", &row.running_since)?;
    let clock = Clock { limit_days: row.limit_days, used_days: row.used_days, running_since: Some(since) };
    let stopped = clock.pause(&work, today);
    let now = clock::timestamp();
    let event = TimelineEvent::from(body.decision).as_str();
    let mut statements = vec![
        // The status condition makes a decision happen once, whoever else decides at once; the
        // holder condition leaves a task a colleague took to them. Deciding an untaken task
        // takes it, so it comes back to the same reviewer after a correction.
        db.prepare(
            "UPDATE application_tasks SET status = ?3, used_days = ?4, running_since = NULL, due_on = NULL,
                    decided_on = CASE WHEN ?3 = ?9 THEN NULL ELSE ?5 END,
                    decided_late = CASE WHEN ?3 = ?9 THEN NULL ELSE due_on < ?5 END,
                    correct_by = CASE WHEN ?3 = ?9 THEN ?7 END,
                    assignee_id = ?6
                  WHERE id = ?1 AND department = ?2 AND status IN (SELECT value FROM json_each(?8))
                    AND coalesce(assignee_id, ?6) = ?6",
        )
        .bind(&[
            task.clone(),
            department,
            decided_to,
            stopped.used_days.into(),
            today.to_string().into(),
            d1::int(caller.person_id),
            correct_by(today, &work).to_string().into(),
            decided_from.clone(),
            // A return stops the clock until the corrections come, with their own last day.
            d1::state(TaskStatus::Returned),
        ])?,
        db.prepare(
            "INSERT INTO application_events (application_id, task_id, actor_id, event, note, at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() > 0",
        )
        .bind(&[
            d1::int(row.application_id),
            task,
            d1::int(caller.person_id),
            event.into(),
            note.as_str().into(),
            now.as_str().into(),
        ])?,
        audit::statement(
            config,
            Entry::if_changed(
                caller.person_id,
                AuditAction::RegistrationDecide,
                format!("registration-task:{}", ctx.params.task),
            )
            .after(serde_json::json!({ "decision": body.decision.as_str(), "note": note })),
        )?,
    ];
    let kind = d1::known(TaskKind::parse(&row.kind), "task kind", &row.kind)?;
    // Whichever of these the application is for happens; the others are no-ops.
    let told = match body.decision {
        Decision::Approve => {
            statements.extend(open_household(config, row.application_id, &row.county_code, today)?);
            statements.push(changes::apply(config, row.application_id, kind)?);
            statements.extend(changes::hand_over(config, row.application_id)?);
            // Approving the registration itself says "opened", which covers whatever else
            // was approved before it; any later approval that finishes the rest says "done".
            if kind == TaskKind::Establishment {
                vec![NoticeKind::Opened]
            } else {
                vec![NoticeKind::Opened, NoticeKind::Completed]
            }
        }
        Decision::Return => vec![NoticeKind::Returned],
        Decision::Reject => vec![NoticeKind::Rejected],
    };
    let first_notice = statements.len();
    for &notice in &told {
        statements.push(notices::statement(config, row.application_id, notice)?);
    }
    // Last: each notice above is written only if the statement before it changed a row.
    if body.decision == Decision::Reject {
        statements.extend(close_the_rest(db, row.application_id, &now)?);
    }
    let results = db.batch(statements).await?;
    let written = |index: usize| results.get(index).map_or(Ok(false), d1::changed);
    if !written(0)? {
        // Decided by someone else meanwhile, or taken by a colleague since it was read.
        #[derive(Deserialize)]
        struct Now {
            assignee_id: Option<i64>,
        }
        let taken = db
            .prepare(
                "SELECT assignee_id FROM application_tasks WHERE id = ?1 AND status IN (SELECT value FROM json_each(?2))",
            )
            .bind(&[d1::int(ctx.params.task), decided_from])?
            .first::<Now>(None)
            .await?
            .is_some_and(|now| now.assignee_id.is_some_and(|holder| holder != caller.person_id));
        return Err(if taken { ApiError::new(ErrorKind::TaskTaken) } else { not_open() }.into());
    }
    // The decision stands whatever follows: a stale profile expires on its own within the hour.
    // A refused permit changes what the shop's page says it may do, as an approval does.
    if body.decision != Decision::Return
        && let Err(failure) = changes::refresh_public_page(config, row.application_id).await
    {
        worker::console_error!("public page of application {} not refreshed: {failure:?}", row.application_id);
    }
    for (offset, &notice) in told.iter().enumerate() {
        if written(first_notice + offset)? {
            notices::text(config, row.application_id, notice).await;
        }
    }
    load(config, &work, today, Whose::Staff, row.application_id).await
}

/// After a refusal, in its batch: the application's other open tasks close, each with a
/// timeline entry by the system, so no other department goes on with a refused application.
fn close_the_rest(db: &D1Database, application: i64, now: &str) -> Outcome<Vec<D1PreparedStatement>> {
    let id = d1::int(application);
    Ok(vec![
        db.prepare(
            "UPDATE application_tasks SET status = ?3, running_since = NULL, due_on = NULL
              WHERE application_id = ?1 AND status IN (SELECT value FROM json_each(?2))
                AND EXISTS (SELECT 1 FROM application_tasks r WHERE r.application_id = ?1 AND r.status = ?4)",
        )
        .bind(
            &[
                &[id.clone()][..],
                &d1::step::<TaskStatus>(TaskAction::CloseAfterRefusal),
                &[d1::state(TaskStatus::REFUSING)],
            ]
            .concat(),
        )?,
        db.prepare(
            "INSERT INTO application_events (application_id, task_id, actor_id, event, at)
             SELECT t.application_id, t.id, NULL, ?3, ?2 FROM application_tasks t
              WHERE t.application_id = ?1 AND t.status = ?4
                AND NOT EXISTS (SELECT 1 FROM application_events e
                                 WHERE e.application_id = t.application_id AND e.task_id = t.id AND e.event = ?3)",
        )
        .bind(&[
            id,
            now.into(),
            TimelineEvent::Closed.as_str().into(),
            d1::next::<TaskStatus>(TaskAction::CloseAfterRefusal),
        ])?,
    ])
}

/// A licence an approved task grants, its number's prefix and how many years it runs.
fn licence_of(kind: TaskKind) -> Option<(&'static str, &'static str, Option<i32>)> {
    let licence = kind.licence()?;
    let (prefix, years) = match licence {
        LicenceKind::FoodBusiness => ("JY1", Some(5)),
        LicenceKind::PrepackagedFoodFiling => ("YB1", None),
        LicenceKind::PublicHygiene => ("WG1", Some(4)),
        _ => return None,
    };
    Some((licence.as_str(), prefix, years))
}

/// The statements that, batched after an approval, open the household as soon as the
/// registration task of an application to open one is approved (登记 on the spot; permits
/// follow): the household under a new credit code, its business code and business licence, the
/// applicant as its owner, and each permit already approved. Each is conditional, so the
/// household opens once, and a permit approved later joins it in its own batch.
fn open_household(config: &Config, application: i64, county: &str, today: Date) -> Outcome<Vec<D1PreparedStatement>> {
    let db = &config.db;
    // Serials no seeded household uses: the application's own id, offset.
    let serial = u32::try_from(application)
        .ok()
        .and_then(|id| id.checked_add(10_000_000))
        .ok_or_else(|| Failure::internal("application id beyond credit-code serials"))?;
    let uscc =
        uscc::generate_individual(county, serial).map_err(|e| Failure::internal(format!("credit code: {e:?}")))?;
    let code_id = codes::id_from_random(u64::from_le_bytes(random::bytes()?));
    let (id, uscc) = (d1::int(application), JsValue::from_str(&uscc));
    let (today_text, now) = (JsValue::from_str(&today.to_string()), JsValue::from_str(&clock::timestamp()));
    // The registration itself granted (kind `?5`, state `?6`), and no business opened for it yet.
    let ready = "EXISTS (SELECT 1 FROM application_tasks WHERE application_id = ?1 AND kind = ?5 AND status = ?6)
                 AND (SELECT household_id FROM applications WHERE id = ?1) IS NULL";
    let mut statements = vec![
        // A new shop has no record against it: it starts at A.
        db.prepare(format!(
            "INSERT INTO households (uscc, name, operator_name, county_code, trade_code, address_id, status,
                                     established_on, credit_level, updated_at, operator_phone_hash,
                                     operator_phone_sealed, operator_id_hash, operator_id_sealed)
             SELECT ?2, shop_name, operator_name, county_code, trade_code, address_id, ?7, ?3, 'A', ?4,
                    phone_hash, phone_sealed, id_number_hash, id_number_sealed
               FROM applications WHERE id = ?1 AND {ready}
             ON CONFLICT (uscc) DO NOTHING"
        ))
        .bind(&[
            id.clone(),
            uscc.clone(),
            today_text.clone(),
            now.clone(),
            TaskKind::Establishment.as_str().into(),
            d1::state(TaskStatus::GRANTED),
            // A business opens operating.
            HouseholdStatus::Active.as_str().into(),
        ])?,
        db.prepare(
            "UPDATE applications SET household_id = (SELECT id FROM households WHERE uscc = ?2)
              WHERE id = ?1 AND household_id IS NULL
                AND EXISTS (SELECT 1 FROM households h WHERE h.uscc = ?2 AND h.name = applications.shop_name
                               AND h.operator_id_hash = applications.id_number_hash)",
        )
        .bind(&[id.clone(), uscc.clone()])?,
        db.prepare(
            "INSERT INTO codes (id, subject_kind, subject_id, version, issued_at)
             SELECT ?3, 'household', h.id, 1, ?4 FROM applications a JOIN households h ON h.id = a.household_id
              WHERE a.id = ?1 AND h.uscc = ?2
                AND NOT EXISTS (SELECT 1 FROM codes c WHERE c.subject_kind = 'household' AND c.subject_id = h.id)",
        )
        .bind(&[id.clone(), uscc.clone(), code_id.into(), now.clone()])?,
        db.prepare(
            "INSERT INTO household_owners (household_id, person_id, bound_at, bound_by)
             SELECT household_id, applicant_id, ?2, 'registration' FROM applications
              WHERE id = ?1 AND household_id IS NOT NULL
             ON CONFLICT DO NOTHING",
        )
        .bind(&[id.clone(), today_text.clone()])?,
        db.prepare(
            "INSERT INTO person_roles (person_id, role, granted_at)
             SELECT applicant_id, ?3, ?2 FROM applications WHERE id = ?1 AND household_id IS NOT NULL
             ON CONFLICT DO NOTHING",
        )
        .bind(&[id.clone(), today_text.clone(), Role::Owner.as_str().into()])?,
        // The applicant is its operator (their own phone filed it): their page greets them by
        // that name if they had none.
        db.prepare(
            "UPDATE people SET name = (SELECT operator_name FROM applications WHERE id = ?1)
              WHERE name IS NULL
                AND id = (SELECT applicant_id FROM applications WHERE id = ?1 AND household_id IS NOT NULL)",
        )
        .bind(std::slice::from_ref(&id))?,
        db.prepare(
            "INSERT INTO licences (household_id, kind, number, issued_on, valid_until)
             SELECT household_id, 'business_licence', ?2, ?3, NULL FROM applications
              WHERE id = ?1 AND household_id IS NOT NULL
             ON CONFLICT (household_id, kind) DO NOTHING",
        )
        .bind(&[id.clone(), uscc, today_text.clone()])?,
    ];
    for task in TaskKind::ALL {
        let Some((licence, prefix, years)) = licence_of(task) else { continue };
        let number = format!("{prefix}{county}{serial:08}");
        let until = years.map(|y| years_on(today, y).to_string());
        statements.push(
            db.prepare(
                "INSERT INTO licences (household_id, kind, number, issued_on, valid_until)
                 SELECT a.household_id, ?2, ?3, ?4, ?5 FROM applications a
                  WHERE a.id = ?1 AND a.household_id IS NOT NULL
                    AND EXISTS (SELECT 1 FROM application_tasks t
                                 WHERE t.application_id = a.id AND t.kind = ?6 AND t.status = ?7)
                 ON CONFLICT (household_id, kind) DO NOTHING",
            )
            .bind(&[
                id.clone(),
                licence.into(),
                number.into(),
                today_text.clone(),
                d1::text_or_null(until.as_deref()),
                task.as_str().into(),
                d1::state(TaskStatus::GRANTED),
            ])?,
        );
    }
    Ok(statements)
}

/// Run by the cron trigger: every task still in review past its last day is flagged as
/// escalated, once, with a timeline entry; the department's head and staff see it so marked in
/// the overdue list. One batch, so flag and entry never exist without each other.
pub async fn escalate_overdue(config: &Config) -> Outcome<()> {
    let db = &config.db;
    let (today, now) = (JsValue::from_str(&clock::today().to_string()), JsValue::from_str(&clock::timestamp()));
    // The states a task is chased in, bound at `states`.
    let overdue = |states: &str| {
        format!("status IN (SELECT value FROM json_each({states})) AND due_on < ?1 AND escalated_on IS NULL")
    };
    let chased = d1::states(TaskStatus::taken_from(TaskAction::Escalate));
    db.batch(vec![
        db.prepare(format!(
            "INSERT INTO application_events (application_id, task_id, actor_id, event, at)
             SELECT application_id, id, NULL, ?4, ?2 FROM application_tasks WHERE {}",
            overdue("?3")
        ))
        .bind(&[today.clone(), now, chased.clone(), TimelineEvent::Escalated.as_str().into()])?,
        db.prepare(format!("UPDATE application_tasks SET escalated_on = ?1 WHERE {}", overdue("?2")))
            .bind(&[today, chased])?,
    ])
    .await?;
    Ok(())
}

/// The most lapsed applications one cron run ends; the next run takes the rest.
const LAPSE_BATCH: u32 = 200;

/// Run by the cron trigger: an application returned for correction and not sent again by its
/// last day is deemed withdrawn (逾期未补正视为撤回). Its open tasks close, so the name it held is
/// free again and nothing waits in any queue; the timeline says why, once; its applicant is told
/// by text. One batch per run, re-checking each in it, so a correction sent meanwhile wins and
/// runs side by side end each application once.
pub async fn lapse_uncorrected(config: &Config) -> Outcome<()> {
    #[derive(Deserialize)]
    struct Lapsed {
        application_id: i64,
    }
    let db = &config.db;
    let today = JsValue::from_str(&clock::today().to_string());
    // Waiting for corrections is what lapses (one state: the partial index on `correct_by` is
    // for it, and `status = ?` uses it).
    let waiting = d1::state(TaskStatus::Returned);
    let due = db
        .prepare("SELECT DISTINCT application_id FROM application_tasks WHERE status = ?3 AND correct_by < ?1 LIMIT ?2")
        .bind(&[today.clone(), LAPSE_BATCH.into(), waiting.clone()])?
        .all()
        .await?
        .results::<Lapsed>()?;
    if due.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&due.iter().map(|l| l.application_id).collect::<Vec<_>>())
        .map_err(|e| Failure::internal(e.to_string()))?;
    let ids = JsValue::from_str(&ids);
    let lapsed = JsValue::from_str(TimelineEvent::Lapsed.as_str());
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO application_events (application_id, task_id, actor_id, event, at)
                 SELECT j.value, NULL, NULL, ?6, ?3 FROM json_each(?1) j
                  WHERE EXISTS (SELECT 1 FROM application_tasks t
                                 WHERE t.application_id = j.value AND t.status = ?4 AND t.correct_by < ?2)
                    AND NOT EXISTS (SELECT 1 FROM application_tasks r WHERE r.application_id = j.value AND r.status = ?5)
                    AND NOT EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = j.value AND e.event = ?6)
                 RETURNING application_id",
            )
            .bind(&[ids.clone(), today, clock::timestamp().into(), waiting, d1::state(TaskStatus::REFUSING), lapsed.clone()])?,
            db.prepare(
                "UPDATE application_tasks SET status = ?3, running_since = NULL, due_on = NULL, correct_by = NULL
                  WHERE application_id IN (SELECT value FROM json_each(?1)) AND status IN (SELECT value FROM json_each(?2))
                    AND EXISTS (SELECT 1 FROM application_events e
                                 WHERE e.application_id = application_tasks.application_id AND e.event = ?4)",
            )
            .bind(&[&[ids][..], &d1::step::<TaskStatus>(TaskAction::Lapse), &[lapsed]].concat())?,
        ])
        .await?;
    for lapsed in results[0].results::<Lapsed>()? {
        notices::text_lapsed(config, lapsed.application_id).await;
    }
    Ok(())
}
