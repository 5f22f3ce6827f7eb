//! Routing: the endpoint table finds a request's endpoint, and its area runs it. Everything
//! about an endpoint (method, path, access, status, input and output) is in
//! `getima_domain::api`; each area's `serve` names a handler for each of its endpoints, and
//! the compiler makes sure every endpoint has one.

use crate::http::Failure;
use crate::{accounts, appeals, calendar, codes, context::Incoming, inspections, registration, service, stalls};
use getima_domain::api::{ApiError, Endpoint, ErrorKind, OPEN311_PREFIX, Route};
use getima_domain::pages::prefers_english;
use worker::{Env, Request, Response};

pub async fn serve(req: Request, env: Env) -> Response {
    // Open311 clients expect that specification's error list, in the language they ask for.
    let open311 = req.path().starts_with(OPEN311_PREFIX);
    let english = prefers_english(&req.headers().get("accept-language").ok().flatten().unwrap_or_default());
    let answer =
        |failure: Failure| if open311 { failure.into_open311_response(english) } else { failure.into_response() };
    let (endpoint, params) = match Endpoint::route(req.method().as_ref(), &req.path()) {
        Route::Found(endpoint, params) => (endpoint, params),
        Route::MethodNotAllowed(allowed) => return answer(Failure::method_not_allowed(&allowed)),
        Route::NotFound => return answer(ApiError::new(ErrorKind::NotFound).into()),
    };
    let incoming = Incoming { req, env, endpoint, params };
    let outcome = match endpoint {
        Endpoint::Service(e) => service::serve(e, incoming).await,
        Endpoint::Codes(e) => codes::serve(e, incoming).await,
        Endpoint::Accounts(e) => accounts::serve(e, incoming).await,
        Endpoint::Inspections(e) => inspections::serve(e, incoming).await,
        Endpoint::Stalls(e) => stalls::serve(e, incoming).await,
        Endpoint::Calendar(e) => calendar::serve(e, incoming).await,
        Endpoint::Registration(e) => registration::serve(e, incoming).await,
        Endpoint::Appeals(e) => appeals::serve(e, incoming).await,
    };
    outcome.unwrap_or_else(answer)
}
