//! Getima's Worker: serves the app's static assets and the JSON API over D1 and KV.

mod admin;
mod audit;
mod auth;
mod codes;
mod config;
mod d1;
mod demo;
mod households;
mod http;
mod inspections;
mod limits;
mod markets;
mod owners;
mod people;
mod random;
mod sms;

use auth::Caller;
use getima_domain::api::{ApiError, Endpoint, ErrorKind, Health, OPENAPI_JSON, Route};
use http::{Failure, Outcome};
use worker::{Context, Env, Request, Response, Result, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    if !req.path().starts_with("/api/") {
        // The app: static files, and index.html for its client-side routes.
        return env.assets("ASSETS")?.fetch_request(req).await;
    }
    Ok(api(req, &env).await.unwrap_or_else(Failure::into_response))
}

/// The caller, for endpoints whose declared access requires one.
fn signed_in(caller: Option<Caller>) -> Outcome<Caller> {
    caller.ok_or_else(|| ApiError::new(ErrorKind::NotSignedIn).into())
}

async fn api(mut req: Request, env: &Env) -> Outcome<Response> {
    let method = req.method().to_string();
    let (endpoint, params) = match Endpoint::route(&method, &req.path()) {
        Route::Found(endpoint, params) => (endpoint, params),
        Route::MethodNotAllowed => return Err(ApiError::new(ErrorKind::MethodNotAllowed).into()),
        Route::NotFound => return Err(ApiError::new(ErrorKind::NotFound).into()),
    };
    let param = params.into_iter().next().unwrap_or_default();
    let config = config::Config::from_env(env)?;
    let origin = config.public_origin(&req)?;
    let caller = auth::authorise(&config, endpoint, &req, &param).await?;
    match endpoint {
        Endpoint::Health => {
            households::ping(&config.db).await?;
            http::json(&Health { status: "ok".into() })
        }
        Endpoint::OpenApi => http::body(OPENAPI_JSON.as_bytes().to_vec(), "application/json"),
        Endpoint::CodeProfile => http::json(&codes::profile(&config, &origin, &param).await?),
        Endpoint::CodeQr => http::svg(codes::qr_svg(&config, &origin, &param).await?),
        Endpoint::CodePaymentQr => http::svg(codes::payment_qr_svg(&config, &param).await?),
        Endpoint::DemoCodes => http::json(&demo::codes(&config, &origin).await?),
        Endpoint::Departments => http::json(&people::departments(&config).await?),
        Endpoint::RequestOtp => {
            let body = http::read_json(&mut req).await?;
            http::json_status(&auth::request_otp(&config, &req, body).await?, 202)
        }
        Endpoint::SignIn => http::json(&auth::sign_in(&config, http::read_json(&mut req).await?).await?),
        Endpoint::WechatSignIn => http::json(&auth::wechat_sign_in(&config, http::read_json(&mut req).await?).await?),
        Endpoint::Refresh => http::json(&auth::refresh(&config, http::read_json(&mut req).await?).await?),
        Endpoint::SignOut => {
            auth::sign_out(&config, &signed_in(caller)?).await?;
            http::no_content()
        }
        Endpoint::Me => {
            let caller = signed_in(caller)?;
            let person =
                people::load(&config, caller.person_id).await?.ok_or_else(|| ApiError::new(ErrorKind::InvalidToken))?;
            http::json(&person.me(&config))
        }
        Endpoint::DevInbox => http::json(&sms::inbox(&config).await?),
        Endpoint::MyHouseholds => http::json(&owners::mine(&config, &signed_in(caller)?).await?),
        Endpoint::ClaimHousehold => {
            let caller = signed_in(caller)?;
            http::json(&owners::claim(&config, &caller, http::read_json(&mut req).await?).await?)
        }
        Endpoint::MyHousehold => http::json(&owners::private(&config, &param).await?),
        Endpoint::BecomeVendor => {
            let caller = signed_in(caller)?;
            http::json(&people::become_vendor(&config, &caller, http::read_json(&mut req).await?).await?)
        }
        Endpoint::CodeInspections => http::json(&inspections::history(&config, &param).await?),
        Endpoint::RecordInspection => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json_status(&inspections::record(&config, &caller, &param, body).await?, 201)
        }
        Endpoint::Market => http::json(&markets::view(&config, &param).await?),
        Endpoint::AdminReissueCode => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::reissue(&config, &caller, &origin, &param, body).await?)
        }
        Endpoint::AdminRevokeCode => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::revoke(&config, &caller, &origin, &param, body).await?)
        }
        Endpoint::AdminHouseholdStatus => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json(&admin::set_household_status(&config, &caller, &param, body).await?)
        }
        Endpoint::AdminCreatePerson => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json_status(&people::create(&config, &caller, body).await?, 201)
        }
        Endpoint::AdminSetPersonDisabled => {
            let caller = signed_in(caller)?;
            let body = http::read_json(&mut req).await?;
            http::json(&people::set_disabled(&config, &caller, &param, body).await?)
        }
        Endpoint::AdminAudit => {
            let (before, limit) = audit::paging(req.url()?.query())?;
            http::json(&audit::page(&config, before, limit).await?)
        }
    }
}
