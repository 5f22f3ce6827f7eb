//! Property-based API testing by schemathesis, driven by the served OpenAPI document. Every
//! operation is fuzzed as a caller its access rule admits, with its scope pinned to what
//! that caller may touch, so the handlers themselves are exercised, not just the 401.

use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{Access, Api, Endpoint, MyHouseholds, Route, Spec, endpoints};
use getima_e2e::SendThroughDevProxy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::process::Command;

pub const TESTS: &[NamedTest] = &[(
    "schemathesis::every_operation_is_fuzzed_past_its_access_check_with_no_5xx_and_answers_as_documented",
    every_operation_is_fuzzed_past_its_access_check_with_no_5xx_and_answers_as_documented,
)];

/// Signing out would end the fuzzing session itself (the matrix and the accounts tests
/// cover it); the OpenAPI document is what the run is driven by, read before it starts.
const NOT_FUZZED: &[Spec] = &[endpoints::SignOut::SPEC, endpoints::GetOpenApi::SPEC];

/// On a server of its own: fuzzing as an admin disables people and changes codes, which
/// must not pull the ground from under the other tests.
fn every_operation_is_fuzzed_past_its_access_check_with_no_5xx_and_answers_as_documented(ctx: &Ctx) {
    let bin = getima_e2e::repo_root().join(".tools/venv/bin/schemathesis");
    assert!(bin.exists(), "schemathesis is missing: run `make setup`");
    let server = getima_e2e::Server::start().expect("a second local server");
    let sign_in = |phone: &str, ip: &str| server.sign_in(&ctx.http, phone, ip).access_token;
    let admin = sign_in(crate::accounts::phone(Role::Admin, None), "10.255.0.1");
    let staff = sign_in(crate::accounts::phone(Role::Staff, Some("tax")), "10.255.0.2");
    let owner = sign_in("13800000001", "10.255.0.3");
    let head = sign_in(crate::accounts::phone(Role::DepartmentHead, Some("amr")), "10.255.0.4");
    let vendor = sign_in(crate::accounts::phone(Role::Vendor, None), "10.255.0.5");
    let owned: MyHouseholds = ctx
        .http
        .get(server.url("/api/me/households"))
        .bearer_auth(&owner)
        .send_through_dev_proxy()
        .and_then(|r| r.json())
        .expect("the owner's households");

    let mut config = format!("headers = {{ Authorization = \"Bearer {admin}\" }}\n");
    // An invalid body can also be too large, and 413 is then the honest answer.
    config += "\n[checks.negative_data_rejection]\nexpected-statuses = \
               [\"400\", \"401\", \"403\", \"404\", \"405\", \"406\", \"409\", \"413\", \"415\", \"422\", \"428\", \"429\"]\n";
    for endpoint in Endpoint::all() {
        let spec = endpoint.spec();
        let (token, pinned) = match spec.access {
            Access::DepartmentMember(param) => (&staff, Some((param, "tax".to_string()))),
            Access::DepartmentHead(param) => (&head, Some((param, "amr".to_string()))),
            Access::HouseholdOwner(param) => (&owner, Some((param, owned.households[0].uscc.clone()))),
            // Filing through Open311 is an owner's.
            Access::SignedIn if spec.speaks_open311() => (&owner, None),
            Access::AnyRole(roles) if roles.contains(&Role::Vendor) => (&vendor, None),
            _ => continue,
        };
        let _ = write!(
            config,
            "\n[[operations]]\ninclude-name = \"{} {}\"\nheaders = {{ Authorization = \"Bearer {token}\" }}\n",
            spec.method.as_str(),
            spec.path,
        );
        if let Some((param, value)) = pinned {
            let _ = writeln!(config, "parameters = {{ \"path.{param}\" = \"{value}\" }}");
        }
    }
    let dir = getima_e2e::scratch_dir("schemathesis");
    let config_path = dir.join("schemathesis.toml");
    std::fs::write(&config_path, &config).expect("the config is written");
    let har = dir.join("run.har");

    let mut command = Command::new(bin);
    command.arg("--config-file").arg(&config_path).arg("run").arg(server.url("/api/openapi.json"));
    for endpoint in NOT_FUZZED {
        command.args(["--exclude-path", endpoint.path]);
    }
    let output = command
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,\
             negative_data_rejection,ignored_auth,use_after_free",
        ])
        // One worker: hypothesis parses lambdas with ast.parse, which races across threads on
        // CPython 3.11 ("AST constructor recursion depth mismatch").
        .args(["--max-examples", "40", "--seed", "20261124", "--workers", "1"])
        .args(["--report", "har", "--report-har-path"])
        .arg(&har)
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .output()
        .expect("schemathesis runs");
    let report = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "schemathesis found problems:\n{report}");

    // What each operation answered: one that only ever said 401 or 403 was never fuzzed.
    let har: Value = serde_json::from_str(&std::fs::read_to_string(&har).expect("the HAR report")).expect("HAR JSON");
    let mut answered: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for entry in har["log"]["entries"].as_array().expect("HAR entries") {
        let method = entry["request"]["method"].as_str().unwrap_or_default();
        let url = entry["request"]["url"].as_str().unwrap_or_default();
        let path = url.split("://").nth(1).and_then(|rest| rest.find('/').map(|i| &rest[i..])).unwrap_or_default();
        let path = path.split('?').next().unwrap_or_default();
        if let Route::Found(endpoint, _) = Endpoint::route(method, path) {
            let status = entry["response"]["status"].as_u64().unwrap_or_default();
            answered.entry(format!("{endpoint:?}")).or_default().insert(status);
        }
    }
    let hollow: Vec<String> = Endpoint::all()
        .filter(|e| !NOT_FUZZED.contains(e.spec()))
        .map(|e| e.spec().name.to_string())
        .filter(|name| answered.get(name).is_none_or(|statuses| statuses.iter().all(|s| matches!(s, 401 | 403))))
        .collect();
    assert!(hollow.is_empty(), "never got past the access check: {hollow:?}\n{answered:?}");
}
