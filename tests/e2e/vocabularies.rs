//! Each lifecycle's vocabulary, the domain's, against the CHECK constraint of its column in a
//! database migrated as a deployment's is: a state added on one side only fails here.

use crate::{Ctx, NamedTest};
use getima_domain::appeals::AppealStatus;
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::lifecycle::Lifecycle;
use getima_domain::registration::TaskStatus;
use getima_domain::stalls::{BookingStatus, DeclarationStatus};
use getima_e2e::{Server, Setup};
use std::collections::BTreeSet;

pub const TESTS: &[NamedTest] = &[(
    "vocabularies::every_lifecycle_names_exactly_the_states_its_migrated_column_allows",
    every_lifecycle_names_exactly_the_states_its_migrated_column_allows,
)];

/// The names a lifecycle stores.
fn names<S: Lifecycle>() -> BTreeSet<String> {
    S::ALL.iter().map(|s| s.name().to_string()).collect()
}

/// The values `CHECK (status IN (…))` allows in the CREATE TABLE text of a table.
fn allowed_statuses(create: &str) -> BTreeSet<String> {
    let opening = "CHECK (status IN (";
    let checks: Vec<&str> = create.match_indices(opening).map(|(at, _)| &create[at + opening.len()..]).collect();
    assert_eq!(checks.len(), 1, "one CHECK on the status in:\n{create}");
    let list = &checks[0][..checks[0].find(')').expect("the CHECK's list ends")];
    list.split(',').map(|value| value.trim().trim_matches('\'').to_string()).collect()
}

fn every_lifecycle_names_exactly_the_states_its_migrated_column_allows(_: &Ctx) {
    // A server of its own, as a new deployment starts (migrated, no data), stopped so its
    // database can be read.
    let mut server = Server::start_with(Setup::Production { sms_gateway: "http://127.0.0.1:9/".into() })
        .expect("a production-configured server");
    server.stop();
    let printed =
        server.query_stopped("SELECT name, sql FROM sqlite_master WHERE type = 'table'").expect("the migrated schema");
    let answers: serde_json::Value = serde_json::from_str(&printed).expect("wrangler's JSON");
    let tables = answers[0]["results"].as_array().expect("the schema's rows");
    let create = |table: &str| -> String {
        tables
            .iter()
            .find(|row| row["name"] == table)
            .and_then(|row| row["sql"].as_str())
            .unwrap_or_else(|| panic!("the migrations create {table}"))
            .to_string()
    };
    for (table, vocabulary) in [
        ("appeals", names::<AppealStatus>()),
        ("application_tasks", names::<TaskStatus>()),
        ("stall_bookings", names::<BookingStatus>()),
        ("producer_declarations", names::<DeclarationStatus>()),
        ("households", HouseholdStatus::ALL.iter().map(|s| s.as_str().to_string()).collect()),
    ] {
        let allowed = allowed_statuses(&create(table));
        assert_eq!(allowed, vocabulary, "{table}.status: the CHECK (left) and the domain's vocabulary (right)");
    }
}
