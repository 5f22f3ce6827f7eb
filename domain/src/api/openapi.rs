//! The OpenAPI 3.1 document, generated from the endpoint table and the types' JSON Schemas
//! (schemars, JSON Schema 2020-12 as OpenAPI 3.1 uses). Built natively when the Worker is
//! compiled, and served as is.

use super::contract::{Access, Api, Format, Method, Spec, Visitor};
use super::endpoints;
use super::errors::ApiError;
use crate::appeals::open311_api::Open311Error;
use crate::registration::photos::ImageKind;
use crate::registration::photos_api::takes_photo;
use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

pub struct Builder {
    generator: SchemaGenerator,
    paths: Map<String, Value>,
}

impl Builder {
    fn new() -> Self {
        let settings = SchemaSettings::draft2020_12().with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        });
        Self { generator: settings.into_generator(), paths: Map::new() }
    }

    fn schema<T: JsonSchema>(&mut self) -> Value {
        self.generator.subschema_for::<T>().to_value()
    }

    /// The properties of a named object type, as query parameters.
    fn query_parameters<T: JsonSchema>(&mut self) -> Vec<Value> {
        let reference = self.schema::<T>();
        let name = reference["$ref"].as_str().and_then(|r| r.rsplit('/').next()).unwrap_or_default().to_string();
        let definition = self.generator.definitions().get(&name).cloned().unwrap_or(Value::Null);
        let required: Vec<&str> =
            definition["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let Some(properties) = definition["properties"].as_object() else { return Vec::new() };
        properties
            .iter()
            .map(|(name, schema)| {
                let mut schema = schema.clone();
                let description = schema.as_object_mut().and_then(|s| s.remove("description"));
                // A query parameter is absent or has a value; it is never null.
                if let Some(types) = schema["type"].as_array() {
                    let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                    schema["type"] = if kept.len() == 1 { kept[0].clone() } else { Value::Array(kept) };
                }
                json!({
                    "name": name,
                    "in": "query",
                    "required": required.contains(&name.as_str()),
                    "description": description.unwrap_or(Value::Null),
                    "schema": schema,
                })
            })
            .map(strip_nulls)
            .collect()
    }
}

impl Visitor for Builder {
    fn operation<E>(&mut self, path_parameters: &[(&'static str, Value)])
    where
        E: Api,
        E::Input: JsonSchema,
        E::Output: JsonSchema,
    {
        let spec = E::SPEC;
        let mut parameters: Vec<Value> = path_parameters
            .iter()
            .map(|(name, schema)| json!({ "name": name, "in": "path", "required": true, "schema": schema }))
            .collect();
        let mut request_body = Value::Null;
        if E::takes_input() {
            if spec.method == Method::Get {
                parameters.extend(self.query_parameters::<E::Input>());
            } else if takes_photo::<E>() {
                let binary = json!({ "schema": { "type": "string", "format": "binary" } });
                let content: Map<String, Value> = [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
                    .iter()
                    .map(|kind| (kind.media_type().to_string(), binary.clone()))
                    .collect();
                request_body = json!({ "required": true, "content": content });
            } else {
                let media =
                    if spec.speaks_open311() { "application/x-www-form-urlencoded" } else { "application/json" };
                request_body = json!({
                    "required": true,
                    "content": { media: { "schema": self.schema::<E::Input>() } },
                });
            }
        }
        let success = match spec.format.media_type() {
            None if spec.format == Format::Image => json!({
                "description": spec.summary,
                "content": { "image/*": { "schema": { "type": "string", "format": "binary" } } },
            }),
            None => json!({ "description": spec.summary }),
            Some(media) => {
                let schema = if matches!(spec.format, Format::Svg | Format::Csv) {
                    json!({ "type": "string" })
                } else {
                    self.schema::<E::Output>()
                };
                json!({ "description": spec.summary, "content": { media: { "schema": schema } } })
            }
        };
        let mut responses = Map::new();
        responses.insert(spec.status.to_string(), success);
        let error = if spec.speaks_open311() {
            json!({ "type": "array", "items": self.schema::<Open311Error>() })
        } else {
            json!({ "$ref": "#/components/schemas/ApiError" })
        };
        for status in error_statuses(&spec, E::takes_input() && spec.method != Method::Get) {
            responses.insert(
                status.to_string(),
                json!({ "description": describe(status), "content": { "application/json": { "schema": error } } }),
            );
        }
        let operation = json!({
            "operationId": spec.name,
            "summary": spec.summary,
            "tags": [spec.area],
            "parameters": parameters,
            "requestBody": request_body,
            "responses": responses,
            "security": if spec.access.needs_caller() { json!([{ "bearer": [] }]) } else { Value::Null },
            "description": access_text(spec.access),
        });
        let entry = self.paths.entry(spec.path.to_string()).or_insert_with(|| json!({}));
        entry[spec.method.as_str().to_lowercase()] = strip_nulls(operation);
    }
}

/// Drops `null` members, which mean "not applicable" while building.
fn strip_nulls(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.retain(|_, v| !v.is_null());
    }
    value
}

/// The error statuses an endpoint can answer with, beyond its success.
fn error_statuses(spec: &Spec, has_body: bool) -> Vec<u16> {
    let access = spec.access;
    let mut statuses = vec![400, 404, 500, 503];
    if access.needs_caller() {
        statuses.extend([401, 403]);
    }
    if has_body {
        statuses.extend([409, 413, 415]);
    }
    // A write without a body (a claim, a release) can still meet a state it cannot change.
    if spec.method != Method::Get {
        statuses.push(409);
    }
    statuses.extend(spec.area_statuses);
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

fn describe(status: u16) -> &'static str {
    match status {
        400 => "Invalid input: `fields` names each bad field",
        401 => "Not signed in, or the sign-in is no longer valid",
        403 => "Not allowed, or a code failed verification",
        404 => "No such thing",
        409 => "Conflicts with the current state",
        410 => "A code that no longer counts",
        413 => "The body is too large",
        415 => "The body is not JSON (for Open311, not a form)",
        429 => "Too many requests: wait `retry_after` seconds",
        500 => "A fault on our side, logged under `error_id`",
        _ => "Briefly unavailable",
    }
}

fn access_text(access: Access) -> String {
    match access {
        Access::Public => "Access: anyone.".into(),
        Access::DevelopmentOnly => "Access: development configuration only.".into(),
        Access::SignedIn => "Access: anyone signed in.".into(),
        Access::AnyRole(roles) => {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            format!("Access: {}.", names.join(", "))
        }
        Access::DepartmentMember(p) => format!("Access: staff or head of the department `{{{p}}}`."),
        Access::DepartmentHead(p) => format!("Access: the head of the department `{{{p}}}`."),
        Access::MarketManager(p) => format!("Access: a manager of the market `{{{p}}}`, or an admin."),
        Access::HouseholdOwner(p) => format!("Access: an owner of the business `{{{p}}}`."),
    }
}

/// The whole document.
pub fn document() -> Value {
    let mut builder = Builder::new();
    let error = builder.schema::<ApiError>();
    debug_assert_eq!(error["$ref"], "#/components/schemas/ApiError");
    endpoints::describe(&mut builder);
    let schemas = builder.generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Getima 个体码 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Business codes, accounts and services for Wenzhou's individual businesses. \
                Every error is an ApiError with messages in zh-CN and English.",
        },
        "paths": builder.paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints::{ClaimHousehold, Endpoint, GetMarket, ReadAudit};

    fn operation(doc: &Value, endpoint: Endpoint) -> &Value {
        &doc["paths"][endpoint.path()][endpoint.method().as_str().to_lowercase()]
    }

    #[test]
    fn the_document_is_openapi_3_1_and_documents_every_endpoint() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        for endpoint in Endpoint::all() {
            let op = operation(&doc, endpoint);
            assert!(op.is_object(), "{endpoint:?} missing");
            assert!(op["responses"][endpoint.spec().status.to_string()].is_object(), "{endpoint:?} success");
            assert_eq!(op["security"].is_array(), endpoint.access().needs_caller(), "{endpoint:?} security");
        }
    }

    #[test]
    fn the_document_describes_nothing_that_is_not_routed() {
        let doc = document();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                let routed =
                    Endpoint::all().any(|e| e.path() == path && e.method().as_str().eq_ignore_ascii_case(method));
                assert!(routed, "{method} {path} is documented but not routed");
            }
        }
    }

    #[test]
    fn every_reference_resolves_to_a_component() {
        let doc = document();
        let text = doc.to_string();
        for piece in text.split("\"$ref\":\"").skip(1) {
            let reference = &piece[..piece.find('"').unwrap()];
            let name = reference.strip_prefix("#/components/schemas/").expect("refs point at components");
            assert!(doc["components"]["schemas"][name].is_object(), "{reference} dangles");
        }
    }

    #[test]
    fn every_error_kind_is_in_the_error_schema() {
        let doc = document();
        let text = doc["components"]["schemas"]["ErrorKind"].to_string();
        for &kind in super::super::ErrorKind::ALL {
            let wire = serde_json::to_value(kind).unwrap();
            assert!(text.contains(&format!("\"{}\"", wire.as_str().unwrap())), "{kind:?}");
        }
    }

    #[test]
    fn get_inputs_become_query_parameters_and_write_inputs_bodies() {
        let doc = document();
        let audit = operation(&doc, Endpoint::of::<ReadAudit>().unwrap());
        let names: Vec<&str> =
            audit["parameters"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(names, vec!["before", "limit"]);
        assert!(audit.get("requestBody").is_none());
        assert!(operation(&doc, Endpoint::of::<ClaimHousehold>().unwrap())["requestBody"]["required"] == true);
        let path = &operation(&doc, Endpoint::of::<GetMarket>().unwrap())["parameters"][0];
        assert_eq!((path["name"].as_str(), path["in"].as_str()), (Some("market"), Some("path")));
    }
}
