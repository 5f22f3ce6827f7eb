//! Getima's demo data as D1 SQL: 360 households across Wenzhou's 12 county-level divisions
//! with their codes, the demo accounts, markets with stalls and lotteries, applications and
//! appeals in every state. Each area writes its own rows (`SEEDERS`, in the order their
//! foreign keys need).
//!
//! The data is a pure function of the seed and `--today`, and every row is inserted with
//! `ON CONFLICT DO NOTHING`, so loading it twice changes nothing.

mod accounts;
mod appeals;
mod codes;
mod generator;
mod registration;
mod stalls;

pub use accounts::{DEMO_ACCOUNTS, DemoAccount};
pub use appeals::{DEMO_APPEALS, DemoAppeal};
pub use codes::FIXED_OPERATORS;
pub use generator::DemoOperator;
pub use stalls::DEMO_SESSION_DAYS;

use generator::{Generator, Rng};
use getima_domain::calendar::Date;
use getima_domain::pii::PiiKeys;
use std::collections::HashMap;

/// Every area's demo rows, in the order their foreign keys need: households, then the people
/// who own or manage them, then markets, registration and appeals.
const SEEDERS: &[fn(&mut Generator)] = &[
    |g| g.households(),
    |g| g.people(),
    |g| g.markets(),
    |g| g.stalls(),
    |g| g.lotteries(),
    |g| g.declarations(),
    |g| g.applications(),
    |g| g.appeals(),
];

/// The generated data: SQL to load, and the operators' full names, which public views must
/// never show (tests look for them).
pub struct DemoData {
    pub sql: String,
    pub operators: Vec<DemoOperator>,
}

/// Generates the demo data, with licence dates placed relative to `today` and personal data
/// protected under `keys`.
pub fn generate(today: Date, keys: &PiiKeys) -> DemoData {
    let mut generator = Generator {
        keys,
        rng: Rng(0x6765_7469_6D61), // "getima"
        today,
        sql: String::new(),
        operators: Vec::new(),
        addresses: HashMap::new(),
        next_licence_id: 1,
        events: 0,
    };
    for seed in SEEDERS {
        seed(&mut generator);
    }
    DemoData { sql: generator.sql, operators: generator.operators }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::COUNTIES;
    use crate::generator::sql_text;
    use crate::registration::DEMO_TASKS;
    use getima_domain::calendar::date;
    use getima_domain::calendar::{days_between, parse_date};
    use getima_domain::pii::Field;
    use getima_domain::{id_number, uscc};

    fn today() -> Date {
        date(2026, 11, 24).expect("a real date")
    }

    fn keys() -> PiiKeys {
        PiiKeys::from_hex(&"5a".repeat(64)).expect("64 bytes of hex")
    }

    fn generate(today: Date) -> DemoData {
        super::generate(today, &keys())
    }

    fn households(sql: &str) -> Vec<&str> {
        sql.lines().filter(|l| l.starts_with("INSERT INTO households ")).collect()
    }

    #[test]
    fn the_demo_task_limits_are_those_the_migration_seeds() {
        let migration = include_str!("../../migrations/0006_registration_bundles.sql");
        for (kind, department, limit) in DEMO_TASKS {
            let row = migration
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("('{}', '{department}', ", kind.as_str())))
                .unwrap_or_else(|| panic!("{kind:?} of {department} in the migration"));
            assert!(row.trim_end().ends_with(&format!(", {limit},")), "{kind:?}: {row}");
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(generate(today()).sql, generate(today()).sql);
    }

    #[test]
    fn every_statement_is_idempotent() {
        let data = generate(today());
        assert!(data.sql.lines().all(|l| l.starts_with("INSERT INTO ") && l.ends_with(" ON CONFLICT DO NOTHING;")));
    }

    #[test]
    fn three_hundred_sixty_households_in_all_twelve_divisions_with_valid_unique_codes() {
        let data = generate(today());
        let rows = households(&data.sql);
        assert_eq!(rows.len(), 360);
        assert_eq!(data.operators.len(), 360);
        for operator in &data.operators {
            assert_eq!(id_number::parse(&operator.id_number).as_deref(), Ok(operator.id_number.as_str()));
            assert!(getima_domain::accounts::parse_mobile(&operator.phone).is_ok(), "{}", operator.phone);
            assert!(
                !data.sql.contains(&operator.phone) && !data.sql.contains(&operator.id_number),
                "personal data in the clear"
            );
        }
        let mut codes = std::collections::HashSet::new();
        for county in &COUNTIES {
            let in_county = rows.iter().filter(|r| r.contains(&format!("'{}', ", county.division))).count();
            assert!(in_county >= 30, "{} has {in_county}", county.name);
        }
        for row in rows {
            let code = row.split('\'').nth(1).expect("the credit code is the first text value");
            assert_eq!(uscc::parse(code).as_deref(), Ok(code));
            assert!(codes.insert(code.to_string()), "duplicate {code}");
        }
    }

    #[test]
    fn the_demo_shows_every_state() {
        let sql = generate(today()).sql;
        for needle in ["'suspended'", "'deregistered'", "'misuse'", "'lost'", "'trusted_consumption'", "'famous'"] {
            assert!(sql.contains(needle), "no {needle} in the demo data");
        }
        let soon = |l: &&str| {
            l.starts_with("INSERT INTO licences ") && {
                let until = l.rsplit(", ").next().unwrap_or("").trim_start_matches('\'');
                parse_date(&until[..10.min(until.len())])
                    .is_some_and(|d| d >= today() && days_between(today(), d) <= 30)
            }
        };
        assert!(sql.lines().filter(soon).count() >= 5, "some licences expire within 30 days");
        assert!(
            sql.lines().any(|l| l.starts_with("INSERT INTO codes ") && l.contains(", 2, ")),
            "some codes were re-issued"
        );
    }

    #[test]
    fn sealed_operator_data_opens_with_the_key() {
        let data = generate(today());
        let row = households(&data.sql)[0];
        let sealed: Vec<&str> = row.split('\'').skip(1).step_by(2).collect();
        let phone = keys().open(Field::Phone, sealed[sealed.len() - 3]).expect("opens");
        assert_eq!(phone, data.operators[0].phone);
        assert_eq!(phone, "13800000001");
    }

    #[test]
    fn the_claim_documented_in_the_readme_matches_the_data() {
        let third = &generate(today()).operators[2];
        assert_eq!(
            (third.uscc.as_str(), third.phone.as_str(), third.id_number.as_str()),
            ("92330302MA00013L0D", "13800000003", "330302198001010035")
        );
        let readme = include_str!("../../README.md");
        assert!(readme.contains(&third.uscc) && readme.contains(&third.id_number) && readme.contains(&third.phone));
    }

    #[test]
    fn quotes_in_text_are_escaped() {
        assert_eq!(sql_text("Rui'an"), "'Rui''an'");
    }
}
