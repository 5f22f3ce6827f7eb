//! The demo-code list shown on the home page in development: one code per state the app
//! can show, including ones that must be refused.

use crate::clock;
use crate::codes::url;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use getima_domain::api::{DemoCase, DemoCode, DemoCodes, endpoints};
use getima_domain::calendar::add_days;
use getima_domain::codes::CodeToken;
use getima_domain::codes::households::HouseholdStatus;
use serde::Deserialize;
use wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct Row {
    id: String,
    version: u32,
    name: String,
    county: String,
}

/// Every case binds the same two dates and the business statuses; the CTE names them so each
/// condition uses any.
const SELECT: &str = "WITH p (today, soon, active, suspended, deregistered) AS (SELECT ?1, ?2, ?3, ?4, ?5)
    SELECT c.id, c.version, h.name, k.name_zh AS county
      FROM p, codes c
      JOIN households h ON h.id = c.subject_id AND c.subject_kind = 'household'
      JOIN counties k ON k.code = h.county_code";
const LIVE: &str = "c.revoked_at IS NULL AND c.version = 1";
const HAS_PERMIT_BADGE: &str =
    "EXISTS (SELECT 1 FROM badges b WHERE b.household_id = h.id AND b.badge <> 'trusted_consumption')";

/// (case, condition, how many). `p.today` is today, `p.soon` the last day counted as
/// expiring soon; `p.active`, `p.suspended` and `p.deregistered` the statuses of a business.
fn cases() -> Vec<(DemoCase, String, u32)> {
    vec![
        (
            DemoCase::Ordinary,
            format!(
                "{LIVE} AND h.status = p.active AND h.id IN (SELECT min(h2.id) FROM households h2
                   JOIN codes c2 ON c2.subject_id = h2.id AND c2.subject_kind = 'household'
                  WHERE h2.status = p.active AND c2.revoked_at IS NULL AND c2.version = 1
                  GROUP BY h2.county_code)"
            ),
            12,
        ),
        (DemoCase::Badged, format!("{LIVE} AND h.status = p.active AND {HAS_PERMIT_BADGE}"), 2),
        (
            DemoCase::LicenceExpiringSoon,
            format!(
                "{LIVE} AND h.status = p.active AND EXISTS (SELECT 1 FROM licences l WHERE l.household_id = h.id AND l.valid_until BETWEEN p.today AND p.soon)"
            ),
            1,
        ),
        (
            DemoCase::LicenceExpired,
            format!(
                // With a payment code, so the demo shows it held behind the warning.
                "{LIVE} AND h.status = p.active AND EXISTS (SELECT 1 FROM licences l WHERE l.household_id = h.id AND l.valid_until < p.today)
                   AND EXISTS (SELECT 1 FROM payment_bindings pb WHERE pb.household_id = h.id)"
            ),
            1,
        ),
        (DemoCase::Suspended, format!("{LIVE} AND h.status = p.suspended"), 1),
        (DemoCase::Deregistered, format!("{LIVE} AND h.status = p.deregistered"), 1),
        (DemoCase::Revoked, "c.revoked_at IS NOT NULL".into(), 1),
        (DemoCase::Superseded, "c.revoked_at IS NULL AND c.version > 1".into(), 1),
    ]
}

pub async fn codes(ctx: Ctx<endpoints::ListDemoCodes>, _: ()) -> Outcome<DemoCodes> {
    let (config, origin) = (&ctx.config, ctx.origin.as_str());
    let today = clock::today();
    let soon = add_days(today, getima_domain::codes::households::EXPIRY_WARNING_DAYS);
    let cases = cases();
    let statements = cases
        .iter()
        .map(|(_, condition, limit)| {
            config.db.prepare(format!("{SELECT} WHERE {condition} ORDER BY h.id LIMIT {limit}")).bind(&[
                JsValue::from_str(&today.to_string()),
                JsValue::from_str(&soon.to_string()),
                HouseholdStatus::Active.as_str().into(),
                HouseholdStatus::Suspended.as_str().into(),
                HouseholdStatus::Deregistered.as_str().into(),
            ])
        })
        .collect::<Result<Vec<_>, _>>()?;
    let results = config.db.batch(statements).await?;

    let mut codes = Vec::new();
    for ((case, _, _), result) in cases.iter().zip(results) {
        for row in result.results::<Row>()? {
            // An old print is signed for the version before the current one.
            let version = if *case == DemoCase::Superseded { row.version - 1 } else { row.version };
            let token = config.code_key.sign(&row.id, version);
            codes.push(demo_code(*case, token, origin, row.name, row.county));
        }
    }
    if let Some(first) = codes.first() {
        let token = CodeToken::parse(&first.code).map_err(|_| Failure::internal("a signed token failed to parse"))?;
        let forged = forge(&token);
        codes.push(demo_code(DemoCase::Forged, forged, origin, first.name.clone(), first.county.clone()));
    }
    Ok(DemoCodes { codes })
}

fn demo_code(case: DemoCase, token: CodeToken, origin: &str, name: String, county: String) -> DemoCode {
    DemoCode { case, url: url(origin, &token), code: token.to_string(), name, county }
}

/// The same id with one MAC character changed: what a tampered print looks like.
fn forge(token: &CodeToken) -> CodeToken {
    let mut mac = token.mac.clone().into_bytes();
    mac[0] = if mac[0] == b'0' { b'1' } else { b'0' };
    CodeToken { id: token.id.clone(), mac: String::from_utf8(mac).expect("ASCII") }
}
