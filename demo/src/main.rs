//! Prints the demo data as D1 SQL: `getima-demo --today YYYY-MM-DD`.

use getima_domain::calendar::Date;

fn main() {
    let today = std::env::args()
        .skip_while(|a| a != "--today")
        .nth(1)
        .and_then(|d| Date::parse(&d));
    match today {
        Some(today) => print!("{}", getima_demo::generate(today).sql),
        None => {
            eprintln!("usage: getima-demo --today YYYY-MM-DD");
            std::process::exit(2);
        }
    }
}
