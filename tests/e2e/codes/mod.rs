//! Verifying codes through the API: every verdict, masking, caching, and hostile input.

pub mod pages;
pub mod qr;
pub mod scanning;

use crate::{Ctx, NamedTest};
use getima_domain::api::{ApiError, CodeProfile, CodeRef, DemoCase, ErrorKind};
use getima_domain::codes::households::{HouseholdStatus, LicenceValidity};
use getima_domain::codes::verdict::Standing;
use getima_domain::{masking, uscc};
use getima_e2e::SendThroughDevProxy;

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[TESTS, pages::TESTS, qr::TESTS, scanning::TESTS];

pub const TESTS: &[NamedTest] = &[
    ("codes::valid_code_returns_its_public_profile", valid_code_returns_its_public_profile),
    ("codes::each_bad_code_gets_its_own_clear_4xx", each_bad_code_gets_its_own_clear_4xx),
    ("codes::hostile_tokens_get_a_4xx_never_a_5xx", hostile_tokens_get_a_4xx_never_a_5xx),
    ("codes::public_profiles_never_show_full_operator_names", public_profiles_never_show_full_operator_names),
    ("codes::demo_data_covers_every_state_and_county", demo_data_covers_every_state_and_county),
    ("codes::licence_validity_is_judged_today", licence_validity_is_judged_today),
    ("codes::unknown_api_paths_and_methods_get_json_errors", unknown_api_paths_and_methods_get_json_errors),
    ("codes::each_demo_state_gets_its_own_standing", each_demo_state_gets_its_own_standing),
    ("codes::codes_are_found_by_short_code_or_credit_code", codes_are_found_by_short_code_or_credit_code),
];

pub fn profile(ctx: &Ctx, code: &str) -> CodeProfile {
    let response = ctx.get(&format!("/api/codes/{code}"));
    assert_eq!(response.status(), 200, "{code}");
    response.json().expect("a CodeProfile")
}

pub fn error(response: reqwest::blocking::Response) -> (u16, ApiError) {
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let text = response.text().expect("an error body");
    assert_eq!(content_type, "application/json", "errors are JSON: {status} {text}");
    let body: ApiError = serde_json::from_str(&text).expect("an ApiError body");
    assert!(!body.message_zh.is_empty() && !body.message_en.is_empty());
    (status, body)
}

fn valid_code_returns_its_public_profile(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 0);
    let profile = profile(ctx, &demo.code);
    assert_eq!(profile.code, demo.code);
    assert_eq!(profile.url, ctx.server.url(&format!("/c/{}", demo.code)));
    let household = &profile.household;
    assert_eq!(household.name, demo.name);
    assert_eq!(household.county.zh, demo.county);
    assert_eq!(uscc::parse(&household.uscc).as_deref(), Ok(household.uscc.as_str()));
    assert!(household.uscc.starts_with("92"), "individual households' credit codes start 92");
    assert_eq!(&household.uscc[2..8], household.county.code);
    assert_eq!(household.status, HouseholdStatus::Active);
    assert!(household.address.starts_with("浙江省温州市"));
    assert!(
        household.licences.iter().any(|l| l.number == household.uscc),
        "the business licence carries the credit code"
    );
}

fn each_bad_code_gets_its_own_clear_4xx(ctx: &Ctx) {
    let cases = [
        (ctx.demo(DemoCase::Forged, 0).code.clone(), 403, ErrorKind::ForgedCode),
        (ctx.demo(DemoCase::Revoked, 0).code.clone(), 410, ErrorKind::RevokedCode),
        (ctx.demo(DemoCase::Superseded, 0).code.clone(), 410, ErrorKind::SupersededCode),
        ("0000000000zz.00000000".to_string(), 404, ErrorKind::UnknownCode),
        ("not-a-code".to_string(), 400, ErrorKind::MalformedCode),
    ];
    for (code, status, kind) in cases {
        for path in [
            format!("/api/codes/{code}"),
            format!("/api/codes/{code}/qr.svg"),
            format!("/api/codes/{code}/payment-qr.svg"),
        ] {
            let (got_status, body) = error(ctx.get(&path));
            assert_eq!((got_status, body.error), (status, kind), "{path}");
        }
    }
}

fn hostile_tokens_get_a_4xx_never_a_5xx(ctx: &Ctx) {
    let long = "a".repeat(8000);
    let valid = &ctx.demo(DemoCase::Ordinary, 0).code;
    for raw in [
        long.as_str(),
        "%E4%B8%AD%E6%96%87.12345678",
        "..",
        "'%20OR%201=1--",
        "%00%00%00%00%00%00%00%00%00%00%00%00.%00%00%00%00%00%00%00%00",
        &format!("{valid}%20"),
        &format!("{valid}."),
        "k7x2m9q4p8ra.12345678.k7x2m9q4p8ra",
    ] {
        let response = ctx.get(&format!("/api/codes/{raw}"));
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{raw:.40} → {status}");
        if status != 404 && status != 414 {
            let (_, body) = error(response);
            assert_eq!(body.error, ErrorKind::MalformedCode, "{raw:.40}");
        }
    }
}

fn public_profiles_never_show_full_operator_names(ctx: &Ctx) {
    let mut checked = 0;
    for demo in
        ctx.demo.iter().filter(|d| !matches!(d.case, DemoCase::Forged | DemoCase::Revoked | DemoCase::Superseded))
    {
        let body = ctx.get(&format!("/api/codes/{}", demo.code)).text().expect("body");
        let profile: CodeProfile = serde_json::from_str(&body).expect("profile");
        let operator = &profile.household.operator;
        assert!(operator.chars().skip(1).all(|c| c == '*') && operator.chars().count() >= 2, "{operator}");
        for operator in &ctx.server.operators {
            for secret in [&operator.name, &operator.phone, &operator.id_number] {
                assert!(!body.contains(secret.as_str()), "a public profile contains personal data: {secret}");
            }
        }
        assert_eq!(masking::name(operator), *operator, "already masked");
        checked += 1;
    }
    assert!(checked >= 12, "checked {checked} profiles");
}

fn demo_data_covers_every_state_and_county(ctx: &Ctx) {
    let counties: std::collections::HashSet<_> =
        ctx.demo.iter().filter(|d| d.case == DemoCase::Ordinary).map(|d| d.county.clone()).collect();
    assert_eq!(counties.len(), 12, "one ordinary demo code per county-level division");
    for case in [
        DemoCase::Badged,
        DemoCase::LicenceExpiringSoon,
        DemoCase::LicenceExpired,
        DemoCase::Suspended,
        DemoCase::Deregistered,
        DemoCase::Revoked,
        DemoCase::Superseded,
        DemoCase::Forged,
    ] {
        assert!(ctx.demo.iter().any(|d| d.case == case), "no demo code for {case:?}");
    }
    assert!(ctx.server.operators.len() >= 300, "at least 300 households");
}

fn licence_validity_is_judged_today(ctx: &Ctx) {
    let expiring = profile(ctx, &ctx.demo(DemoCase::LicenceExpiringSoon, 0).code);
    assert!(expiring.household.licences.iter().any(|l| l.validity == LicenceValidity::ExpiringSoon));
    let expired = profile(ctx, &ctx.demo(DemoCase::LicenceExpired, 0).code);
    assert!(expired.household.licences.iter().any(|l| l.validity == LicenceValidity::Expired));
    // Served twice, the second time from KV: still judged against today.
    let again = profile(ctx, &ctx.demo(DemoCase::LicenceExpired, 0).code);
    assert_eq!(again, expired);
}

fn unknown_api_paths_and_methods_get_json_errors(ctx: &Ctx) {
    let (status, body) = error(ctx.get("/api/no/such/thing"));
    assert_eq!((status, body.error), (404, ErrorKind::NotFound));
    let code = &ctx.demo(DemoCase::Ordinary, 0).code;
    let response =
        ctx.http.delete(ctx.server.url(&format!("/api/codes/{code}"))).send_through_dev_proxy().expect("DELETE");
    let (status, body) = error(response);
    assert_eq!((status, body.error), (405, ErrorKind::MethodNotAllowed));
}

fn each_demo_state_gets_its_own_standing(ctx: &Ctx) {
    let expected = [
        (DemoCase::Suspended, Standing::Suspended),
        (DemoCase::Deregistered, Standing::Deregistered),
        (DemoCase::LicenceExpired, Standing::LicenceProblem),
        (DemoCase::LicenceExpiringSoon, Standing::LicenceProblem),
    ];
    for (case, standing) in expected {
        let profile = profile(ctx, &ctx.demo(case, 0).code);
        assert_eq!(profile.standing, standing, "{case:?}");
        if !standing.posters() {
            assert!(profile.household.payment.is_none(), "{case:?} offers no payment code");
        }
    }
    let ordinary: Vec<Standing> =
        ctx.demo.iter().filter(|c| c.case == DemoCase::Ordinary).map(|c| profile(ctx, &c.code).standing).collect();
    assert!(ordinary.contains(&Standing::Trading), "{ordinary:?}");
    assert!(ordinary.iter().all(|s| matches!(s, Standing::Trading | Standing::LicenceProblem)), "{ordinary:?}");
}

fn codes_are_found_by_short_code_or_credit_code(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 3);
    let shown = profile(ctx, &demo.code);
    let find = |q: &str| {
        ctx.http.get(ctx.server.url("/api/codes/lookup")).query(&[("q", q)]).send_through_dev_proxy().expect("GET")
    };
    for typed in
        [shown.short_code.clone(), shown.short_code.to_lowercase().replace(' ', "-"), shown.household.uscc.clone()]
    {
        let response = find(&typed);
        assert_eq!(response.status(), 200, "{typed}");
        let found: CodeRef = response.json().expect("a CodeRef");
        assert_eq!(found.code, demo.code, "{typed}");
    }
    let (status, body) = error(find("12ab"));
    assert_eq!((status, body.error), (400, ErrorKind::InvalidBody));
    assert!(body.field("q").is_some_and(|f| !f.message_zh.is_empty()), "{body:?}");
    let (status, body) = error(find("0000 0000 00ZZ"));
    assert_eq!((status, body.error), (404, ErrorKind::UnknownCode));
    let revoked = ctx.demo(DemoCase::Revoked, 0).code.split('.').next().expect("id").to_string();
    assert_eq!(error(find(&revoked)).0, 404, "a revoked code is not found");
}
