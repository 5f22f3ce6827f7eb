//! The authorisation matrix, driven by the endpoint table: every endpoint × every kind of
//! caller, asserting that exactly the callers its access rule admits get past the access
//! check, and that everyone else gets a 401 or 403. An endpoint added to the table is
//! covered here without anyone writing its test.

use crate::accounts::{fresh_phone, phone};
use crate::{Ctx, NamedTest};
use getima_demo::DEMO_ACCOUNTS;
use getima_domain::accounts::Role;
use getima_domain::api::{Access, DemoCase, Endpoint, Method, MyHouseholds};
use getima_domain::codes::CodeToken;
use getima_e2e::SendThroughDevProxy;
use serde_json::Value;

pub const TESTS: &[NamedTest] = &[(
    "matrix::every_endpoint_admits_exactly_the_callers_its_access_rule_names",
    every_endpoint_admits_exactly_the_callers_its_access_rule_names,
)];

/// The department, market and household every scoped request is about.
const DEPARTMENT: &str = "tax";
const MARKET: i64 = 2;
const TARGET_OWNER: &str = "13800000001";

/// A kind of caller, with what the access rules look at.
struct Caller {
    label: &'static str,
    token: Option<String>,
    roles: Vec<Role>,
    department: Option<&'static str>,
    markets: Vec<i64>,
    owns_target: bool,
}

impl Caller {
    fn demo(ctx: &Ctx, label: &'static str, phone: &str) -> Self {
        let account = DEMO_ACCOUNTS.iter().find(|a| a.phone == phone).expect("a demo account");
        Self {
            label,
            token: Some(ctx.session(phone).access_token),
            roles: account.roles.to_vec(),
            department: account.department,
            markets: account.markets.to_vec(),
            owns_target: phone == TARGET_OWNER,
        }
    }

    /// Whether the rule admits this caller, read the way the table's reader understands it.
    fn admitted_by(&self, access: Access) -> bool {
        match access {
            Access::Public | Access::DevelopmentOnly => true,
            Access::SignedIn => self.token.is_some(),
            Access::AnyRole(roles) => self.roles.iter().any(|r| roles.contains(r)),
            Access::DepartmentMember(_) => self.department == Some(DEPARTMENT),
            Access::DepartmentHead(_) => {
                self.department == Some(DEPARTMENT) && self.roles.contains(&Role::DepartmentHead)
            }
            Access::MarketManager(_) => self.roles.contains(&Role::Admin) || self.markets.contains(&MARKET),
            Access::HouseholdOwner(_) => self.owns_target,
        }
    }
}

fn manager_of(market: i64) -> &'static str {
    DEMO_ACCOUNTS.iter().find(|a| a.markets.contains(&market)).map(|a| a.phone).expect("a manager")
}

fn callers(ctx: &Ctx) -> Vec<Caller> {
    let other_department =
        DEMO_ACCOUNTS.iter().filter(|a| a.department.is_some_and(|d| d != DEPARTMENT)).collect::<Vec<_>>();
    let staff_elsewhere = other_department.iter().find(|a| a.roles.contains(&Role::Staff)).expect("staff");
    let head_elsewhere = other_department.iter().find(|a| a.roles.contains(&Role::DepartmentHead)).expect("head");
    let other_owner = DEMO_ACCOUNTS.iter().find(|a| a.roles.contains(&Role::Owner) && a.phone != TARGET_OWNER);
    let visitor = ctx.sign_in(&fresh_phone(5500));
    vec![
        Caller { label: "no token", token: None, roles: vec![], department: None, markets: vec![], owns_target: false },
        Caller {
            label: "visitor",
            token: Some(visitor.access_token),
            roles: vec![],
            department: None,
            markets: vec![],
            owns_target: false,
        },
        Caller::demo(ctx, "vendor", phone(Role::Vendor, None)),
        Caller::demo(ctx, "owner of another household", other_owner.expect("a second owner").phone),
        Caller::demo(ctx, "owner of the household", TARGET_OWNER),
        Caller::demo(ctx, "manager of another market", manager_of(1)),
        Caller::demo(ctx, "manager of the market", manager_of(MARKET)),
        Caller::demo(ctx, "staff of another department", staff_elsewhere.phone),
        Caller::demo(ctx, "head of another department", head_elsewhere.phone),
        Caller::demo(ctx, "staff of the department", phone(Role::Staff, Some(DEPARTMENT))),
        Caller::demo(ctx, "admin", phone(Role::Admin, None)),
    ]
}

/// A value for every path parameter the table uses, each naming the target resource.
fn parameter(ctx: &Ctx, name: &str) -> String {
    let code = &ctx.demo(DemoCase::Ordinary, 0).code;
    match name {
        "code" => code.clone(),
        "uscc" => {
            let mine: MyHouseholds =
                ctx.get_as(&ctx.session(TARGET_OWNER).access_token, "/api/me/households").json().expect("households");
            mine.households.first().expect("the target owner has a household").uscc.clone()
        }
        "dept" => DEPARTMENT.into(),
        "market" => MARKET.to_string(),
        "year" => "2026".into(),
        "date" => "2026-10-01".into(),
        "bundle" => "open-restaurant".into(),
        "material" => "id_card".into(),
        "kind" => "establishment".into(),
        // No such photo: the rule admits or refuses before the photo is looked for.
        "photo" => "0123456789abcdef0123456789abcdef".into(),
        // No such task, application, appeal, booking, lottery, zone, stall or declaration: the rule admits or refuses
        // before one is looked for.
        "task" | "application" | "rectification" | "appeal" | "booking" | "lottery" | "zone" | "stall"
        | "declaration" => "999999".into(),
        "key" => "matrix-appeal-photo-01".into(),
        "category" => "other".into(),
        "service" => "tax.json".into(),
        "request" => "SQ20260101999999.json".into(),
        other => panic!("the matrix has no value for path parameter {{{other}}}: add one"),
    }
}

fn path_of(ctx: &Ctx, endpoint: Endpoint) -> String {
    let spec = endpoint.spec();
    let mut path = spec.path.to_string();
    for name in spec.params {
        let value = match (*name, spec.path.contains("/people/")) {
            // A person's id: the admin's own, which the matrix's bad bodies never change.
            ("id", true) => ctx.session(phone(Role::Admin, None)).me.id.to_string(),
            ("id", false) => CodeToken::parse(&ctx.demo(DemoCase::Ordinary, 0).code).expect("a demo code").id,
            _ => parameter(ctx, name),
        };
        path = path.replace(&format!("{{{name}}}"), &value);
    }
    path
}

fn every_endpoint_admits_exactly_the_callers_its_access_rule_names(ctx: &Ctx) {
    let openapi: Value = ctx.get("/api/openapi.json").json().expect("the OpenAPI document");
    let callers = callers(ctx);
    let mut wrong = Vec::new();
    for endpoint in Endpoint::all() {
        let spec = endpoint.spec();
        let path = path_of(ctx, endpoint);
        let method = spec.method.as_str().to_ascii_lowercase();
        // A write is sent with a body of the wrong shape, so a caller who gets through is
        // stopped by validation (400) and nothing changes. A write that takes no body
        // cannot be stopped that way: only its refusals are checked.
        let has_body = openapi["paths"][spec.path][&method].get("requestBody").is_some();
        let harmless = spec.method == Method::Get || has_body;
        for caller in &callers {
            let admitted = caller.admitted_by(spec.access);
            if admitted && !harmless {
                continue;
            }
            let url = ctx.server.url(&path);
            let mut request = match spec.method {
                Method::Get => ctx.http.get(url),
                Method::Post => ctx.http.post(url).json(&[0]),
                Method::Put => ctx.http.put(url).json(&[0]),
                Method::Delete => ctx.http.delete(url),
            };
            if let Some(token) = &caller.token {
                request = request.bearer_auth(token);
            }
            let status = request.send_through_dev_proxy().expect("a request").status().as_u16();
            let refused = status == 401 || status == 403;
            let expected_refusal = if caller.token.is_some() { 403 } else { 401 };
            if admitted == refused || (!admitted && status != expected_refusal) || status >= 500 {
                wrong.push(format!(
                    "{} {path} as {}: {status}, expected {}",
                    spec.method.as_str(),
                    caller.label,
                    if admitted { "to get through".to_string() } else { expected_refusal.to_string() }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "the access rules are not what the table says:\n{}", wrong.join("\n"));
}
