//! Getima's Worker: serves the app's static assets and the JSON API over D1 and KV.

mod admin;
mod codes;
mod config;
mod demo;
mod households;
mod http;

use getima_domain::api::{ApiError, Endpoint, ErrorKind, Health, OPENAPI_JSON, Route};
use http::Failure;
use worker::{Context, Env, Request, Response, Result, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    if !req.path().starts_with("/api/") {
        // The app: static files, and index.html for its client-side routes.
        return env.assets("ASSETS")?.fetch_request(req).await;
    }
    Ok(api(req, &env)
        .await
        .unwrap_or_else(|failure| failure.into_response()))
}

async fn api(mut req: Request, env: &Env) -> std::result::Result<Response, Failure> {
    let method = req.method().to_string();
    let (endpoint, params) = match Endpoint::route(&method, &req.path()) {
        Route::Found(endpoint, params) => (endpoint, params),
        Route::MethodNotAllowed => return Err(ApiError::new(ErrorKind::MethodNotAllowed).into()),
        Route::NotFound => return Err(ApiError::new(ErrorKind::NotFound).into()),
    };
    let param = params.into_iter().next().unwrap_or_default();
    let config = config::Config::from_env(env)?;
    let origin = config.public_origin(&req)?;
    match endpoint {
        Endpoint::Health => {
            households::ping(&config.db).await?;
            http::json(&Health {
                status: "ok".into(),
            })
        }
        Endpoint::OpenApi => http::body(OPENAPI_JSON.as_bytes().to_vec(), "application/json"),
        Endpoint::CodeProfile => http::json(&codes::profile(&config, &origin, &param).await?),
        Endpoint::CodeQr => http::svg(codes::qr_svg(&config, &origin, &param).await?),
        Endpoint::CodePaymentQr => http::svg(codes::payment_qr_svg(&config, &param).await?),
        Endpoint::DemoCodes => http::json(&demo::codes(&config, &origin).await?),
        Endpoint::AdminReissueCode => {
            admin::authorise(&config, &req)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::reissue(&config, &origin, &param, body).await?)
        }
        Endpoint::AdminRevokeCode => {
            admin::authorise(&config, &req)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::revoke(&config, &origin, &param, body).await?)
        }
        Endpoint::AdminHouseholdStatus => {
            admin::authorise(&config, &req)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::set_household_status(&config, &param, body).await?)
        }
    }
}
