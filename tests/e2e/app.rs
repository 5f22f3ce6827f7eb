//! The app as served: client-side routes, assets, the OpenAPI document, web-view safety.

use crate::{Ctx, NamedTest};
use getima_domain::api::{DemoCase, Endpoint};
use std::fs;

pub const TESTS: &[NamedTest] = &[
    ("app::client_routes_get_the_app_shell", client_routes_get_the_app_shell),
    ("app::assets_are_served_compressed", assets_are_served_compressed),
    ("app::served_openapi_lists_every_endpoint", served_openapi_lists_every_endpoint),
    ("app::nothing_uses_popups_that_web_views_block", nothing_uses_popups_that_web_views_block),
];

fn client_routes_get_the_app_shell(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 0).code;
    for path in ["/", &format!("/c/{code}"), &format!("/c/{code}/poster"), "/c/forged.whatever"] {
        let response = ctx.get(path);
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers().get("content-security-policy").map(|v| v.to_str().unwrap_or("").to_string());
        let html = response.text().expect("HTML");
        assert!(html.contains("/pkg/getima_app.js?v="), "{path} serves the app shell");
        assert!(csp.is_some_and(|c| c.contains("'wasm-unsafe-eval'")), "{path} carries the CSP");
    }
}

fn assets_are_served_compressed(ctx: &Ctx) {
    for path in ["/pkg/getima_app_bg.wasm", "/pkg/getima_app.js", "/vendor/weui.min.css", "/app.css"] {
        let response = ctx.http.get(ctx.server.url(path)).header("accept-encoding", "gzip").send().expect(path);
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("")),
            Some("gzip"),
            "{path}"
        );
    }
}

fn served_openapi_lists_every_endpoint(ctx: &Ctx) {
    let doc: serde_json::Value = ctx.get("/api/openapi.json").json().expect("JSON");
    for endpoint in Endpoint::ALL {
        let method = endpoint.method().as_str().to_lowercase();
        assert!(doc["paths"][endpoint.path()][&method].is_object(), "{endpoint:?}");
    }
}

/// Mini-program web-views silently drop alert/confirm/prompt and window.open: the built app
/// must not import them (wasm-bindgen glue names every browser API the app calls).
fn nothing_uses_popups_that_web_views_block(_: &Ctx) {
    let glue = fs::read_to_string(getima_e2e::repo_root().join("public/pkg/getima_app.js")).expect("built app");
    for forbidden in [".alert(", ".confirm(", ".prompt(", ".open("] {
        assert!(!glue.contains(forbidden), "the app calls {forbidden}");
    }
    assert!(glue.contains(".history"), "the check reads real glue (it names the History API)");
}
