//! Every screen checked by axe-core (the npm package, injected through WebDriver) at 360 and
//! 430 px, in Chinese, in English and with large text: no serious or critical violation.
//! A screenshot of each lands in `target/e2e-screens/a11y/` for people to look at.

use crate::{Ctx, NamedTest};
use fantoccini::Client;
use getima_domain::accounts::Role;
use getima_domain::accounts::sessions::SESSION_STORAGE_KEY;
use getima_domain::api::{DemoCase, MyHouseholds};
use getima_domain::pages::{PREFS_COOKIE, Prefs};
use getima_domain::routes::Route;
use getima_e2e::phone::{PHONE_UA, cdp, phone_with};
use getima_e2e::repo_root;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub const TESTS: &[NamedTest] = &[(
    "accessibility::every_screen_passes_axe_at_360_and_430_px_in_chinese_english_and_large_text",
    every_screen_passes_axe_at_360_and_430_px_in_chinese_english_and_large_text,
)];

const WIDTHS: [u32; 2] = [360, 430];
const PREFS: [(&str, Prefs); 3] = [
    ("zh", Prefs { english: false, large_text: false }),
    ("en", Prefs { english: true, large_text: false }),
    ("large", Prefs { english: false, large_text: true }),
];

/// Waits until the app has mounted and taken over any page the Worker rendered, and nothing
/// on the page says it is still loading (as long as any other wait: a busy machine is slow).
async fn settled(client: &Client) {
    let deadline = Instant::now() + crate::browser::WAIT;
    let script = "return !document.getElementById('boot') && !document.getElementById('getima-data') \
                  && !document.querySelector('[aria-busy=true], .weui-loading')";
    while Instant::now() < deadline {
        if client.execute(script, vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page did not settle: {:?}", client.current_url().await);
}

/// axe-core's script, read once.
fn axe_script() -> &'static str {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    AXE.get_or_init(|| {
        std::fs::read_to_string(repo_root().join("node_modules/axe-core/axe.min.js"))
            .expect("axe-core is installed (make setup)")
    })
}

/// The serious and critical violations axe-core finds on the page as it is now, against WCAG
/// 2.2 AA (target sizes included) and axe's best practices. The sticky top bar is held in its
/// place in the page meanwhile (sticky keeps it in the flow, so nothing moves): what it covers
/// at this scroll position is a scroll away, not a target too small.
pub(crate) async fn serious_violations(client: &Client) -> Vec<String> {
    client.execute(&format!("{}\nreturn true;", axe_script()), vec![]).await.expect("axe-core loads");
    let run = "const done = arguments[arguments.length - 1];
        const bars = [...document.querySelectorAll('.bar')];
        bars.forEach(bar => bar.style.position = 'static');
        axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then(r => { bars.forEach(bar => bar.style.position = ''); return r; }).then(r => done(r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3)
                .map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))));";
    let found: Value = client.execute_async(run, vec![]).await.expect("axe-core runs");
    let found = found.as_array().unwrap_or_else(|| panic!("axe-core answered {found}"));
    found.iter().filter_map(|v| v.as_str().map(String::from)).collect()
}

/// What a thumb or an eye would miss on the page as it is now: a control smaller than 24 px
/// each way (44 px tall for a primary action), and text cut off in its box.
pub(crate) async fn small_or_cut(client: &Client) -> Vec<String> {
    let script = r#"
        const found = [];
        const shown = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.clip !== 'rect(0px, 0px, 0px, 0px)'
                && !e.closest('[hidden], [inert], .visually-hidden'); };
        const size = e => { const r = e.getBoundingClientRect(); return `${Math.round(r.width)}×${Math.round(r.height)}`; };
        const name = e => e.tagName.toLowerCase() + (e.dataset.testid ? `[${e.dataset.testid}]` : e.className ? '.' + String(e.className).split(' ')[0] : '')
            + ` "${(e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 20)}"`;
        for (const e of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button]')) {
            if (!shown(e) || e.type === 'hidden') continue;
            const s = getComputedStyle(e);
            // A link in running text may be as small as the text (WCAG 2.5.8's inline exception);
            // a box ticked by tapping its label is as big as the label.
            if (e.tagName === 'A' && s.display === 'inline' && e.closest('p, li, dd, span.consent, label')) continue;
            if ((e.type === 'checkbox' || e.type === 'radio') && e.closest('label') && e.closest('label').getBoundingClientRect().height >= 24) continue;
            const r = e.getBoundingClientRect();
            const primary = e.matches('.weui-btn_primary');
            if (r.width < 24 || r.height < (primary ? 44 : 24)) found.push(`tap target ${name(e)} is ${size(e)} px`);
        }
        for (const e of document.querySelectorAll('body *')) {
            if (!shown(e) || !e.childNodes.length) continue;
            const s = getComputedStyle(e);
            const clips = s.textOverflow === 'ellipsis' || s.webkitLineClamp !== 'none' || (s.overflowX === 'hidden' && s.whiteSpace === 'nowrap');
            if (clips && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) && (e.innerText || '').trim())
                found.push(`text cut off in ${name(e)}`);
        }
        return found.slice(0, 6);"#;
    let found: Value = client.execute(script, vec![]).await.expect("script runs");
    found.as_array().map(|f| f.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

fn every_screen_passes_axe_at_360_and_430_px_in_chinese_english_and_large_text(ctx: &Ctx) {
    let code = |case| ctx.demo(case, 0).code.clone();
    let valid = code(DemoCase::Ordinary);
    let public = [
        ("home", "/".to_string()),
        ("code-trading", format!("/c/{valid}")),
        ("code-badged", format!("/c/{}", code(DemoCase::Badged))),
        ("code-licence-expired", format!("/c/{}", code(DemoCase::LicenceExpired))),
        ("code-deregistered", format!("/c/{}", code(DemoCase::Deregistered))),
        ("code-forged", format!("/c/{}", code(DemoCase::Forged))),
        ("poster", format!("/c/{valid}/poster")),
        ("sign-in", "/sign-in".to_string()),
        ("privacy", "/privacy".to_string()),
        ("terms", "/terms".to_string()),
        ("guides", "/register".to_string()),
        ("guide-restaurant", "/register/open-restaurant".to_string()),
        ("registration-stats", "/register/stats".to_string()),
        ("me-signed-out", "/me".to_string()),
        ("not-found", "/nowhere".to_string()),
        ("stall-markets", "/stalls".to_string()),
        ("market-stalls", "/stalls/2".to_string()),
        ("market-stalls-farmers", "/stalls/1".to_string()),
        ("stall-lottery", "/stalls/lotteries/2".to_string()),
        ("dev-inbox", "/dev/inbox".to_string()),
    ];
    let signed_in = [
        ("me-admin", "/me".to_string()),
        ("desk-admin", "/desk".to_string()),
        ("audit", "/desk/audit".to_string()),
        ("calendar", "/desk/calendar".to_string()),
        ("catalogue", "/desk/catalogue".to_string()),
    ];
    let admin = serde_json::to_string(&ctx.session(crate::accounts::phone(Role::Admin, None))).expect("tokens");
    let staff = serde_json::to_string(&ctx.session(crate::accounts::phone(Role::Staff, Some("amr")))).expect("tokens");
    let inspect = [
        ("inspect", format!("/desk/inspect/{valid}")),
        ("desk-registration", "/desk/registration".to_string()),
        ("desk-appeals", "/desk/appeals".to_string()),
    ];
    // The demo applicant, with applications in every state and their notices.
    let applicant = serde_json::to_string(&ctx.session(crate::accounts::phone(Role::Vendor, None))).expect("tokens");
    let applying = [
        ("me-applicant", "/me".to_string()),
        ("my-applications", "/me/applications".to_string()),
        ("apply-restaurant", "/register/open-restaurant/apply".to_string()),
        ("my-stalls", "/me/stalls".to_string()),
        ("market-stalls-vendor", "/stalls/1".to_string()),
    ];
    let owner_session = ctx.session(crate::accounts::phone(Role::Owner, None));
    let owned: MyHouseholds =
        ctx.get_as(&owner_session.access_token, "/api/me/households").json().expect("the owner's households");
    let owner = serde_json::to_string(&owner_session).expect("tokens");
    let uscc = &owned.households.first().expect("the owner has a household").uscc;
    // The demo owner's answered appeal, on its own page, waiting for a rating.
    let appeals: getima_domain::api::MyAppeals =
        ctx.get_as(&owner_session.access_token, "/api/me/appeals").json().expect("the owner's appeals");
    let answered = appeals.appeals.iter().find(|a| a.status == getima_domain::appeals::AppealStatus::Replied);
    let answered = answered.expect("the demo owner has an answered appeal").id;
    // The demo owner, with appeals in every state.
    let owning = [
        ("household-apply", format!("/me/households/{uscc}/apply")),
        ("household-appeal", format!("/me/households/{uscc}/appeal")),
        ("my-appeals", "/me/appeals".to_string()),
        ("my-appeal", format!("/me/appeals/{answered}")),
    ];
    // The night market's manager at its desk.
    let manager = serde_json::to_string(&ctx.session(crate::stalls::NIGHT_MANAGER)).expect("tokens");
    let managing = [("desk-market", format!("/desk/markets/{}", crate::stalls::NIGHT))];
    // The farmers' market's, whose own-produce zone brings producer declarations to review.
    let farmers = serde_json::to_string(&ctx.session(crate::stalls::market_desk::FARMERS_MANAGER)).expect("tokens");
    let farming = [("desk-market-farmers", "/desk/markets/1".to_string())];
    let screens: Vec<(&str, &[(&str, String)])> = vec![
        ("", &public[..]),
        (admin.as_str(), &signed_in[..]),
        (staff.as_str(), &inspect[..]),
        (applicant.as_str(), &applying[..]),
        (owner.as_str(), &owning[..]),
        (manager.as_str(), &managing[..]),
        (farmers.as_str(), &farming[..]),
    ];
    let visited: Vec<std::mem::Discriminant<Route>> = screens
        .iter()
        .flat_map(|(_, paths)| paths.iter())
        .filter_map(|(_, path)| Route::parse(&path.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>()))
        .map(|route| std::mem::discriminant(&route))
        .collect();
    let missing: Vec<Route> =
        Route::one_of_each().into_iter().filter(|page| !visited.contains(&std::mem::discriminant(page))).collect();
    assert!(missing.is_empty(), "pages the accessibility run does not visit: {missing:?}");
    let base = ctx.server.url("");
    let shots = repo_root().join("target/e2e-screens/a11y");
    let _ = std::fs::create_dir_all(&shots);
    let mut problems = Vec::new();
    crate::browser::run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&base).await.expect("page opens");
        for width in WIDTHS {
            let metrics = json!({ "width": width, "height": 800, "deviceScaleFactor": 2, "mobile": true });
            cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
            for (label, prefs) in PREFS {
                let cookie = format!("{PREFS_COOKIE}={}; path=/", prefs.value());
                client.execute(&format!("document.cookie = {cookie:?}"), vec![]).await.expect("cookie set");
                for (session, paths) in &screens {
                    let store = if session.is_empty() {
                        "localStorage.removeItem(arguments[0])"
                    } else {
                        "localStorage.setItem(arguments[0], arguments[1])"
                    };
                    let arguments = vec![SESSION_STORAGE_KEY.into(), Value::from(*session)];
                    client.execute(store, arguments).await.expect("session set");
                    for (screen, path) in paths.iter() {
                        client.goto(&format!("{base}{path}")).await.expect("page opens");
                        settled(client).await;
                        let name = format!("{screen}-{width}-{label}");
                        if let Ok(png) = client.screenshot().await {
                            let _ = std::fs::write(shots.join(format!("{name}.png")), png);
                        }
                        for violation in serious_violations(client).await {
                            problems.push(format!("{screen} ({path}) at {width} px, {label}: {violation}"));
                        }
                        // One-handed use scrolls up and down only: nothing may be wider than the phone.
                        let wider = client
                            .execute(
                                "const page = document.documentElement;\
                                 if (page.scrollWidth <= page.clientWidth) return [];\
                                 const wide = [...document.querySelectorAll('body *')]\
                                   .filter(e => e.getBoundingClientRect().right > page.clientWidth + 1)\
                                   .slice(0, 3).map(e => e.tagName + '.' + e.className);\
                                 return wide.length ? wide : ['the page'];",
                                vec![],
                            )
                            .await
                            .expect("script runs");
                        if wider.as_array().is_some_and(|w| !w.is_empty()) {
                            problems.push(format!(
                                "{screen} ({path}) at {width} px, {label}: wider than the phone: {wider}"
                            ));
                        }
                        for problem in small_or_cut(client).await {
                            problems.push(format!("{screen} ({path}) at {width} px, {label}: {problem}"));
                        }
                    }
                }
            }
        }
    });
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
