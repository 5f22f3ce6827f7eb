//! The service itself: health, this API's document, the departments staff work in.

use super::contract::Named;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HealthStatus {
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Departments {
    pub departments: Vec<Named>,
}

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;

    endpoints! {
        service [] {
            GetHealth: Get "/api/health" {} () => 200 Json HealthStatus, PUBLIC, "Whether the Worker and its database answer";
            GetOpenApi: Get "/api/openapi.json" {} () => 200 Json serde_json::Value, PUBLIC, "This API, as an OpenAPI 3.1 document";
            ListDepartments: Get "/api/departments" {} () => 200 Json Departments, PUBLIC, "The departments staff work in";
        }
    }
}
