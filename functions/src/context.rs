//! The request context handlers receive, and the one function that runs any endpoint:
//! configuration, the central access check, typed path parameters, decoded input, the
//! handler, and the response in the endpoint's format.

use crate::access;
use crate::caller::Caller;
use crate::config::Config;
use crate::http::{self, Failure, Outcome};
use getima_domain::api::{Api, Endpoint, PathParams};
use getima_domain::pages::prefers_english;
use std::future::Future;
use worker::{Env, Method, Request, Response};

/// A routed request, before anything about it is checked.
pub struct Incoming {
    pub req: Request,
    pub env: Env,
    pub endpoint: Endpoint,
    pub params: PathParams,
}

/// What a handler of endpoint `E` works with.
pub struct Ctx<E> {
    pub config: Config,
    /// The typed path parameters (the endpoint's own struct).
    pub params: E,
    caller: Option<Caller>,
    /// The origin printed codes point at.
    pub origin: String,
    /// The client's address as the edge saw it, for per-client limits.
    pub client_ip: Option<String>,
    /// Whether the client asks for English first (`Accept-Language`), for answers in one language.
    pub english: bool,
}

impl<E> Ctx<E> {
    /// The signed-in caller. Access was checked before the handler ran, so an endpoint
    /// whose rule needs a caller always has one; its absence is a bug, not the client's.
    pub fn caller(&self) -> Outcome<&Caller> {
        self.caller.as_ref().ok_or_else(|| Failure::internal("a handler that needs a caller ran without one"))
    }
}

pub async fn run<E, F, Fut>(incoming: Incoming, handler: F) -> Outcome<Response>
where
    E: Api,
    F: FnOnce(Ctx<E>, E::Input) -> Fut,
    Fut: Future<Output = Outcome<E::Output>>,
{
    let Incoming { mut req, env, endpoint, params } = incoming;
    if *endpoint.spec() != E::SPEC {
        return Err(Failure::internal(format!("{endpoint:?} was dispatched to the handler of {}", E::SPEC.name)));
    }
    let config = Config::from_env(&env)?;
    // A malformed parameter is a 400 naming it, whoever asks; then the access rule decides.
    let typed = E::from_params(&params)?;
    let caller = access::authorise(&config, E::SPEC.access, &req, &params).await?;
    let input = http::read_input::<E>(&mut req).await?;
    let origin = config.public_origin(&req)?;
    // Cloudflare sets this at the edge; clients cannot forge it there.
    let client_ip = req.headers().get("cf-connecting-ip")?;
    let english = prefers_english(&req.headers().get("accept-language")?.unwrap_or_default());
    let head = req.method() == Method::Head;
    let ctx = Ctx { config, params: typed, caller, origin, client_ip, english };
    let output = handler(ctx, input).await?;
    http::respond(&E::SPEC, &output, head)
}
