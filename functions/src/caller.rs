//! Who is calling: a signed-in person as loaded for this request.

use getima_domain::accounts::Role;

pub struct Caller {
    pub person_id: i64,
    pub session_id: String,
    pub roles: Vec<Role>,
    pub department: Option<String>,
    pub markets: Vec<i64>,
}

impl Caller {
    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }
}
