//! Property-based API testing by schemathesis, driven by the served OpenAPI document.

use crate::{Ctx, NamedTest};
use getima_domain::people::Role;
use std::process::Command;

pub const TESTS: &[NamedTest] =
    &[("schemathesis::no_5xx_and_responses_match_the_schema", no_5xx_and_responses_match_the_schema)];

/// On a server of its own: fuzzing as an admin signs out, disables people and changes
/// codes, which must not pull the ground from under the other tests.
fn no_5xx_and_responses_match_the_schema(ctx: &Ctx) {
    let bin = getima_e2e::repo_root().join(".tools/venv/bin/schemathesis");
    assert!(bin.exists(), "schemathesis is missing: run `make setup`");
    let server = getima_e2e::Server::start().expect("a second local server");
    let admin = server.sign_in(&ctx.http, crate::accounts::phone(Role::Admin, None), "10.255.0.1").access_token;
    let output = Command::new(bin)
        .arg("run")
        .arg(server.url("/api/openapi.json"))
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        // One worker: hypothesis parses lambdas with ast.parse, which races across threads on
        // CPython 3.11 ("AST constructor recursion depth mismatch").
        .args(["--max-examples", "40", "--seed", "20261124", "--workers", "1"])
        // As an admin, so protected handlers run their validation, not just the 401.
        .args(["--header", &format!("Authorization: Bearer {admin}")])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .output()
        .expect("schemathesis runs");
    let report = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "schemathesis found problems:\n{report}");
    assert!(report.contains("passed"), "schemathesis ran no operation:\n{report}");
}
