//! Open311 GeoReport v2 over appeals: the categories are its services, appeals its service
//! requests. Reads are public and carry no personal data; filing is an owner's, through the
//! same path as the app's (`appeals::file_for`), so every rule and limit is the same.

use crate::appeals;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, households};
use getima_domain::api::{
    ApiError, AppealRequest, ErrorKind, FieldError, Location, Open311Attribute, Open311Created, Open311Discovery,
    Open311Endpoint, Open311NewRequest, Open311Query, Open311RequestsQuery, Open311Service, Open311ServiceDefinition,
    Open311ServiceRequest, endpoints,
};
use getima_domain::appeals::open311::{
    DEFAULT_DAYS, JURISDICTION, MAX_REQUESTS, coarse, end_of_day_w3c, list, parse_request_id, parse_w3c, request_key,
    to_w3c,
};
use getima_domain::appeals::{AppealCategory, AppealStatus, receipt};
use getima_domain::calendar::parse_date;
use getima_domain::uscc;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

/// When these resources last changed shape (`changeset` in discovery).
const CHANGESET: &str = "2026-11-26T00:00:00+08:00";

/// Either language, as the client asked.
fn say(english: bool, zh: &str, en: &str) -> String {
    if english { en } else { zh }.to_string()
}

/// One jurisdiction is served: naming another is a mistake worth saying.
fn check_jurisdiction(jurisdiction: Option<&str>) -> Outcome<()> {
    match jurisdiction {
        None => Ok(()),
        Some(id) if id == JURISDICTION => Ok(()),
        Some(_) => Err(ApiError::invalid(
            "jurisdiction_id",
            format!("本服务只受理 {JURISDICTION}"),
            format!("This server answers for {JURISDICTION} only"),
        )
        .into()),
    }
}

pub async fn discovery(ctx: Ctx<endpoints::GetOpen311Discovery>, _: ()) -> Outcome<Open311Discovery> {
    let english = ctx.english;
    Ok(Open311Discovery {
        changeset: CHANGESET.into(),
        contact: say(english, "温州市个体工商户服务专线 12345", "Wenzhou individual business services, hotline 12345"),
        key_service: say(
            english,
            "读取无需密钥；提交诉求须以经营户身份登录个体码，并以 Bearer 令牌发送会话。",
            "Reading needs no key; filing needs an owner signed in to Getima, the session sent as a Bearer token.",
        ),
        endpoints: vec![Open311Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: format!("{}/open311/v2", ctx.origin),
            changeset: CHANGESET.into(),
            kind: "production".into(),
            formats: vec!["application/json".into()],
        }],
    })
}

#[derive(Deserialize)]
struct ServiceRow {
    code: String,
    name_zh: String,
    name_en: String,
    summary_zh: String,
    summary_en: String,
    department_zh: String,
    department_en: String,
}

const SERVICE_COLUMNS: &str = "c.code, c.name_zh, c.name_en, c.summary_zh, c.summary_en,
    d.name_zh AS department_zh, d.name_en AS department_en
    FROM appeal_categories c JOIN departments d ON d.code = c.department";

pub async fn services(ctx: Ctx<endpoints::ListOpen311Services>, query: Open311Query) -> Outcome<Vec<Open311Service>> {
    check_jurisdiction(query.jurisdiction_id.as_deref())?;
    let rows = ctx
        .config
        .db
        .prepare(format!("SELECT {SERVICE_COLUMNS} ORDER BY c.position"))
        .all()
        .await?
        .results::<ServiceRow>()?;
    let english = ctx.english;
    Ok(rows
        .into_iter()
        .map(|row| Open311Service {
            keywords: format!("{},{}", row.name_zh, row.name_en),
            service_name: say(english, &row.name_zh, &row.name_en),
            description: say(english, &row.summary_zh, &row.summary_en),
            group: say(english, &row.department_zh, &row.department_en),
            service_code: row.code,
            metadata: true,
            kind: "realtime".into(),
        })
        .collect())
}

fn no_such_service() -> Failure {
    ApiError::new(ErrorKind::NotFound).with_message("没有这项服务。", "There is no such service.").into()
}

pub async fn service(ctx: Ctx<endpoints::GetOpen311Service>, query: Open311Query) -> Outcome<Open311ServiceDefinition> {
    check_jurisdiction(query.jurisdiction_id.as_deref())?;
    let category = AppealCategory::parse(&ctx.params.service.0).ok_or_else(no_such_service)?;
    let english = ctx.english;
    Ok(Open311ServiceDefinition {
        service_code: category.as_str().into(),
        attributes: vec![Open311Attribute {
            variable: true,
            code: "business".into(),
            datatype: "string".into(),
            required: false,
            datatype_description: say(
                english,
                "统一社会信用代码，18 位",
                "A unified social credit code, 18 characters",
            ),
            order: 1,
            description: say(
                english,
                "诉求涉及的个体工商户；只经营一户的可不填",
                "The business the appeal is about; owners of one business may leave it out",
            ),
        }],
    })
}

pub async fn requests(
    ctx: Ctx<endpoints::ListOpen311Requests>,
    query: Open311RequestsQuery,
) -> Outcome<Vec<Open311ServiceRequest>> {
    check_jurisdiction(query.jurisdiction_id.as_deref())?;
    let filter = Filter::read(&query)?;
    published(&ctx, &filter).await
}

pub async fn request(
    ctx: Ctx<endpoints::GetOpen311Request>,
    query: Open311Query,
) -> Outcome<Vec<Open311ServiceRequest>> {
    check_jurisdiction(query.jurisdiction_id.as_deref())?;
    let not_found = || -> Failure {
        ApiError::new(ErrorKind::NotFound)
            .with_message("没有这件服务请求。", "There is no such service request.")
            .into()
    };
    let (_, id) = parse_request_id(&ctx.params.request.0).ok_or_else(not_found)?;
    let filter = Filter { ids: Some(vec![id]), ..Filter::default() };
    let found = published(&ctx, &filter).await?;
    // The id's date must be the appeal's filing date: another spelling is not its receipt.
    let found: Vec<_> = found.into_iter().filter(|r| r.service_request_id == ctx.params.request.0).collect();
    if found.is_empty() {
        return Err(not_found());
    }
    Ok(found)
}

/// The checked filters of a `GET requests.json`.
#[derive(Default)]
struct Filter {
    ids: Option<Vec<i64>>,
    receipts: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    statuses: Option<Vec<&'static str>>,
    since: Option<String>,
    until: Option<String>,
}

impl Filter {
    /// Every bad parameter named at once. With ids, the other filters do not apply.
    fn read(query: &Open311RequestsQuery) -> Outcome<Self> {
        let mut problems = Vec::new();
        let mut refuse = |field: &str, zh: &str, en: &str| problems.push(FieldError::new(field, zh, en));
        if let Some(ids) = &query.service_request_id {
            let parsed: Option<Vec<(i64, String)>> =
                list(ids).into_iter().map(|id| parse_request_id(id).map(|(_, n)| (n, id.to_string()))).collect();
            return match parsed {
                Some(parsed) if !parsed.is_empty() && parsed.len() <= MAX_REQUESTS as usize => {
                    let (ids, receipts) = parsed.into_iter().unzip();
                    Ok(Self { ids: Some(ids), receipts: Some(receipts), ..Self::default() })
                }
                _ => Err(ApiError::invalid(
                    "service_request_id",
                    "应为逗号分隔的受理编号，如 SQ20261126000001",
                    "Comma-separated receipt numbers, such as SQ20261126000001",
                )
                .into()),
            };
        }
        let categories = query.service_code.as_deref().map(|codes| {
            let codes = list(codes);
            if codes.is_empty() || codes.iter().any(|c| AppealCategory::parse(c).is_none()) {
                refuse("service_code", "没有这项服务", "No such service code");
            }
            codes.into_iter().map(String::from).collect()
        });
        let statuses = query.status.as_deref().map(|statuses| {
            let mut stored = Vec::new();
            let wanted = list(statuses);
            if wanted.is_empty() {
                refuse("status", "状态应为 open 或 closed", "A status is open or closed");
            }
            for status in wanted {
                match status {
                    "open" => stored.extend(
                        [AppealStatus::Submitted, AppealStatus::Claimed, AppealStatus::Replied]
                            .map(AppealStatus::as_str),
                    ),
                    "closed" => stored.push(AppealStatus::Closed.as_str()),
                    _ => refuse("status", "状态应为 open 或 closed", "A status is open or closed"),
                }
            }
            stored
        });
        let mut moment = |field: &str, value: &Option<String>| {
            value.as_deref().and_then(|text| {
                let parsed = parse_w3c(text);
                if parsed.is_none() {
                    refuse(
                        field,
                        "时间格式应如 2026-11-26T09:00:00+08:00",
                        "A W3C date-time with its offset, such as 2026-11-26T09:00:00+08:00",
                    );
                }
                parsed
            })
        };
        let since = moment("start_date", &query.start_date);
        let until = moment("end_date", &query.end_date);
        if !problems.is_empty() {
            return Err(ApiError::invalid_fields(problems).into());
        }
        // No dates at all: the last 90 days, as GeoReport asks.
        let since = match (&since, &until) {
            (None, None) => Some(clock::timestamp_days_ago(DEFAULT_DAYS)),
            _ => since,
        };
        Ok(Self { ids: None, receipts: None, categories, statuses, since, until })
    }
}

fn json_list<T: serde::Serialize>(values: &Option<Vec<T>>) -> Outcome<JsValue> {
    match values {
        None => Ok(JsValue::NULL),
        Some(values) => Ok(serde_json::to_string(values).map_err(Failure::internal)?.into()),
    }
}

/// The matching appeals as published, newest first: no text, no answer, no name.
async fn published<E>(ctx: &Ctx<E>, filter: &Filter) -> Outcome<Vec<Open311ServiceRequest>> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        category: String,
        status: String,
        submitted_at: String,
        updated_at: Option<String>,
        due_on: Option<String>,
        latitude: Option<f64>,
        longitude: Option<f64>,
        street: String,
        name_zh: String,
        name_en: String,
        department_zh: String,
        department_en: String,
        claim_days: u32,
        reply_days: u32,
    }
    let rows = ctx
        .config
        .db
        .prepare(format!(
            "SELECT a.id, a.category, a.status, a.submitted_at, a.due_on, a.latitude, a.longitude,
                    (SELECT max(e.at) FROM appeal_events e WHERE e.appeal_id = a.id) AS updated_at,
                    s.street, c.name_zh, c.name_en,
                    d.name_zh AS department_zh, d.name_en AS department_en, c.claim_days, c.reply_days
               FROM appeals a
               JOIN households h ON h.id = a.household_id
               JOIN standard_addresses s ON s.id = h.address_id
               JOIN appeal_categories c ON c.code = a.category
               JOIN departments d ON d.code = a.department
              WHERE (?1 IS NULL OR a.id IN (SELECT value FROM json_each(?1)))
                AND (?2 IS NULL OR a.category IN (SELECT value FROM json_each(?2)))
                AND (?3 IS NULL OR a.status IN (SELECT value FROM json_each(?3)))
                AND (?4 IS NULL OR a.submitted_at >= ?4)
                AND (?5 IS NULL OR a.submitted_at <= ?5)
              ORDER BY a.id DESC LIMIT {MAX_REQUESTS}"
        ))
        .bind(&[
            json_list(&filter.ids)?,
            json_list(&filter.categories)?,
            json_list(&filter.statuses)?,
            d1::text_or_null(filter.since.as_deref()),
            d1::text_or_null(filter.until.as_deref()),
        ])?
        .all()
        .await?
        .results::<Row>()?;
    let english = ctx.english;
    let mut published = Vec::with_capacity(rows.len());
    for row in rows {
        let filed_on = row.submitted_at.get(..10).and_then(parse_date);
        let status = d1::known(AppealStatus::parse(&row.status), "appeal status", &row.status)?;
        let due = row.due_on.as_deref().map(|d| d1::known(parse_date(d), "appeal due date", d)).transpose()?;
        let requested = d1::known(to_w3c(&row.submitted_at), "appeal filing time", &row.submitted_at)?;
        published.push(Open311ServiceRequest {
            service_request_id: receipt(d1::known(filed_on, "appeal filing date", &row.submitted_at)?, row.id),
            status: status.open311().into(),
            status_notes: None,
            service_name: say(english, &row.name_zh, &row.name_en),
            service_code: row.category,
            description: None,
            agency_responsible: say(english, &row.department_zh, &row.department_en),
            service_notice: notice(english, row.claim_days, row.reply_days),
            updated_datetime: row.updated_at.as_deref().and_then(to_w3c).unwrap_or_else(|| requested.clone()),
            requested_datetime: requested,
            expected_datetime: due.map(end_of_day_w3c),
            address: Some(row.street),
            address_id: None,
            zipcode: None,
            lat: row.latitude.map(coarse),
            long: row.longitude.map(coarse),
            media_url: None,
        });
    }
    if let Some(receipts) = &filter.receipts {
        published.retain(|r| receipts.contains(&r.service_request_id));
    }
    Ok(published)
}

/// 首问负责 and the deadlines, as a service notice.
fn notice(english: bool, claim_days: u32, reply_days: u32) -> String {
    if english {
        format!("Taken within {claim_days} working day(s) and answered within {reply_days}, by whoever takes it")
    } else {
        format!("{claim_days} 个工作日内受理，{reply_days} 个工作日内答复，首问负责到底")
    }
}

/// Files an appeal from an Open311 form for the signed-in owner.
pub async fn create(
    ctx: Ctx<endpoints::CreateOpen311Request>,
    form: Open311NewRequest,
) -> Outcome<Vec<Open311Created>> {
    check_jurisdiction(form.jurisdiction_id.as_deref())?;
    let config = &ctx.config;
    let person = ctx.caller()?.person_id;
    let location = match (form.lat, form.long) {
        (Some(latitude), Some(longitude)) => Some(Location { latitude, longitude }),
        (None, None) if form.address_string.is_some() || form.address_id.is_some() => None,
        (None, None) => {
            return Err(ApiError::invalid(
                "lat",
                "请给出位置：lat 和 long，或 address_string",
                "Give a location: lat and long, or address_string",
            )
            .into());
        }
        (Some(_), None) => {
            return Err(ApiError::invalid("long", "lat 和 long 须一起给出", "Give lat and long together").into());
        }
        (None, Some(_)) => {
            return Err(ApiError::invalid("lat", "lat 和 long 须一起给出", "Give lat and long together").into());
        }
    };
    let business = business_of(config, person, form.business.as_deref()).await?;
    let lat_long = location.map(|l| format!("{},{}", l.latitude, l.longitude)).unwrap_or_default();
    let key = request_key(person, clock::today(), &[&form.service_code, &business, form.description.trim(), &lat_long]);
    let appeal = AppealRequest { idempotency_key: key, category: form.service_code, text: form.description, location };
    // The app's field names, said the way an Open311 client sent them.
    let checked = appeal.check();
    if !checked.problems.is_empty() {
        let renamed = checked
            .problems
            .into_iter()
            .map(|mut problem| {
                problem.field = match problem.field.as_str() {
                    "category" => "service_code",
                    "text" => "description",
                    "location" => "lat",
                    other => other,
                }
                .to_string();
                problem
            })
            .collect();
        return Err(ApiError::invalid_fields(renamed).into());
    }
    let filed = appeals::file_for(config, person, &business, appeal).await?;
    let due = filed.due_on.unwrap_or_default();
    Ok(vec![Open311Created {
        service_request_id: filed.receipt,
        service_notice: say(
            ctx.english,
            &format!("已受理，由{}办理，{due} 前有人受理", filed.department.zh),
            &format!("Received: {} will take it by {due}", filed.department.en),
        ),
        account_id: None,
    }])
}

/// The business a form is about: the one named, if the caller owns it, or the caller's only one.
async fn business_of(config: &crate::config::Config, person: i64, named: Option<&str>) -> Outcome<String> {
    const FIELD: &str = "attribute[business]";
    if let Some(named) = named {
        let code = uscc::parse(named).map_err(|e| ApiError::invalid(FIELD, e.zh(), e.to_string()))?;
        if !households::owned_by(config, person, &code).await? {
            return Err(ApiError::new(ErrorKind::Forbidden)
                .with_message("您不是这户的经营者。", "You are not an owner of this business.")
                .into());
        }
        return Ok(code);
    }
    #[derive(Deserialize)]
    struct Owned {
        uscc: String,
    }
    let owned = config
        .db
        .prepare(
            "SELECT h.uscc FROM household_owners o JOIN households h ON h.id = o.household_id
              WHERE o.person_id = ?1 LIMIT 2",
        )
        .bind(&[d1::int(person)])?
        .all()
        .await?
        .results::<Owned>()?;
    match owned.as_slice() {
        [only] => Ok(only.uscc.clone()),
        [] => Err(ApiError::new(ErrorKind::Forbidden)
            .with_message("您名下没有个体工商户，不能提交诉求。", "You own no business, so you cannot file an appeal.")
            .into()),
        _ => {
            Err(ApiError::invalid(FIELD, "您经营多户，请写明是哪一户", "You own several businesses: say which").into())
        }
    }
}
