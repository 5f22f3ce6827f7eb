//! Accounts, roles, sessions and audit, through the real server: each role's happy path,
//! and every check that keeps one person out of another's data.

pub mod admin;

use crate::codes::error;
use crate::{Ctx, NamedTest};
use getima_demo::DEMO_ACCOUNTS;
use getima_domain::accounts::sessions::{Claims, SessionKey};
use getima_domain::accounts::{InspectionResult, Role};
use getima_domain::api::{
    AuditPage, ErrorKind, Inspection, Inspections, Me, MyHouseholds, OwnedHousehold, PersonState, PrivateHousehold,
    SessionTokens,
};
use getima_domain::audit::AuditAction;
use getima_e2e::SendThroughDevProxy;
use reqwest::blocking::Response;
use serde_json::json;

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[TESTS, admin::TESTS];

pub const TESTS: &[NamedTest] = &[
    ("accounts::every_demo_role_signs_in_and_sees_its_scope", every_demo_role_signs_in_and_sees_its_scope),
    ("accounts::wrong_codes_count_down_then_the_code_is_gone", wrong_codes_count_down_then_the_code_is_gone),
    (
        "accounts::code_requests_are_limited_per_phone_and_only_slowed_per_network",
        code_requests_are_limited_per_phone_and_only_slowed_per_network,
    ),
    ("accounts::forged_expired_and_revoked_tokens_get_401", forged_expired_and_revoked_tokens_get_401),
    (
        "accounts::refresh_rotates_and_a_reused_refresh_ends_the_session",
        refresh_rotates_and_a_reused_refresh_ends_the_session,
    ),
    ("accounts::owner_a_cannot_read_or_take_owner_bs_business", owner_a_cannot_read_or_take_owner_bs_business),
    ("accounts::operator_claims_a_business_by_phone_and_id_number", operator_claims_a_business_by_phone_and_id_number),
    ("accounts::staff_act_only_in_their_own_department", staff_act_only_in_their_own_department),
    ("accounts::managers_see_only_their_own_markets", managers_see_only_their_own_markets),
    (
        "accounts::admin_creates_staff_and_disabling_ends_their_sessions",
        admin_creates_staff_and_disabling_ends_their_sessions,
    ),
    ("accounts::audit_log_pages_newest_first", audit_log_pages_newest_first),
    ("accounts::wechat_sign_in_exchanges_the_code_server_side", wechat_sign_in_exchanges_the_code_server_side),
    ("accounts::anyone_signed_in_can_register_as_a_vendor", anyone_signed_in_can_register_as_a_vendor),
    (
        "accounts::a_left_over_bootstrap_phone_gains_nothing_while_an_admin_exists",
        a_left_over_bootstrap_phone_gains_nothing_while_an_admin_exists,
    ),
    (
        "accounts::signing_in_needs_consent_to_the_privacy_policy_until_it_is_given",
        signing_in_needs_consent_to_the_privacy_policy_until_it_is_given,
    ),
    (
        "accounts::an_order_to_rectify_or_a_violation_must_say_what_was_found",
        an_order_to_rectify_or_a_violation_must_say_what_was_found,
    ),
];

/// The demo account with `role` (in `department`, for departmental roles).
pub fn phone(role: Role, department: Option<&str>) -> &'static str {
    DEMO_ACCOUNTS
        .iter()
        .find(|a| a.roles.contains(&role) && (department.is_none() || a.department == department))
        .map(|a| a.phone)
        .expect("a demo account for every role")
}

pub(crate) fn post_as(ctx: &Ctx, token: &str, path: &str, body: serde_json::Value) -> Response {
    ctx.http.post(ctx.server.url(path)).bearer_auth(token).json(&body).send_through_dev_proxy().expect("POST")
}

pub(crate) fn post(ctx: &Ctx, path: &str, body: serde_json::Value) -> Response {
    ctx.http.post(ctx.server.url(path)).json(&body).send_through_dev_proxy().expect("POST")
}

pub(crate) fn expect_error(response: Response, status: u16, kind: ErrorKind) -> getima_domain::api::ApiError {
    let (got, body) = error(response);
    assert_eq!((got, body.error), (status, kind), "{body:?}");
    body
}

/// A phone no demo account or operator uses, unique per call site.
pub(crate) fn fresh_phone(n: u32) -> String {
    format!("1770000{n:04}")
}

fn every_demo_role_signs_in_and_sees_its_scope(ctx: &Ctx) {
    for account in &DEMO_ACCOUNTS {
        let tokens = ctx.session(account.phone);
        let me: Me = ctx.get_as(&tokens.access_token, "/api/me").json().expect("me");
        assert_eq!(me, tokens.me);
        let mut expected: Vec<Role> = account.roles.to_vec();
        expected.sort_by_key(|r| r.as_str());
        assert_eq!(me.roles, expected, "{}", account.phone);
        assert_eq!(me.department.map(|d| d.code).as_deref(), account.department);
        assert_eq!(me.markets.iter().map(|m| m.id).collect::<Vec<_>>(), account.markets);
        assert_eq!(
            me.phone.as_deref(),
            Some(getima_domain::masking::phone(account.phone).as_str()),
            "masked even to oneself"
        );
        let mine: MyHouseholds = ctx.get_as(&tokens.access_token, "/api/me/households").json().expect("households");
        assert_eq!(mine.households.len(), account.households.len());
    }
}

fn wrong_codes_count_down_then_the_code_is_gone(ctx: &Ctx) {
    let phone = fresh_phone(1);
    let code = ctx.otp_from(&phone, &ctx.fresh_ip());
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let body = expect_error(
            post(ctx, "/api/auth/sign-in", json!({ "phone": phone, "code": wrong })),
            401,
            ErrorKind::WrongOtp,
        );
        let says = if left == 0 { "now void".to_string() } else { format!("{left} attempts left") };
        assert!(body.message_en.contains(&says), "{body:?}");
    }
    // The right code no longer helps: five wrong guesses used it up.
    expect_error(post(ctx, "/api/auth/sign-in", json!({ "phone": phone, "code": code })), 401, ErrorKind::OtpExpired);
    expect_error(
        post(ctx, "/api/auth/sign-in", json!({ "phone": "12345", "code": code })),
        400,
        ErrorKind::InvalidPhone,
    );
    expect_error(post(ctx, "/api/auth/otp", json!({ "phone": "not a phone" })), 400, ErrorKind::InvalidPhone);
}

fn code_requests_are_limited_per_phone_and_only_slowed_per_network(ctx: &Ctx) {
    let request = |phone: &str, ip: &str| crate::attacks::request_code_from(ctx, ip, phone);
    let phone = fresh_phone(2);
    assert_eq!(request(&phone, &ctx.fresh_ip()).status(), 202);
    let body = expect_error(request(&phone, &ctx.fresh_ip()), 429, ErrorKind::RateLimited);
    assert!(body.retry_after.is_some_and(|s| (1..=60).contains(&s)), "{body:?}");

    let ip = ctx.fresh_ip();
    for n in 0..20 {
        assert_eq!(request(&fresh_phone(100 + n), &ip).status(), 202, "request {n} from one address");
    }
    // The 21st is not refused: it is asked for a proof of work, and gets its code with it.
    let body = expect_error(request(&fresh_phone(200), &ip), 429, ErrorKind::ChallengeRequired);
    assert_eq!(body.retry_after, Some(0), "no waiting, only work");
    let proof = getima_domain::accounts::pow::solve(&body.challenge.expect("a challenge"));
    let paid = crate::attacks::request_code_with_proof(ctx, &ip, &fresh_phone(200), &proof);
    assert_eq!(paid.status(), 202, "the 21st person behind the address gets a code");
    assert_eq!(request(&fresh_phone(201), &ctx.fresh_ip()).status(), 202, "other addresses are unaffected");
}

fn forged_expired_and_revoked_tokens_get_401(ctx: &Ctx) {
    let tokens = ctx.sign_in(&fresh_phone(6));
    assert_eq!(ctx.get_as(&tokens.access_token, "/api/me").status(), 200);

    let mut forged = tokens.access_token.clone();
    forged.replace_range(forged.len() - 4.., "0000");
    expect_error(ctx.get_as(&forged, "/api/me"), 401, ErrorKind::InvalidToken);
    let other_key = SessionKey::new(b"not the server's key at all").expect("long enough");
    let (session_id, person_id) = {
        let mut parts = tokens.access_token.split('.');
        (parts.next().expect("sid").to_string(), parts.next().expect("pid").parse::<i64>().expect("number"))
    };
    let foreign = other_key.sign(&Claims { session_id: session_id.clone(), person_id, expires_at: u64::MAX / 2 });
    expect_error(ctx.get_as(&foreign, "/api/me"), 401, ErrorKind::InvalidToken);

    let key = SessionKey::new(ctx.server.session_key.as_bytes()).expect("the run's key");
    let expired = key.sign(&Claims { session_id, person_id, expires_at: 1 });
    expect_error(ctx.get_as(&expired, "/api/me"), 401, ErrorKind::TokenExpired);
    expect_error(ctx.get_as("", "/api/me"), 401, ErrorKind::InvalidToken);
    expect_error(ctx.get("/api/me"), 401, ErrorKind::NotSignedIn);

    let out = ctx
        .http
        .post(ctx.server.url("/api/auth/sign-out"))
        .bearer_auth(&tokens.access_token)
        .send_through_dev_proxy()
        .expect("sign out");
    assert_eq!(out.status(), 204);
    expect_error(ctx.get_as(&tokens.access_token, "/api/me"), 401, ErrorKind::SessionRevoked);
    expect_error(
        post(ctx, "/api/auth/refresh", json!({ "refresh_token": tokens.refresh_token })),
        401,
        ErrorKind::SessionRevoked,
    );
}

fn refresh_rotates_and_a_reused_refresh_ends_the_session(ctx: &Ctx) {
    let first = ctx.sign_in(&fresh_phone(3));
    let second: SessionTokens =
        post(ctx, "/api/auth/refresh", json!({ "refresh_token": first.refresh_token })).json().expect("tokens");
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(ctx.get_as(&second.access_token, "/api/me").status(), 200);
    // The first refresh token was used once already: presenting it again means it leaked.
    expect_error(
        post(ctx, "/api/auth/refresh", json!({ "refresh_token": first.refresh_token })),
        401,
        ErrorKind::SessionRevoked,
    );
    expect_error(ctx.get_as(&second.access_token, "/api/me"), 401, ErrorKind::SessionRevoked);
    expect_error(post(ctx, "/api/auth/refresh", json!({ "refresh_token": "garbage" })), 401, ErrorKind::InvalidToken);
}

fn owner_a_cannot_read_or_take_owner_bs_business(ctx: &Ctx) {
    let (a, b) = (&ctx.server.operators[0], &ctx.server.operators[1]);
    let owner_a = ctx.session(&a.phone).access_token;
    let own: PrivateHousehold =
        ctx.get_as(&owner_a, &format!("/api/me/households/{}", a.uscc)).json().expect("own household");
    assert_eq!(
        (own.operator_phone.as_str(), own.operator_id_number.as_str()),
        (a.phone.as_str(), a.id_number.as_str()),
        "owners see their own data unmasked"
    );
    expect_error(ctx.get_as(&owner_a, &format!("/api/me/households/{}", b.uscc)), 403, ErrorKind::Forbidden);
    // Even knowing B's ID number, A's phone is not B's operator phone.
    let claim = post_as(ctx, &owner_a, "/api/me/households/claim", json!({ "uscc": b.uscc, "id_number": b.id_number }));
    expect_error(claim, 403, ErrorKind::ClaimMismatch);
    let mine: MyHouseholds = ctx.get_as(&owner_a, "/api/me/households").json().expect("households");
    assert_eq!(mine.households.iter().map(|h| h.uscc.as_str()).collect::<Vec<_>>(), vec![a.uscc.as_str()]);
    // And nobody but an inspector reads inspection histories.
    expect_error(
        ctx.get_as(
            &owner_a,
            &format!("/api/codes/{}/inspections", ctx.demo(getima_domain::api::DemoCase::Ordinary, 0).code),
        ),
        403,
        ErrorKind::Forbidden,
    );
}

fn operator_claims_a_business_by_phone_and_id_number(ctx: &Ctx) {
    let operator = &ctx.server.operators[2];
    let tokens = ctx.sign_in(&operator.phone);
    assert!(!tokens.me.roles.contains(&Role::Owner), "not an owner before claiming");
    let claim = |id: &str| {
        post_as(
            ctx,
            &tokens.access_token,
            "/api/me/households/claim",
            json!({ "uscc": operator.uscc, "id_number": id }),
        )
    };
    let wrong = getima_domain::id_number::complete(&format!("{}1", &operator.id_number[..16])).expect("17 digits");
    let wrong = if wrong == operator.id_number {
        getima_domain::id_number::complete(&format!("{}2", &operator.id_number[..16])).expect("17 digits")
    } else {
        wrong
    };
    expect_error(claim(&wrong), 403, ErrorKind::ClaimMismatch);
    expect_error(claim("12345"), 400, ErrorKind::InvalidBody);
    let claimed: OwnedHousehold = claim(&operator.id_number.to_lowercase()).json().expect("claimed");
    assert_eq!(claimed.uscc, operator.uscc);
    let again: OwnedHousehold = claim(&operator.id_number).json().expect("claiming twice is harmless");
    assert_eq!(again, claimed);
    let me: Me = ctx.get_as(&tokens.access_token, "/api/me").json().expect("me");
    assert!(me.roles.contains(&Role::Owner));
    let profile = crate::codes::profile(ctx, &claimed.code);
    assert_eq!(profile.household.uscc, operator.uscc, "the code in my businesses opens my shop");
}

fn staff_act_only_in_their_own_department(ctx: &Ctx) {
    let amr = ctx.session(phone(Role::Staff, Some("amr"))).access_token;
    let tax = ctx.session(phone(Role::Staff, Some("tax"))).access_token;
    let head = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    let code = &ctx.demo(getima_domain::api::DemoCase::Ordinary, 9).code;
    let body = json!({ "code": code, "result": "rectify", "notes": "消防通道堆放杂物，限期三日整改" });

    let recorded = post_as(ctx, &amr, "/api/departments/amr/inspections", body.clone());
    assert_eq!(recorded.status(), 201);
    let recorded: Inspection = recorded.json().expect("inspection");
    assert_eq!((recorded.department.code.as_str(), recorded.result), ("amr", InspectionResult::Rectify));
    assert!(recorded.inspector.ends_with('*'), "inspector masked: {}", recorded.inspector);

    expect_error(post_as(ctx, &tax, "/api/departments/amr/inspections", body.clone()), 403, ErrorKind::Forbidden);
    expect_error(post_as(ctx, &amr, "/api/departments/tax/inspections", body.clone()), 403, ErrorKind::Forbidden);
    assert_eq!(
        post_as(
            ctx,
            &head,
            "/api/departments/amr/inspections",
            json!({ "code": code, "result": "compliant", "notes": "复查合格" })
        )
        .status(),
        201
    );
    assert_eq!(
        post_as(
            ctx,
            &tax,
            "/api/departments/tax/inspections",
            json!({ "code": code, "result": "compliant", "notes": "" })
        )
        .status(),
        201
    );

    let history: Inspections = ctx.get_as(&tax, &format!("/api/codes/{code}/inspections")).json().expect("history");
    let departments: Vec<&str> = history.inspections.iter().map(|i| i.department.code.as_str()).collect();
    assert_eq!(departments, vec!["tax", "amr", "amr"], "newest first, all departments");

    let too_long = json!({ "code": code, "result": "compliant", "notes": "长".repeat(501) });
    expect_error(post_as(ctx, &amr, "/api/departments/amr/inspections", too_long), 400, ErrorKind::InvalidBody);
    let forged =
        json!({ "code": ctx.demo(getima_domain::api::DemoCase::Forged, 0).code, "result": "compliant", "notes": "" });
    expect_error(post_as(ctx, &amr, "/api/departments/amr/inspections", forged), 403, ErrorKind::ForgedCode);

    let audit: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=100").json().expect("audit");
    let uscc = crate::codes::profile(ctx, code).household.uscc;
    let entries = audit
        .items
        .iter()
        .filter(|e| e.action == AuditAction::InspectionRecord && e.subject == format!("household:{uscc}"))
        .count();
    assert_eq!(entries, 3, "every recorded inspection is audited, refused ones are not");
}

fn managers_see_only_their_own_markets(ctx: &Ctx) {
    let manager = ctx.session(phone(Role::MarketManager, None));
    let own = manager.me.markets[0].id;
    assert_eq!(ctx.get_as(&manager.access_token, &format!("/api/markets/{own}")).status(), 200);
    let other = if own == 1 { 2 } else { 1 };
    expect_error(ctx.get_as(&manager.access_token, &format!("/api/markets/{other}")), 403, ErrorKind::Forbidden);
    // A malformed parameter is named in a 400, whoever asks.
    let bad = expect_error(ctx.get_as(&manager.access_token, "/api/markets/abc"), 400, ErrorKind::InvalidBody);
    assert!(bad.field("market").is_some(), "{bad:?}");
    assert_eq!(ctx.get_as(&ctx.admin, &format!("/api/markets/{other}")).status(), 200, "admins see every market");
    expect_error(ctx.get_as(&ctx.admin, "/api/markets/999"), 404, ErrorKind::NotFound);
    let staff = ctx.session(phone(Role::Staff, Some("amr"))).access_token;
    expect_error(ctx.get_as(&staff, &format!("/api/markets/{own}")), 403, ErrorKind::Forbidden);
}

fn admin_creates_staff_and_disabling_ends_their_sessions(ctx: &Ctx) {
    let phone = fresh_phone(4);
    let create = |body: serde_json::Value| post_as(ctx, &ctx.admin, "/api/admin/people", body);
    for bad in [
        json!({ "name": "新同事", "phone": phone, "roles": ["staff"] }),
        json!({ "name": "新同事", "phone": phone, "roles": ["owner"] }),
        json!({ "name": "新同事", "phone": phone, "roles": ["staff"], "department": "nowhere" }),
        json!({ "name": "新同事", "phone": phone, "roles": ["market_manager"] }),
        json!({ "name": "", "phone": phone, "roles": ["admin"] }),
        json!({ "name": "新同事", "phone": "110", "roles": ["admin"] }),
    ] {
        expect_error(create(bad), 400, ErrorKind::InvalidBody);
    }
    let staff = ctx.session(crate::accounts::phone(Role::Staff, Some("amr"))).access_token;
    expect_error(
        post_as(ctx, &staff, "/api/admin/people", json!({ "name": "x", "phone": phone, "roles": ["admin"] })),
        403,
        ErrorKind::Forbidden,
    );

    let created = create(json!({ "name": "新同事", "phone": phone, "roles": ["staff"], "department": "commerce" }));
    assert_eq!(created.status(), 201);
    let created: PersonState = created.json().expect("person");
    let session = ctx.sign_in(&phone);
    assert_eq!(session.me.roles, vec![Role::Staff]);
    assert_eq!(session.me.department.map(|d| d.code).as_deref(), Some("commerce"));
    expect_error(
        create(json!({ "name": "新同事", "phone": phone, "roles": ["department_head"], "department": "tax" })),
        409,
        ErrorKind::AlreadyExists,
    );

    let disable = |disabled: bool| {
        ctx.http
            .put(ctx.server.url(&format!("/api/admin/people/{}/disabled", created.id)))
            .bearer_auth(&ctx.admin)
            .json(&json!({ "disabled": disabled }))
            .send_through_dev_proxy()
            .expect("PUT")
    };
    assert!(disable(true).json::<PersonState>().expect("state").disabled);
    let (status, body) = error(ctx.get_as(&session.access_token, "/api/me"));
    assert_eq!(status, 401, "{body:?}");
    assert_eq!(body.error, ErrorKind::SessionRevoked, "disabling ends every session");
    // Someone disabled before they ever sign in is refused at sign-in.
    let other_phone = fresh_phone(7);
    let other: PersonState =
        create(json!({ "name": "另一位", "phone": other_phone, "roles": ["admin"] })).json().expect("person");
    let disabled_other = ctx
        .http
        .put(ctx.server.url(&format!("/api/admin/people/{}/disabled", other.id)))
        .bearer_auth(&ctx.admin)
        .json(&json!({ "disabled": true }))
        .send_through_dev_proxy()
        .expect("PUT");
    assert_eq!(disabled_other.status(), 200);
    let code = ctx.otp_from(&other_phone, &ctx.fresh_ip());
    expect_error(
        post(ctx, "/api/auth/sign-in", json!({ "phone": other_phone, "code": code, "accept_terms": true })),
        403,
        ErrorKind::AccountDisabled,
    );
    assert!(!disable(false).json::<PersonState>().expect("state").disabled);

    let audit: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=100").json().expect("audit");
    let subject = format!("person:{}", created.id);
    let actions: Vec<&str> = audit.items.iter().filter(|e| e.subject == subject).map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["person.enable", "person.disable", "person.create"], "newest first, with who and what");
    let disabled =
        audit.items.iter().find(|e| e.subject == subject && e.action == AuditAction::PersonDisable).expect("entry");
    assert_eq!(
        (parse(&disabled.before), parse(&disabled.after)),
        (Some(json!({ "disabled": false })), Some(json!({ "disabled": true })))
    );
    assert_eq!(disabled.actor, "温管理");
    assert!(
        !audit.items.iter().any(|e| e.before.iter().chain(e.after.iter()).any(|v| v.contains(&phone))),
        "no phone in the audit log"
    );
}

pub(crate) fn parse(recorded: &Option<String>) -> Option<serde_json::Value> {
    recorded.as_deref().map(|text| serde_json::from_str(text).expect("recorded JSON"))
}

fn audit_log_pages_newest_first(ctx: &Ctx) {
    // Make sure there are at least two entries of our own.
    let demo = ctx.demo(getima_domain::api::DemoCase::Ordinary, 10);
    let uscc = crate::codes::profile(ctx, &demo.code).household.uscc;
    for status in ["suspended", "active"] {
        let response = ctx
            .http
            .put(ctx.server.url(&format!("/api/admin/households/{uscc}/status")))
            .bearer_auth(&ctx.admin)
            .json(&json!({ "status": status }))
            .send_through_dev_proxy()
            .expect("PUT");
        assert_eq!(response.status(), 200);
    }
    let first: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=1").json().expect("page");
    assert_eq!(first.items.len(), 1);
    let before = first.next_before.expect("more pages");
    let second: AuditPage =
        ctx.get_as(&ctx.admin, &format!("/api/admin/audit?limit=1&before={before}")).json().expect("page");
    assert!(second.items[0].id < first.items[0].id);
    for bad in ["limit=0", "limit=101", "before=-1", "limit=x"] {
        expect_error(ctx.get_as(&ctx.admin, &format!("/api/admin/audit?{bad}")), 400, ErrorKind::InvalidBody);
    }
    let staff = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    expect_error(ctx.get_as(&staff, "/api/admin/audit"), 403, ErrorKind::Forbidden);
    let all: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=100").json().expect("page");
    let status_changes = all
        .items
        .iter()
        .filter(|e| e.action == AuditAction::HouseholdStatus && e.subject == format!("household:{uscc}"))
        .count();
    assert_eq!(status_changes, 2);
}

fn wechat_sign_in_exchanges_the_code_server_side(ctx: &Ctx) {
    let first: SessionTokens = post(ctx, "/api/auth/wechat", json!({ "code": "wx-ok-alice" })).json().expect("tokens");
    let again: SessionTokens = post(ctx, "/api/auth/wechat", json!({ "code": "wx-ok-alice" })).json().expect("tokens");
    assert_eq!(first.me.id, again.me.id, "the same WeChat user is the same person");
    let other: SessionTokens = post(ctx, "/api/auth/wechat", json!({ "code": "wx-ok-bob" })).json().expect("tokens");
    assert_ne!(other.me.id, first.me.id);
    assert_eq!(ctx.get_as(&first.access_token, "/api/me").status(), 200);
    let body =
        expect_error(post(ctx, "/api/auth/wechat", json!({ "code": "expired-code" })), 401, ErrorKind::InvalidToken);
    assert!(body.detail.as_deref().is_some_and(|d| d.contains("40029")), "{body:?}");
    expect_error(post(ctx, "/api/auth/wechat", json!({ "code": "" })), 400, ErrorKind::InvalidBody);
}

fn anyone_signed_in_can_register_as_a_vendor(ctx: &Ctx) {
    let tokens = ctx.sign_in(&fresh_phone(5));
    assert!(tokens.me.roles.is_empty(), "a new phone is a visitor");
    let register = |body| post_as(ctx, &tokens.access_token, "/api/me/vendor", body);
    expect_error(register(json!({ "name": "李阿婆", "id_number": "11010519491231002A" })), 400, ErrorKind::InvalidBody);
    expect_error(register(json!({ "name": " ", "id_number": "11010519491231002X" })), 400, ErrorKind::InvalidBody);
    let me: Me = register(json!({ "name": "李阿婆", "id_number": "11010519491231002x" })).json().expect("me");
    assert_eq!(me.roles, vec![Role::Vendor]);
    assert_eq!(me.name.as_deref(), Some("李阿婆"));
    expect_error(
        post(ctx, "/api/me/vendor", json!({ "name": "x", "id_number": "11010519491231002X" })),
        401,
        ErrorKind::NotSignedIn,
    );
}

/// The demo data has admins, so the server's bootstrap phone must stay a visitor (the first
/// admin of an empty deployment is in `production`).
fn a_left_over_bootstrap_phone_gains_nothing_while_an_admin_exists(ctx: &Ctx) {
    let tokens = ctx.sign_in(getima_e2e::BOOTSTRAP_ADMIN_PHONE);
    assert!(tokens.me.roles.is_empty(), "{:?}", tokens.me.roles);
    let page: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=100").json().expect("audit page");
    assert!(page.items.iter().all(|e| e.action != AuditAction::PersonBootstrapAdmin));
}

fn signing_in_needs_consent_to_the_privacy_policy_until_it_is_given(ctx: &Ctx) {
    let sign_in = |phone: &str, consent: Option<bool>| {
        let code = ctx.otp_from(phone, &ctx.fresh_ip());
        let mut body = json!({ "phone": phone, "code": code });
        if let Some(consent) = consent {
            body["accept_terms"] = json!(consent);
        }
        post(ctx, "/api/auth/sign-in", body)
    };
    let refused = expect_error(sign_in(&fresh_phone(8), None), 400, ErrorKind::InvalidBody);
    let field = refused.fields.iter().find(|f| f.field == "accept_terms").expect("the consent is named");
    assert!(field.message_zh.contains("隐私政策") && field.message_en.contains("privacy policy"), "{field:?}");
    let phone = fresh_phone(9);
    assert_eq!(sign_in(&phone, Some(true)).status(), 200, "consent given");
    // A phone gets one code a minute.
    std::thread::sleep(std::time::Duration::from_secs(61));
    assert_eq!(sign_in(&phone, None).status(), 200, "and not asked for again");
}

fn an_order_to_rectify_or_a_violation_must_say_what_was_found(ctx: &Ctx) {
    let staff = ctx.session(phone(Role::Staff, Some("amr"))).access_token;
    let code = &ctx.demo(getima_domain::api::DemoCase::Ordinary, 0).code;
    for (result, notes) in [("rectify", ""), ("violation", "   "), ("compliant", &"字".repeat(501)[..])] {
        let refused = post_as(
            ctx,
            &staff,
            "/api/departments/amr/inspections",
            json!({ "code": code, "result": result, "notes": notes }),
        );
        let body = expect_error(refused, 400, ErrorKind::InvalidBody);
        assert_eq!(body.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["notes"], "{result}");
    }
}
