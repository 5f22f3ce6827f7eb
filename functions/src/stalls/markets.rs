//! Markets, as their managers see them.

use crate::context::Ctx;
use crate::d1;
use crate::http::Outcome;
use getima_domain::api::{ApiError, ErrorKind, MarketView, Named, endpoints};
use getima_domain::masking;
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    id: i64,
    name: String,
    county_code: String,
    county_zh: String,
    county_en: String,
    address: String,
}

#[derive(Deserialize)]
struct Manager {
    name: Option<String>,
}

pub async fn view(ctx: Ctx<endpoints::GetMarket>, _: ()) -> Outcome<MarketView> {
    let not_found = || ApiError::new(ErrorKind::NotFound).with_message("没有这个市场。", "No such market.");
    let db = &ctx.config.db;
    let id = d1::int(ctx.params.market);
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT m.id, m.name, m.county_code, k.name_zh AS county_zh, k.name_en AS county_en, m.address
                   FROM markets m JOIN counties k ON k.code = m.county_code WHERE m.id = ?1",
            )
            .bind(std::slice::from_ref(&id))?,
            db.prepare("SELECT p.name FROM market_managers mm JOIN people p ON p.id = mm.person_id WHERE mm.market_id = ?1 ORDER BY p.id")
                .bind(&[id])?,
        ])
        .await?;
    let row = results[0].results::<Row>()?.into_iter().next().ok_or_else(not_found)?;
    Ok(MarketView {
        id: row.id,
        name: row.name,
        county: Named { code: row.county_code, zh: row.county_zh, en: row.county_en },
        address: row.address,
        managers: results[1]
            .results::<Manager>()?
            .into_iter()
            .map(|m| masking::name(m.name.as_deref().unwrap_or("?")))
            .collect(),
    })
}
