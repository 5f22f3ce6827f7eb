//! The code page as the Worker renders it: finished HTML for every verdict, with values
//! escaped, and the viewer's choices honoured.

use crate::{Ctx, NamedTest};
use getima_domain::api::{CodeProfile, DemoCase};
use getima_domain::pages::{PREFS_COOKIE, PageData, Prefs};
use getima_e2e::HOSTILE_NAME;
use getima_e2e::SendThroughDevProxy;

pub const TESTS: &[NamedTest] = &[
    ("pages::every_verdict_is_in_the_html_before_any_script_runs", every_verdict_is_in_the_html),
    ("pages::values_from_the_database_are_escaped", values_from_the_database_are_escaped),
    ("pages::the_chosen_language_and_text_size_are_rendered", the_chosen_language_and_text_size_are_rendered),
    ("pages::the_page_carries_its_profile_and_allows_only_its_own_script", the_page_carries_its_profile),
];

/// The page as a browser with scripts off gets it (this client runs none).
fn page(ctx: &Ctx, path: &str, cookie: Option<&str>) -> (u16, String, reqwest::header::HeaderMap) {
    let mut request = ctx.http.get(ctx.server.url(path)).header("accept-language", "zh-CN,zh;q=0.9");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send_through_dev_proxy().expect("GET");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().expect("HTML"), headers)
}

fn every_verdict_is_in_the_html(ctx: &Ctx) {
    let genuine = [
        (DemoCase::Badged, "已核验", "trading"),
        (DemoCase::LicenceExpired, "证照有问题", "licence"),
        (DemoCase::Suspended, "歇业中", "suspended"),
        (DemoCase::Deregistered, "已注销", "deregistered"),
    ];
    for (case, words, standing) in genuine {
        let demo = ctx.demo(case, 0);
        let profile = crate::codes::profile(ctx, &demo.code);
        let (status, html, _) = page(ctx, &format!("/c/{}", demo.code), None);
        assert_eq!(status, 200, "{case:?}");
        if case != DemoCase::Badged {
            assert!(html.contains(&format!("data-standing=\"{standing}\"")), "{case:?}: {standing}");
        }
        assert!(html.contains(words), "{case:?} says {words}");
        assert!(html.contains(&demo.name), "{case:?}: the shop's name");
        assert!(html.contains(profile.household.status.label().zh), "{case:?}: its status");
        for licence in &profile.household.licences {
            assert!(html.contains(&licence.number), "{case:?}: licence {}", licence.number);
        }
        let bound = profile.household.payment.is_some();
        let folded = html.contains("data-testid=\"payment-warning\"");
        let shown = html.contains("data-testid=\"payment\"") && !folded;
        assert_eq!(shown, standing == "trading" && bound, "{case:?}: payment shown outright");
        assert_eq!(folded, standing == "licence" && bound, "{case:?}: payment behind a warning");
    }
    for (case, status, reason) in [
        (DemoCase::Forged, 403, "forged"),
        (DemoCase::Revoked, 410, "revoked"),
        (DemoCase::Superseded, 410, "superseded"),
    ] {
        let (got, html, _) = page(ctx, &format!("/c/{}", ctx.demo(case, 0).code), None);
        assert_eq!(got, status, "{case:?}");
        assert!(html.contains(&format!("data-verdict=\"{reason}\"")) && html.contains("不是有效的个体码"), "{case:?}");
        assert!(!html.contains("data-testid=\"shop-name\""), "{case:?} shows no shop");
    }
    let (got, html, _) = page(ctx, "/c/not-a-code", None);
    assert_eq!(got, 400);
    assert!(html.contains("data-verdict=\"malformed\""));
}

fn values_from_the_database_are_escaped(ctx: &Ctx) {
    // The test data renamed this shop to markup before the server started.
    let uscc = &ctx.server.operators.last().expect("operators").uscc;
    let found =
        ctx.http.get(ctx.server.url("/api/codes/lookup")).query(&[("q", uscc)]).send_through_dev_proxy().expect("GET");
    let code = found.json::<getima_domain::api::CodeRef>().expect("its code").code;
    let (_, html, _) = page(ctx, &format!("/c/{code}"), None);
    assert!(!html.contains("<script>alert"), "no live script from the database");
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'quoted' &lt;/main&gt;"),
        "shown as text"
    );
    let data = embedded(&html);
    assert_eq!(data.expect("a valid code").household.name, HOSTILE_NAME, "the embedded JSON keeps the exact name");
}

/// The profile embedded for the app, when the code is valid.
fn embedded(html: &str) -> Option<CodeProfile> {
    let start = html.find("id=\"getima-data\">").expect("embedded data") + "id=\"getima-data\">".len();
    let json = &html[start..start + html[start..].find("</script>").expect("its end")];
    assert!(!json.contains('<'), "no `<` can end the element early");
    serde_json::from_str::<PageData>(json).expect("PageData").ok()
}

fn the_chosen_language_and_text_size_are_rendered(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 2).code;
    let (_, zh, _) = page(ctx, &format!("/c/{code}"), None);
    assert!(zh.contains("<html lang=\"zh-CN\"") && zh.contains("登记信息"));
    let cookie = format!("{PREFS_COOKIE}={}", Prefs { english: true, large_text: true }.value());
    let (_, en, _) = page(ctx, &format!("/c/{code}"), Some(&cookie));
    assert!(en.contains("<html lang=\"en\" class=\"large-text\""), "language and size from the cookie");
    assert!(en.contains("Registration") && !en.contains("登记信息"));
    let english_browser = ctx
        .http
        .get(ctx.server.url(&format!("/c/{code}")))
        .header("accept-language", "en-GB,en;q=0.9")
        .send_through_dev_proxy()
        .and_then(|r| r.text())
        .expect("HTML");
    assert!(english_browser.contains("<html lang=\"en\""), "without a cookie, the browser's language");
}

fn the_page_carries_its_profile(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 3).code;
    let (_, html, headers) = page(ctx, &format!("/c/{code}"), None);
    assert_eq!(embedded(&html).expect("valid").code, *code);
    let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let open = "<script type=\"module\">";
    let boot = &html[html.find(open).expect("boot") + open.len()..];
    let boot = &boot[..boot.find("</script>").expect("end")];
    assert!(csp.contains(&getima_domain::csp::script_hash(boot)), "the CSP allows the boot script: {csp}");
    assert!(!html.contains("<link rel=\"stylesheet\""), "CSS is inlined: nothing blocks the first paint");
    assert!(headers.get("vary").is_some_and(|v| v.to_str().unwrap_or("").contains("cookie")));
}
