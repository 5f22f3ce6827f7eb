//! What every area's demo data is written with: a seeded random source, SQL values, and the
//! generator that collects the statements and the operators' identities.

use getima_domain::accounts::notices::NoticeKind;
use getima_domain::calendar::Date;
use getima_domain::pii::{Field, NONCE_LEN, PiiKeys};
use std::collections::HashMap;
use std::fmt::Write as _;

/// splitmix64: small, fast, and the same on every machine.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| *self.pick(alphabet) as char).collect()
    }
}

pub(crate) fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(crate) fn sql_date(d: Option<Date>) -> String {
    d.map_or_else(|| "NULL".into(), |d| sql_text(&d.to_string()))
}

/// A household's operator as registered, for tests: public views must never show these.
#[derive(Debug, Clone)]
pub struct DemoOperator {
    pub household_id: u32,
    pub uscc: String,
    pub name: String,
    pub phone: String,
    pub id_number: String,
}

pub(crate) struct Generator<'k> {
    pub(crate) keys: &'k PiiKeys,
    pub(crate) operators: Vec<DemoOperator>,
    pub(crate) rng: Rng,
    pub(crate) today: Date,
    pub(crate) sql: String,
    pub(crate) addresses: HashMap<String, u32>,
    pub(crate) next_licence_id: u32,
    /// The last demo timeline entry's id.
    pub(crate) events: u32,
}

impl Generator<'_> {
    pub(crate) fn nonce(&mut self) -> [u8; NONCE_LEN] {
        let mut nonce = [0; NONCE_LEN];
        nonce[..8].copy_from_slice(&self.rng.next().to_le_bytes());
        nonce[8..].copy_from_slice(&self.rng.next().to_le_bytes()[..4]);
        nonce
    }

    /// Fingerprint and sealed copy, as SQL values.
    pub(crate) fn protected(&mut self, field: Field, value: &str) -> [String; 2] {
        let nonce = self.nonce();
        [sql_text(&self.keys.fingerprint(field, value)), sql_text(&self.keys.seal(field, value, nonce))]
    }

    pub(crate) fn statement(&mut self, table: &str, columns: &str, values: &[String]) {
        let _ = writeln!(
            self.sql,
            "INSERT INTO {table} ({columns}) VALUES ({}) ON CONFLICT DO NOTHING;",
            values.join(", ")
        );
    }

    /// An unread inbox entry for `person` about `application`.
    pub(crate) fn notice(&mut self, person: usize, application: &str, kind: NoticeKind, at: &str) {
        self.statement(
            "notices",
            "person_id, application_id, kind, created_at",
            &[person.to_string(), application.to_string(), sql_text(kind.as_str()), at.to_string()],
        );
    }

    /// A timeline entry with its own id (so reseeding adds none twice); `note` one line each;
    /// `actor` None: the system.
    pub(crate) fn event(
        &mut self,
        application: &str,
        task: Option<u32>,
        actor: Option<usize>,
        event: &str,
        note: &[&str],
        at: &str,
    ) {
        self.events += 1;
        let note = if note.is_empty() {
            "''".to_string()
        } else {
            note.iter().map(|line| sql_text(line)).collect::<Vec<_>>().join(" || char(10) || ")
        };
        self.statement(
            "application_events",
            "id, application_id, task_id, actor_id, event, note, at",
            &[
                self.events.to_string(),
                application.to_string(),
                task.map_or_else(|| "NULL".into(), |t| t.to_string()),
                actor.map_or_else(|| "NULL".into(), |a| a.to_string()),
                sql_text(event),
                note,
                at.to_string(),
            ],
        );
    }
}
