//! A deployment as `wrangler.toml` configures it, on a server of its own: no demo
//! conveniences, sign-in codes through the SMS gateway, the first admin by bootstrap phone,
//! and no personal data in the logs.

use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{ApiError, AuditPage, ErrorKind, Me, OtpSent, SessionTokens};
use getima_e2e::SendThroughDevProxy;
use getima_e2e::sms_gateway::{self, SmsGateway};
use getima_e2e::{BOOTSTRAP_ADMIN_PHONE as BOOTSTRAP, Server, Setup};
use reqwest::blocking::Client;

pub const TESTS: &[NamedTest] = &[(
    "production::gateway_sends_codes_the_bootstrap_phone_becomes_admin_and_personal_data_is_in_neither_logs_nor_tables",
    gateway_sends_codes_the_bootstrap_phone_becomes_admin_and_personal_data_is_in_neither_logs_nor_tables,
)];

const VISITOR: &str = "13700000123";
const NEW_STAFF: &str = "13900009001";
const LATE: &str = "13700000124";
const VENDOR_ID_NUMBER: &str = "11010519491231002X";
const WECHAT_LOGIN: &str = "wx-ok-carol";
const WECHAT_OPENID: &str = "openid-carol";

fn request_otp(http: &Client, server: &Server, phone: &str) -> reqwest::blocking::Response {
    http.post(server.url("/api/auth/otp"))
        .json(&serde_json::json!({ "phone": phone }))
        .send_through_dev_proxy()
        .expect("OTP request")
}

/// Requests a code, reads it where the gateway delivered it, and signs in with it; returns
/// the tokens and the text message.
fn sign_in(http: &Client, server: &Server, gateway: &SmsGateway, phone: &str) -> (SessionTokens, String) {
    let response = request_otp(http, server, phone);
    assert_eq!(response.status(), 202);
    let sent: OtpSent = response.json().expect("OTP answer");
    assert!(!sent.dev_inbox, "production has no dev inbox");
    let sms = gateway.sent().into_iter().rev().find(|m| m.phone == phone).expect("the gateway got the code");
    let code = sms.text.split(|c: char| !c.is_ascii_digit()).find(|run| run.len() == 6).expect("a six-digit code");
    let response = http
        .post(server.url("/api/auth/sign-in"))
        .json(&serde_json::json!({ "phone": phone, "code": code, "accept_terms": true }))
        .send_through_dev_proxy()
        .expect("sign-in");
    assert_eq!(response.status(), 200, "sign-in for {phone}");
    (response.json().expect("tokens"), sms.text.clone())
}

fn me(http: &Client, server: &Server, tokens: &SessionTokens) -> Me {
    http.get(server.url("/api/me"))
        .bearer_auth(&tokens.access_token)
        .send_through_dev_proxy()
        .and_then(|r| r.json())
        .expect("me")
}

fn gateway_sends_codes_the_bootstrap_phone_becomes_admin_and_personal_data_is_in_neither_logs_nor_tables(ctx: &Ctx) {
    let gateway = SmsGateway::start();
    let mut server = Server::start_with(Setup::Production { sms_gateway: gateway.url.clone() })
        .expect("a production-configured server");
    let http = &ctx.http;

    for path in ["/api/demo/codes", "/api/dev/inbox"] {
        let response = http.get(server.url(path)).send_through_dev_proxy().expect(path);
        assert_eq!(response.status(), 404, "{path} exists only in development");
        assert_eq!(response.json::<ApiError>().expect("error body").error, ErrorKind::NotFound);
    }

    // Handed a clock, as development servers are, a production server keeps the real time.
    let health = http.get(server.url("/api/health")).send_through_dev_proxy().expect("health");
    let real = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("a clock").as_millis();
    let gap = (crate::calendar::answered_at(&health) - real as i64).abs();
    assert!(gap < 60_000, "a production server ignores DEV_CLOCK_OFFSET_MS (it was {gap} ms off)");

    // Anyone else signing in stays a visitor.
    let (visitor, visitor_sms) = sign_in(http, &server, &gateway, VISITOR);
    assert!(me(http, &server, &visitor).roles.is_empty());
    let vendor = http
        .post(server.url("/api/me/vendor"))
        .bearer_auth(&visitor.access_token)
        .json(&serde_json::json!({ "name": "李阿婆", "id_number": VENDOR_ID_NUMBER }))
        .send_through_dev_proxy()
        .expect("vendor sign-up");
    assert_eq!(vendor.status(), 200);
    let wechat = http
        .post(server.url("/api/auth/wechat"))
        .json(&serde_json::json!({ "code": WECHAT_LOGIN }))
        .send_through_dev_proxy()
        .expect("WeChat sign-in");
    assert_eq!(wechat.status(), 200);

    // A code not used in time is refused.
    assert_eq!(request_otp(http, &server, LATE).status(), 202);
    let sms = gateway.sent().into_iter().rev().find(|m| m.phone == LATE).expect("the gateway got the code");
    let code = sms.text.split(|c: char| !c.is_ascii_digit()).find(|run| run.len() == 6).expect("a six-digit code");
    std::thread::sleep(std::time::Duration::from_secs(getima_e2e::PRODUCTION_CODE_TTL_SECONDS + 1));
    let late = http
        .post(server.url("/api/auth/sign-in"))
        .json(&serde_json::json!({ "phone": LATE, "code": code, "accept_terms": true }))
        .send_through_dev_proxy()
        .expect("sign-in");
    assert_eq!(late.status(), 401);
    assert_eq!(late.json::<ApiError>().expect("error body").error, ErrorKind::OtpExpired);

    let (admin, admin_sms) = sign_in(http, &server, &gateway, BOOTSTRAP);
    assert_eq!(me(http, &server, &admin).roles, vec![Role::Admin]);
    let created = http
        .post(server.url("/api/admin/people"))
        .bearer_auth(&admin.access_token)
        .json(&serde_json::json!({ "name": "陈立", "phone": NEW_STAFF, "roles": ["staff"], "department": "tax" }))
        .send_through_dev_proxy()
        .expect("create staff");
    assert!(created.status().is_success(), "the bootstrapped admin creates staff: {:?}", created.text());
    let audit: AuditPage = http
        .get(server.url("/api/admin/audit"))
        .bearer_auth(&admin.access_token)
        .send_through_dev_proxy()
        .and_then(|r| r.json())
        .expect("audit page");
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    // The visitor registered as a vendor first: a new role and a name, both audited.
    assert_eq!(actions, ["person.create", "person.bootstrap_admin", "person.vendor", "person.rename"], "newest first");

    let (staff, _) = sign_in(http, &server, &gateway, NEW_STAFF);
    assert_eq!(me(http, &server, &staff).roles, vec![Role::Staff]);

    // A gateway outage is a clear 503, not a code nobody receives.
    let response = request_otp(http, &server, sms_gateway::UNDELIVERABLE);
    assert_eq!(response.status(), 503);
    let body: ApiError = response.json().expect("error body");
    assert_eq!(body.error, ErrorKind::UpstreamUnavailable);
    assert!(!body.message_zh.is_empty() && !body.message_en.is_empty());

    let log = server.log();
    assert!(log.contains("/api/auth/sign-in"), "requests are logged at info level:\n{log}");
    for secret in [VISITOR, BOOTSTRAP, NEW_STAFF, sms_gateway::UNDELIVERABLE, &visitor_sms, &admin_sms] {
        assert!(!log.contains(secret), "the log holds a phone or a sign-in text ({secret}):\n{log}");
    }

    // Rows the Worker wrote hold personal data only sealed: an admin-created person, a
    // vendor's ID number, a WeChat user, the sessions and limits of all of them.
    server.stop();
    let mut stored = String::new();
    for table in ["people", "sessions", "sign_in_codes", "rate_counters", "audit_log", "spent_refresh_tokens"] {
        stored += &server.query_stopped(&format!("SELECT * FROM {table}")).expect("a table dump");
    }
    assert!(stored.contains("李阿婆"), "the dump has the rows: {stored:.400}");
    for secret in [VISITOR, BOOTSTRAP, NEW_STAFF, LATE, VENDOR_ID_NUMBER, WECHAT_OPENID, &visitor.refresh_token] {
        assert!(!stored.contains(secret), "stored in the clear: {secret}");
    }
}
