//! Getima's Worker: serves the app's static assets and the JSON API over D1 and KV.
//!
//! A request to `/api/*` or `/open311/*` goes through [`router`]: the endpoint table routes it, [`access`]
//! checks the caller once, and the area's handler gets a [`context::Ctx`] with the typed
//! path parameters, the decoded input and the configuration.

mod access;
mod accounts;
mod appeals;
mod audit;
mod calendar;
mod caller;
mod clock;
mod codes;
mod config;
mod context;
mod cron;
mod d1;
mod households;
mod http;
mod inspections;
mod limits;
mod pages;
mod people;
mod photos;
mod random;
mod registration;
mod router;
mod service;
mod sessions;
mod stalls;

use getima_domain::bundles::Bundle;
use getima_domain::routes::Route;
use worker::{Context, Env, Method, Request, RequestInit, Response, Result, ScheduleContext, ScheduledEvent, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    clock::follow(&env);
    let path = req.path();
    if path.starts_with("/api/") || path.starts_with(getima_domain::api::OPEN311_PREFIX) {
        return Ok(router::serve(req, env).await);
    }
    // A scanned code: its verdict rendered here, so it shows before any script arrives.
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        ["c", code, ..] if code.bytes().any(|b| b.is_ascii_uppercase()) => {
            return pages::to_canonical_spelling(&req, code);
        }
        ["c", code] if !code.is_empty() => return pages::code_page(&req, &env, code, false).await,
        ["c", code, "poster"] if !code.is_empty() => return pages::code_page(&req, &env, code, true).await,
        _ => {}
    }
    // Any other page of the app: its bundle's page with the page's title drawn in, so it
    // shows before the bundle arrives.
    if matches!(req.method(), Method::Get | Method::Head)
        && let Some(route) = Route::parse(&segments.iter().copied().filter(|s| !s.is_empty()).collect::<Vec<_>>())
    {
        return pages::bundle_page(&req, &env, &route).await;
    }
    let assets = env.assets("ASSETS")?;
    match Bundle::for_path(&path) {
        // Static files, and index.html for the public bundle's client-side routes.
        Bundle::Public => assets.fetch_request(req).await,
        // A route of another bundle: that bundle's page, whatever the path below it.
        // The client's method and headers go along, so caching and compression still work.
        bundle => {
            let mut page = req.url()?;
            page.set_path(bundle.html());
            page.set_query(None);
            let mut init = RequestInit::new();
            init.with_method(req.method()).with_headers(req.headers().clone());
            assets.fetch_request(Request::new_with_init(page.as_str(), &init)?).await
        }
    }
}

/// The periodic run (`[triggers]` in wrangler.toml): every area's jobs. A failure is
/// logged; the next run tries again.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    clock::follow(&env);
    let config = match config::Config::from_env(&env) {
        Ok(config) => config,
        Err(failure) => return worker::console_error!("scheduled: {:?}", failure.into_error().error),
    };
    let areas = [accounts::CRON, registration::CRON, appeals::CRON, stalls::CRON];
    // Each job on its own: one failing never keeps the others from running.
    for job in areas.into_iter().flatten() {
        if let Err(failure) = (job.run)(&config).await {
            worker::console_error!("scheduled {} failed: {:?}", job.what, failure.into_error().error);
        }
    }
}
