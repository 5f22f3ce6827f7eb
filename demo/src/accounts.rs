//! The demo sign-ins documented in the README, with their roles and households.

use crate::generator::{Generator, sql_date, sql_text};
use getima_domain::accounts::Role;
use getima_domain::pii::Field;

/// A demo sign-in, documented in the README: sign in with the phone, read the code in the
/// dev inbox.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub phone: &'static str,
    pub name: &'static str,
    pub roles: &'static [Role],
    pub department: Option<&'static str>,
    pub markets: &'static [i64],
    /// Households bound to this person as owner.
    pub households: &'static [u32],
}

pub const DEMO_ACCOUNTS: [DemoAccount; 15] = [
    DemoAccount {
        phone: "13900000001",
        name: "温管理",
        roles: &[Role::Admin],
        department: None,
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000002",
        name: "陈监管",
        roles: &[Role::Staff],
        department: Some("amr"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000003",
        name: "林税务",
        roles: &[Role::Staff],
        department: Some("tax"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000004",
        name: "王所长",
        roles: &[Role::DepartmentHead],
        department: Some("amr"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000005",
        name: "周市场",
        roles: &[Role::MarketManager],
        department: None,
        markets: &[1],
        households: &[],
    },
    DemoAccount {
        phone: "13900000006",
        name: "吴夜市",
        roles: &[Role::MarketManager],
        department: None,
        markets: &[2],
        households: &[],
    },
    DemoAccount {
        phone: "13900000007",
        name: "郑摊主",
        roles: &[Role::Vendor],
        department: None,
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13800000001",
        name: "",
        roles: &[Role::Owner],
        department: None,
        markets: &[],
        households: &[1],
    },
    DemoAccount {
        phone: "13800000002",
        name: "",
        roles: &[Role::Owner],
        department: None,
        markets: &[],
        households: &[2],
    },
    // Staff of the other departments a restaurant's application reaches, so every part of it
    // can be decided on a phone.
    DemoAccount {
        phone: "13900000008",
        name: "赵执法",
        roles: &[Role::Staff],
        department: Some("enforcement"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000009",
        name: "钱供电",
        roles: &[Role::Staff],
        department: Some("power"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000010",
        name: "孙卫健",
        roles: &[Role::Staff],
        department: Some("health"),
        markets: &[],
        households: &[],
    },
    // The three tiers legal advice (法律咨询) climbs, each a role granted to 司法局 staff.
    DemoAccount {
        phone: "13900000011",
        name: "何司法所",
        roles: &[Role::Staff, Role::LegalOfficer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000012",
        name: "许公职律师",
        roles: &[Role::Staff, Role::PublicLawyer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000013",
        name: "冯律师",
        roles: &[Role::Staff, Role::Lawyer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
];

impl Generator<'_> {
    /// The demo accounts of the README: people, their roles, and the households they own.
    pub(crate) fn people(&mut self) {
        let today = sql_date(Some(self.today));
        for (index, account) in DEMO_ACCOUNTS.iter().enumerate() {
            let person = (index + 1).to_string();
            let name = match account.households.first() {
                Some(&household) => self.operators[household as usize - 1].name.clone(),
                None => account.name.to_string(),
            };
            let [phone_hash, phone_sealed] = self.protected(Field::Phone, account.phone);
            self.statement(
                "people",
                "id, name, phone_hash, phone_sealed, department_code, created_at",
                &[
                    person.clone(),
                    sql_text(&name),
                    phone_hash,
                    phone_sealed,
                    account.department.map_or_else(|| "NULL".into(), sql_text),
                    today.clone(),
                ],
            );
            for role in account.roles {
                self.statement(
                    "person_roles",
                    "person_id, role, granted_at",
                    &[person.clone(), sql_text(role.as_str()), today.clone()],
                );
            }
            for household in account.households {
                self.statement(
                    "household_owners",
                    "household_id, person_id, bound_at, bound_by",
                    &[household.to_string(), person.clone(), today.clone(), sql_text("seed")],
                );
            }
        }
    }
}
