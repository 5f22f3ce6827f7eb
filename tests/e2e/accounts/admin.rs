//! Admin writes: authorisation, bad bodies, idempotent re-issue, and KV invalidation.

use crate::codes::{error, profile};
use crate::{Ctx, NamedTest};
use getima_domain::api::{CodeState, DemoCase, ErrorKind, HouseholdStatusState};
use getima_domain::codes::CodeToken;
use getima_domain::codes::households::HouseholdStatus;
use getima_e2e::SendThroughDevProxy;
use reqwest::blocking::{RequestBuilder, Response};

pub const TESTS: &[NamedTest] = &[
    ("admin::writes_need_the_admin_role", writes_need_the_admin_role),
    ("admin::bad_bodies_get_clear_4xx_and_change_nothing", bad_bodies_get_clear_4xx_and_change_nothing),
    ("admin::status_change_is_seen_at_once_despite_the_cache", status_change_is_seen_at_once_despite_the_cache),
    ("admin::reissue_invalidates_old_prints_and_is_idempotent", reissue_invalidates_old_prints_and_is_idempotent),
    ("admin::revoke_turns_a_code_red_and_is_idempotent", revoke_turns_a_code_red_and_is_idempotent),
];

fn id_of(code: &str) -> String {
    CodeToken::parse(code).expect("demo codes parse").id
}

fn admin(ctx: &Ctx, builder: RequestBuilder) -> RequestBuilder {
    builder.bearer_auth(&ctx.admin)
}

fn send(builder: RequestBuilder) -> Response {
    builder.send_through_dev_proxy().expect("request sent")
}

fn reissue(ctx: &Ctx, id: &str, replaces: u32) -> Response {
    let url = ctx.server.url(&format!("/api/admin/codes/{id}/reissue"));
    send(admin(ctx, ctx.http.post(url)).json(&serde_json::json!({ "replaces_version": replaces })))
}

fn writes_need_the_admin_role(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 3).code;
    let url = ctx.server.url(&format!("/api/admin/codes/{}/revoke", id_of(code)));
    let body = serde_json::json!({ "reason": "misuse" });
    let staff = ctx.session(crate::accounts::phone(getima_domain::accounts::Role::Staff, Some("amr"))).access_token;
    let cases = [
        (ctx.http.post(&url).json(&body), 401, ErrorKind::NotSignedIn),
        (ctx.http.post(&url).bearer_auth("not-a-token").json(&body), 401, ErrorKind::InvalidToken),
        (ctx.http.post(&url).header("authorization", ctx.admin.clone()).json(&body), 401, ErrorKind::InvalidToken),
        (ctx.http.post(&url).bearer_auth(&staff).json(&body), 403, ErrorKind::Forbidden),
    ];
    for (builder, status, kind) in cases {
        let (got, err) = error(send(builder));
        assert_eq!((got, err.error), (status, kind));
    }
    // Nothing was revoked.
    profile(ctx, code);
}

fn bad_bodies_get_clear_4xx_and_change_nothing(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 4);
    let before = profile(ctx, &demo.code);
    let uscc = &before.household.uscc;
    let status_url = ctx.server.url(&format!("/api/admin/households/{uscc}/status"));
    let cases: Vec<(RequestBuilder, u16, ErrorKind)> = vec![
        (ctx.http.put(&status_url).body(r#"{"status":"suspended"}"#), 415, ErrorKind::UnsupportedMediaType),
        (ctx.http.put(&status_url).header("content-type", "application/json").body("{"), 400, ErrorKind::InvalidBody),
        (ctx.http.put(&status_url).json(&serde_json::json!({ "status": "closed" })), 400, ErrorKind::InvalidBody),
        (
            ctx.http.put(&status_url).json(&serde_json::json!({ "status": "suspended", "extra": 1 })),
            400,
            ErrorKind::InvalidBody,
        ),
        (
            ctx.http.put(&status_url).json(&serde_json::json!({ "status": "x".repeat(10_000) })),
            413,
            ErrorKind::PayloadTooLarge,
        ),
        (
            ctx.http
                .put(ctx.server.url("/api/admin/households/92330302MA0001181X/status"))
                .json(&serde_json::json!({ "status": "suspended" })),
            400,
            ErrorKind::InvalidBody,
        ),
        (
            ctx.http
                .put(ctx.server.url(&format!(
                    "/api/admin/households/{}/status",
                    getima_domain::uscc::generate_individual("330302", 999_999).unwrap()
                )))
                .json(&serde_json::json!({ "status": "suspended" })),
            404,
            ErrorKind::NotFound,
        ),
        (
            ctx.http
                .post(ctx.server.url(&format!("/api/admin/codes/{}/reissue", id_of(&demo.code))))
                .json(&serde_json::json!({ "replaces_version": 0 })),
            400,
            ErrorKind::InvalidBody,
        ),
        (
            ctx.http
                .post(ctx.server.url(&format!("/api/admin/codes/{}/reissue", id_of(&demo.code))))
                .json(&serde_json::json!({ "replaces_version": 4_294_967_295u64 })),
            400,
            ErrorKind::InvalidBody,
        ),
        (
            ctx.http
                .post(ctx.server.url("/api/admin/codes/NOT-AN-ID/reissue"))
                .json(&serde_json::json!({ "replaces_version": 1 })),
            400,
            ErrorKind::InvalidBody,
        ),
        (
            ctx.http
                .post(ctx.server.url("/api/admin/codes/0000000000zz/revoke"))
                .json(&serde_json::json!({ "reason": "lost" })),
            404,
            ErrorKind::UnknownCode,
        ),
    ];
    for (i, (builder, status, kind)) in cases.into_iter().enumerate() {
        let (got, body) = error(send(admin(ctx, builder)));
        assert_eq!((got, body.error), (status, kind), "case {i}: {body:?}");
    }
    assert_eq!(profile(ctx, &demo.code), before, "failed writes changed nothing");
}

fn status_change_is_seen_at_once_despite_the_cache(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 5);
    let before = profile(ctx, &demo.code); // now cached in KV
    assert_eq!(before.household.status, HouseholdStatus::Active);
    assert!(profile(ctx, &demo.code) == before, "served again from the cache");
    let uscc = before.household.uscc.to_ascii_lowercase(); // typed by hand: normalised
    let url = ctx.server.url(&format!("/api/admin/households/{uscc}/status"));
    let response = send(admin(ctx, ctx.http.put(url)).json(&serde_json::json!({ "status": "suspended" })));
    assert_eq!(response.status(), 200);
    let state: HouseholdStatusState = response.json().expect("state");
    assert_eq!((state.uscc.as_str(), state.status), (before.household.uscc.as_str(), HouseholdStatus::Suspended));
    let after = profile(ctx, &demo.code);
    assert_eq!(after.household.status, HouseholdStatus::Suspended, "the cached profile was invalidated");
    assert!(after.household.payment.is_none(), "a suspended business offers no payment code");
}

fn reissue_invalidates_old_prints_and_is_idempotent(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 6);
    let old = profile(ctx, &demo.code); // cached at version 1
    let id = id_of(&demo.code);

    let response = reissue(ctx, &id, 1);
    assert_eq!(response.status(), 200);
    let state: CodeState = response.json().expect("state");
    assert_eq!((state.version, state.revoked), (2, false));
    assert_ne!(state.url, old.url);

    let (status, body) = error(ctx.get(&format!("/api/codes/{}", demo.code)));
    assert_eq!((status, body.error), (410, ErrorKind::SupersededCode), "the old print no longer verifies");
    let new_code = state.url.rsplit("/c/").next().expect("URL has /c/");
    assert_eq!(profile(ctx, new_code).household, old.household);

    // A retried request (same replaces_version) finds the work done and says so again.
    let retry: CodeState = reissue(ctx, &id, 1).json().expect("state");
    assert_eq!(retry, state);
    // Once the code has moved on (2 → 3), a late retry of the first re-issue is refused
    // rather than bumping again.
    let third: CodeState = reissue(ctx, &id, 2).json().expect("state");
    assert_eq!(third.version, 3);
    let (status, body) = error(reissue(ctx, &id, 1));
    assert_eq!((status, body.error), (409, ErrorKind::VersionConflict));
    assert_eq!(profile(ctx, third.url.rsplit("/c/").next().expect("URL has /c/")).household, old.household);
}

fn revoke_turns_a_code_red_and_is_idempotent(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 7);
    profile(ctx, &demo.code);
    let url = ctx.server.url(&format!("/api/admin/codes/{}/revoke", id_of(&demo.code)));
    let first: CodeState =
        send(admin(ctx, ctx.http.post(&url)).json(&serde_json::json!({ "reason": "lost" }))).json().expect("state");
    assert!(first.revoked);
    let (status, body) = error(ctx.get(&format!("/api/codes/{}", demo.code)));
    assert_eq!((status, body.error), (410, ErrorKind::RevokedCode));
    assert!(body.detail.as_deref().is_some_and(|d| d.contains("挂失")), "{:?}", body.detail);
    let again = send(admin(ctx, ctx.http.post(&url)).json(&serde_json::json!({ "reason": "misuse" })));
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<CodeState>().expect("state"), first);
    let (_, body) = error(ctx.get(&format!("/api/codes/{}", demo.code)));
    assert!(body.detail.as_deref().is_some_and(|d| d.contains("挂失")), "the first reason stands");
}
