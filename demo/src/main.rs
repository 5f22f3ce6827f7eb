//! Prints the demo data as D1 SQL: `PII_KEY=<hex> getima-demo --today YYYY-MM-DD`.

use getima_domain::calendar::parse_date;
use getima_domain::pii::PiiKeys;

fn main() {
    let today = std::env::args().skip_while(|a| a != "--today").nth(1).and_then(|d| parse_date(&d));
    let keys = std::env::var("PII_KEY").ok().and_then(|k| PiiKeys::from_hex(&k).ok());
    match (today, keys) {
        (Some(today), Some(keys)) => print!("{}", getima_demo::generate(today, &keys).sql),
        _ => {
            eprintln!("usage: PII_KEY=<64 bytes as hex> getima-demo --today YYYY-MM-DD");
            std::process::exit(2);
        }
    }
}
