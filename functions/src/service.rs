//! The service itself: health, the OpenAPI document, reference lists.

use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::http::{Failure, Outcome};
use getima_domain::api::service::endpoints::Endpoint;
use getima_domain::api::{Departments, HealthStatus, Named, endpoints};
use serde::Deserialize;
use worker::Response;

/// Generated from the endpoint table and the API types by `build.rs`.
const OPENAPI_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.json"));

pub async fn health(ctx: Ctx<endpoints::GetHealth>, _: ()) -> Outcome<HealthStatus> {
    ctx.config.db.prepare("SELECT 1 AS ok").first::<serde_json::Value>(None).await?;
    Ok(HealthStatus { status: "ok".into() })
}

pub async fn openapi(_: Ctx<endpoints::GetOpenApi>, _: ()) -> Outcome<serde_json::Value> {
    serde_json::from_str(OPENAPI_JSON).map_err(Failure::internal)
}

pub async fn departments(ctx: Ctx<endpoints::ListDepartments>, _: ()) -> Outcome<Departments> {
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name_zh: String,
        name_en: String,
    }
    let rows = ctx
        .config
        .db
        .prepare("SELECT code, name_zh, name_en FROM departments ORDER BY rowid")
        .all()
        .await?
        .results::<Row>()?;
    Ok(Departments {
        departments: rows.into_iter().map(|r| Named { code: r.code, zh: r.name_zh, en: r.name_en }).collect(),
    })
}

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::GetHealth => run(incoming, health).await,
        Endpoint::GetOpenApi => run(incoming, openapi).await,
        Endpoint::ListDepartments => run(incoming, departments).await,
    }
}
