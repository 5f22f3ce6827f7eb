//! Open311 GeoReport v2 resources under `/open311/v2/`, with the specification's field names,
//! types and status values, so an existing Open311 client reads and files appeals. Public
//! output carries no personal data: no appeal text, no answer, nobody's name, a coarse location,
//! the street but not the shop.

use serde::{Deserialize, Serialize};

/// `GET discovery.json`: where the GeoReport v2 endpoint is and what it speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Open311Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

/// The query every Open311 read takes: the jurisdiction, which may be left out (one is served).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Open311Query {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction_id: Option<String>,
    /// Sent by many clients with every call; reading needs none, so it is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

/// One service: an appeal category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// Whether `services/{service_code}.json` lists attributes to send: always, the business.
    pub metadata: bool,
    /// `realtime`: a request gets its `service_request_id` at once.
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    /// The department that answers.
    pub group: String,
}

/// `GET services/{service_code}.json`: the attributes a request of this service takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Open311Attribute>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Attribute {
    pub variable: bool,
    pub code: String,
    /// `string`, `number`, `datetime`, `text`, `singlevaluelist` or `multivaluelist`.
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
}

/// `GET requests.json`: the standard filters. With `service_request_id` the others are ignored;
/// with no dates, the last 90 days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Open311RequestsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction_id: Option<String>,
    /// Ignored, as on every read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// Comma-separated ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_request_id: Option<String>,
    /// Comma-separated service codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
    /// W3C date-times with an offset, on `requested_datetime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Comma-separated: `open`, `closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// One service request (an appeal) as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311ServiceRequest {
    /// The receipt number the owner was given (受理编号).
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: String,
    /// Published as null: answers are written to the owner and may name people.
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    /// Published as null: an owner's own words may carry personal data.
    pub description: Option<String>,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    /// When the deadline now running ends; null once answered.
    pub expected_datetime: Option<String>,
    /// The street of the business (not its door: the feed must not tell which shop complained).
    pub address: Option<String>,
    /// Null: a standard address id would name the shop.
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    /// Where the owner said it happened, to about a hundred metres; null if not given.
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// Photos are private to the owner and the department: never published.
    pub media_url: Option<String>,
}

/// `POST requests.json` (a form, as GeoReport sends it), by a signed-in owner. The contact
/// fields a client may send are taken but not stored: the account already says who is asking.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Open311NewRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction_id: Option<String>,
    #[serde(default)]
    pub service_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_id: Option<String>,
    #[serde(default)]
    pub description: String,
    /// The credit code of the business it is about; may be left out by an owner of one.
    #[serde(default, rename = "attribute[business]", skip_serializing_if = "Option::is_none")]
    pub business: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
}

/// What `POST requests.json` answers (in a list of one, as GeoReport has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Created {
    pub service_request_id: String,
    pub service_notice: String,
    pub account_id: Option<String>,
}

/// An Open311 error: the responses of the `/open311/` paths are lists of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Error {
    /// The HTTP status.
    pub code: u16,
    pub description: String,
}
