//! Registration and licensing: the bundles one can apply for, what each needs (一次性告知),
//! and the name check. Bundles, time limits and materials are rows an admin edits.

pub(crate) mod applications;
pub(crate) mod assignment;
pub(crate) mod catalogue;
pub(crate) mod changes;
pub(crate) mod drafts;
pub(crate) mod filed;
pub(crate) mod filing;
pub(crate) mod ratings;

use crate::config::Config;
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::cron::Job;
use crate::http::{Failure, Outcome};
use crate::{d1, photos};
use getima_domain::api::{
    AddressQuery, Addresses, ApiError, BundleNotice, BundleSummary, Condition, ErrorKind, MaterialNotice, NameCheck,
    NameCheckQuery, Named, RegistrationBundles, RegistrationChoices, StandardAddress, TaskNotice, endpoints,
};
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::registration::api::endpoints::Endpoint;
use getima_domain::registration::{NameProblem, TaskKind, TaskStatus, UNKNOWN_COUNTY, UNKNOWN_TRADE, check_name};
use getima_domain::validation::is_hidden_or_breaking;
use serde::Deserialize;
use worker::Response;
use worker::wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct BundleRow {
    slug: String,
    name_zh: String,
    name_en: String,
    summary_zh: String,
    summary_en: String,
}

fn kind(raw: &str) -> Outcome<TaskKind> {
    d1::known(TaskKind::parse(raw), "registration task kind", raw)
}

pub async fn bundles(ctx: Ctx<endpoints::ListBundles>, _: ()) -> Outcome<RegistrationBundles> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        bundle: BundleRow,
        kinds: String,
        limit_days: u32,
    }
    let rows = ctx
        .config
        .db
        .prepare(
            "SELECT b.slug, b.name_zh, b.name_en, b.summary_zh, b.summary_en,
                    group_concat(t.kind) AS kinds, max(k.limit_days) AS limit_days
               FROM registration_bundles b
               JOIN registration_bundle_tasks t ON t.bundle = b.slug
               JOIN registration_task_kinds k ON k.kind = t.kind
              GROUP BY b.slug ORDER BY b.position",
        )
        .all()
        .await?
        .results::<Row>()?;
    let bundles = rows
        .into_iter()
        .map(|Row { bundle, kinds, limit_days }| {
            let mut tasks = kinds.split(',').map(kind).collect::<Outcome<Vec<_>>>()?;
            tasks.sort();
            Ok(BundleSummary {
                slug: bundle.slug,
                name_zh: bundle.name_zh,
                name_en: bundle.name_en,
                summary_zh: bundle.summary_zh,
                summary_en: bundle.summary_en,
                tasks,
                limit_days,
            })
        })
        .collect::<Outcome<_>>()?;
    Ok(RegistrationBundles { bundles })
}

/// A kind of task as the guides show it, read with its department's names.
#[derive(Deserialize)]
struct TaskRow {
    kind: String,
    name_zh: String,
    name_en: String,
    department: String,
    department_zh: String,
    department_en: String,
    limit_days: u32,
    source_zh: String,
    source_en: String,
}

const TASK_COLUMNS: &str = "k.kind, k.name_zh, k.name_en, k.department, d.name_zh AS department_zh,
     d.name_en AS department_en, k.limit_days, k.source_zh, k.source_en";

#[derive(Deserialize)]
struct ConditionRow {
    kind: String,
    text_zh: String,
    text_en: String,
}

impl TaskRow {
    /// The task with its conditions, found among `conditions` (in their order).
    fn notice(self, conditions: &[ConditionRow]) -> Outcome<TaskNotice> {
        Ok(TaskNotice {
            kind: kind(&self.kind)?,
            conditions: conditions
                .iter()
                .filter(|c| c.kind == self.kind)
                .map(|c| Condition { zh: c.text_zh.clone(), en: c.text_en.clone() })
                .collect(),
            name_zh: self.name_zh,
            name_en: self.name_en,
            department: Named { code: self.department, zh: self.department_zh, en: self.department_en },
            limit_days: self.limit_days,
            source_zh: self.source_zh,
            source_en: self.source_en,
        })
    }
}

/// Every kind of task, or only `only`, in the order of [`TaskKind`].
pub async fn task_notices(config: &Config, only: Option<TaskKind>) -> Outcome<Vec<TaskNotice>> {
    let db = &config.db;
    let only = d1::text_or_null(only.map(TaskKind::as_str));
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT {TASK_COLUMNS} FROM registration_task_kinds k JOIN departments d ON d.code = k.department
                  WHERE ?1 IS NULL OR k.kind = ?1"
            ))
            .bind(std::slice::from_ref(&only))?,
            db.prepare(
                "SELECT kind, text_zh, text_en FROM registration_task_conditions
                  WHERE ?1 IS NULL OR kind = ?1 ORDER BY position",
            )
            .bind(&[only])?,
        ])
        .await?;
    let conditions = results[1].results::<ConditionRow>()?;
    let mut tasks =
        results[0].results::<TaskRow>()?.into_iter().map(|row| row.notice(&conditions)).collect::<Outcome<Vec<_>>>()?;
    tasks.sort_by_key(|task| task.kind);
    Ok(tasks)
}

pub async fn bundle(ctx: Ctx<endpoints::GetBundle>, _: ()) -> Outcome<BundleNotice> {
    notice(&ctx.config, &ctx.params.bundle).await
}

#[derive(Deserialize)]
struct MaterialRow {
    kind: Option<String>,
    code: String,
    name_zh: String,
    name_en: String,
    photo: u8,
}

/// Materials from rows of (kind asking for it, material), each material once in the order it
/// first comes, with every kind that asks for it.
fn each_material_once(rows: Vec<(Option<TaskKind>, MaterialRow)>) -> Vec<MaterialNotice> {
    let mut materials: Vec<MaterialNotice> = Vec::new();
    for (kind, row) in rows {
        match materials.iter_mut().find(|m| m.code == row.code) {
            Some(material) => material.for_tasks.extend(kind),
            None => materials.push(MaterialNotice {
                code: row.code,
                name_zh: row.name_zh,
                name_en: row.name_en,
                photo: row.photo == 1,
                for_tasks: kind.into_iter().collect(),
            }),
        }
    }
    materials
}

/// The whole materials library, in the order it was written, each with the kinds that ask for it.
pub async fn material_library(config: &Config) -> Outcome<Vec<MaterialNotice>> {
    let rows = config
        .db
        .prepare(
            "SELECT tm.kind, m.code, m.name_zh, m.name_en, m.photo FROM registration_materials m
               LEFT JOIN registration_task_materials tm ON tm.material = m.code
              ORDER BY m.rowid, tm.kind",
        )
        .all()
        .await?
        .results::<MaterialRow>()?
        .into_iter()
        .map(|row| Ok((row.kind.as_deref().map(kind).transpose()?, row)))
        .collect::<Outcome<Vec<_>>>()?;
    Ok(each_material_once(rows))
}

/// A bundle's one-time notice (一次性告知): its tasks, their conditions, each material once.
pub async fn notice(config: &Config, slug: &str) -> Outcome<BundleNotice> {
    let db = &config.db;
    let slug = JsValue::from_str(slug);
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT slug, name_zh, name_en, summary_zh, summary_en FROM registration_bundles WHERE slug = ?1",
            )
            .bind(std::slice::from_ref(&slug))?,
            db.prepare(format!(
                "SELECT {TASK_COLUMNS}
                   FROM registration_bundle_tasks t
                   JOIN registration_task_kinds k ON k.kind = t.kind
                   JOIN departments d ON d.code = k.department
                  WHERE t.bundle = ?1"
            ))
            .bind(std::slice::from_ref(&slug))?,
            db.prepare(
                "SELECT c.kind, c.text_zh, c.text_en FROM registration_task_conditions c
                   JOIN registration_bundle_tasks t ON t.kind = c.kind
                  WHERE t.bundle = ?1 ORDER BY c.position",
            )
            .bind(std::slice::from_ref(&slug))?,
            db.prepare(
                "SELECT tm.kind, m.code, m.name_zh, m.name_en, m.photo FROM registration_task_materials tm
                   JOIN registration_materials m ON m.code = tm.material
                   JOIN registration_bundle_tasks t ON t.kind = tm.kind
                  WHERE t.bundle = ?1 ORDER BY tm.position",
            )
            .bind(&[slug])?,
        ])
        .await?;
    let not_found = || ApiError::new(ErrorKind::NotFound).with_message("没有这项办事指南。", "There is no such guide.");
    let bundle = results[0].results::<BundleRow>()?.into_iter().next().ok_or_else(not_found)?;
    let conditions = results[2].results::<ConditionRow>()?;
    let mut tasks =
        results[1].results::<TaskRow>()?.into_iter().map(|row| row.notice(&conditions)).collect::<Outcome<Vec<_>>>()?;
    tasks.sort_by_key(|task| task.kind);
    // Each material once, in the order the first task that needs it lists it.
    let mut rows = results[3]
        .results::<MaterialRow>()?
        .into_iter()
        .map(|row| Ok((row.kind.as_deref().map(kind).transpose()?, row)))
        .collect::<Outcome<Vec<_>>>()?;
    rows.sort_by_key(|(kind, _)| *kind);
    let materials = each_material_once(rows);
    Ok(BundleNotice {
        slug: bundle.slug,
        name_zh: bundle.name_zh,
        name_en: bundle.name_en,
        summary_zh: bundle.summary_zh,
        summary_en: bundle.summary_en,
        tasks,
        materials,
    })
}

pub async fn choices(ctx: Ctx<endpoints::GetRegistrationChoices>, _: ()) -> Outcome<RegistrationChoices> {
    let db = &ctx.config.db;
    let results = db
        .batch(vec![
            db.prepare("SELECT code, name_zh AS zh, name_en AS en FROM counties ORDER BY code"),
            db.prepare("SELECT code, name_zh AS zh, name_en AS en FROM trades ORDER BY rowid"),
        ])
        .await?;
    Ok(RegistrationChoices { counties: results[0].results()?, trades: results[1].results()? })
}

pub async fn addresses(ctx: Ctx<endpoints::SearchAddresses>, query: AddressQuery) -> Outcome<Addresses> {
    let words = query.q.trim();
    if words.chars().count() > 40 || words.chars().any(is_hidden_or_breaking) {
        return Err(
            ApiError::invalid("q", "请输入不超过40字的地址片段", "Type up to 40 characters of the address").into()
        );
    }
    if !is_county_code(&query.county) {
        return Err(ApiError::invalid("county", UNKNOWN_COUNTY.0, UNKNOWN_COUNTY.1).into());
    }
    // LIKE's own wildcards in what was typed are matched as themselves.
    let pattern = format!("%{}%", words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let addresses = ctx
        .config
        .db
        .prepare(
            "SELECT id, full_text FROM standard_addresses
              WHERE county_code = ?1 AND full_text LIKE ?2 ESCAPE '\\'
              ORDER BY length(full_text), full_text LIMIT 10",
        )
        .bind(&[query.county.into(), pattern.into()])?
        .all()
        .await?
        .results::<StandardAddress>()?;
    Ok(Addresses { addresses })
}

/// Six digits: the shape of a county-level division's code (whether it exists, D1 says).
fn is_county_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The task states an application is open in, bound as a JSON array for `json_each`.
fn open_tasks() -> JsValue {
    d1::states(&TaskStatus::OPEN)
}

/// The values an open-application check binds (from its `states` placeholder on): the open
/// task states, then a refused task's.
pub fn open_states() -> [JsValue; 2] {
    [open_tasks(), d1::state(TaskStatus::REFUSING)]
}

/// The values [`name_taken`] binds (from its `states` placeholder on): a deregistered
/// business's status, then [`open_states`].
pub fn name_states() -> [JsValue; 3] {
    let [open, refused] = open_states();
    [HouseholdStatus::Deregistered.as_str().into(), open, refused]
}

/// SQL: application `application` (an expression) is still being handled: a task open and
/// none refused, their states bound at `?states` and the next placeholder ([`open_states`]).
pub fn still_open(application: &str, states: u32) -> String {
    let (open, refused) = (states, states + 1);
    format!(
        "EXISTS (SELECT 1 FROM application_tasks t
                  WHERE t.application_id = {application} AND t.status IN (SELECT value FROM json_each(?{open})))
         AND NOT EXISTS (SELECT 1 FROM application_tasks r WHERE r.application_id = {application} AND r.status = ?{refused})"
    )
}

/// Whether a business of trade `trade` in county `county` has the name `name` (each a bound
/// placeholder or an expression), or is being registered under it or changed to it: a name is
/// freed when its business is deregistered, or when the application for it is refused. The
/// states it compares with are bound from `?states` on ([`name_states`]).
pub fn name_taken(name: &str, county: &str, trade: &str, states: u32) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM households
                   WHERE name = {name} AND county_code = {county} AND trade_code = {trade} AND status <> ?{states})
          OR EXISTS (SELECT 1 FROM applications pending
                      WHERE (pending.shop_name = {name} OR pending.new_name = {name}) AND pending.county_code = {county}
                        AND ((pending.target_household_id IS NULL AND pending.household_id IS NULL
                              AND pending.shop_name = {name} AND pending.trade_code = {trade})
                          OR (pending.target_household_id IS NOT NULL
                              AND (pending.new_name IS NOT NULL OR pending.new_trade_code IS NOT NULL)
                              AND coalesce(pending.new_name, pending.shop_name) = {name}
                              AND coalesce(pending.new_trade_code, pending.trade_code) = {trade}))
                        AND {}))",
        still_open("pending.id", states + 1)
    )
}

/// Whether `name` is taken now in `county` for `trade` (see [`name_taken`]).
pub async fn is_taken(config: &Config, name: &str, county: &str, trade: &str) -> Outcome<bool> {
    #[derive(Deserialize)]
    struct Taken {
        taken: u8,
    }
    Ok(config
        .db
        .prepare(format!("SELECT {} AS taken", name_taken("?1", "?2", "?3", 4)))
        .bind(&[&[name.into(), county.into(), trade.into()][..], &name_states()].concat())?
        .first::<Taken>(None)
        .await?
        .is_some_and(|row| row.taken == 1))
}

pub async fn check(ctx: Ctx<endpoints::CheckName>, query: NameCheckQuery) -> Outcome<NameCheck> {
    #[derive(Deserialize)]
    struct Known {
        county: u8,
        trade: u8,
    }
    let db = &ctx.config.db;
    let known = db
        .prepare(
            "SELECT EXISTS (SELECT 1 FROM counties WHERE code = ?1) AS county,
                    EXISTS (SELECT 1 FROM trades WHERE code = ?2) AS trade",
        )
        .bind(&[query.county.as_str().into(), query.trade.as_str().into()])?
        .first::<Known>(None)
        .await?
        .ok_or_else(|| Failure::internal("name check: no row"))?;
    if known.county == 0 {
        return Err(ApiError::invalid("county", UNKNOWN_COUNTY.0, UNKNOWN_COUNTY.1).into());
    }
    if known.trade == 0 {
        return Err(ApiError::invalid("trade", UNKNOWN_TRADE.0, UNKNOWN_TRADE.1).into());
    }
    let refused = |name: String, problem: NameProblem| {
        let (zh, en) = problem.bilingual();
        NameCheck { name, available: false, reason_zh: Some(zh), reason_en: Some(en) }
    };
    let name = match check_name(&query.name) {
        Ok(name) => name,
        Err(problem) => return Ok(refused(query.name.trim().to_string(), problem)),
    };
    Ok(if is_taken(&ctx.config, &name, &query.county, &query.trade).await? {
        refused(name, NameProblem::Taken)
    } else {
        NameCheck { name, available: true, reason_zh: None, reason_en: None }
    })
}

/// Forgets unfiled photos, raises overdue tasks to their heads, and lets returns nobody corrected in time lapse.
pub(crate) const CRON: &[Job] = &[
    Job { what: "photo sweep", run: |config| Box::pin(photos::sweep(config)) },
    Job { what: "escalation of overdue tasks", run: |config| Box::pin(applications::escalate_overdue(config)) },
    Job { what: "lapse of uncorrected returns", run: |config| Box::pin(applications::lapse_uncorrected(config)) },
];

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::ListBundles => run(incoming, bundles).await,
        Endpoint::GetBundle => run(incoming, bundle).await,
        Endpoint::GetRegistrationChoices => run(incoming, choices).await,
        Endpoint::CheckName => run(incoming, check).await,
        Endpoint::SearchAddresses => run(incoming, addresses).await,
        Endpoint::GetDraft => run(incoming, drafts::get).await,
        Endpoint::SaveDraft => run(incoming, drafts::save).await,
        Endpoint::ListDraftPhotos => run(incoming, photos::list).await,
        Endpoint::UploadDraftPhoto => run(incoming, photos::upload).await,
        Endpoint::UploadCorrectionPhoto => run(incoming, photos::upload_correction).await,
        Endpoint::RemovePhoto => run(incoming, photos::remove).await,
        Endpoint::GetPhoto => run(incoming, photos::get).await,
        Endpoint::SubmitApplication => run(incoming, applications::submit).await,
        Endpoint::FileHouseholdApplication => run(incoming, changes::file).await,
        Endpoint::ListMyApplications => run(incoming, applications::mine).await,
        Endpoint::RateApplication => run(incoming, ratings::rate).await,
        Endpoint::GetRegistrationStats => run(incoming, ratings::stats).await,
        Endpoint::ListRectifications => run(incoming, ratings::rectifications).await,
        Endpoint::CloseRectification => run(incoming, ratings::close).await,
        Endpoint::ResubmitApplication => run(incoming, applications::resubmit).await,
        Endpoint::WithdrawApplication => run(incoming, applications::withdraw).await,
        Endpoint::ListRegistrationTasks => run(incoming, applications::queue).await,
        Endpoint::ClaimRegistrationTask => run(incoming, assignment::claim).await,
        Endpoint::ReleaseRegistrationTask => run(incoming, assignment::release).await,
        Endpoint::AssignRegistrationTask => run(incoming, assignment::assign).await,
        Endpoint::ListTaskKinds => run(incoming, catalogue::task_kinds).await,
        Endpoint::SetBundle => run(incoming, catalogue::set_bundle).await,
        Endpoint::SetTaskKind => run(incoming, catalogue::set_task_kind).await,
        Endpoint::ListColleagues => run(incoming, assignment::colleagues).await,
        Endpoint::DecideRegistrationTask => run(incoming, applications::decide).await,
    }
}
