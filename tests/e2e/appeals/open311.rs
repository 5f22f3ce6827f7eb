//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), read the way an Open311 client
//! reads it: every resource's fields by name and JSON type, its statuses, and its error list.

use crate::appeals::new_shop_owner;
use crate::{Ctx, NamedTest};
use getima_domain::api::MyAppeals;
use getima_e2e::SendThroughDevProxy;
use reqwest::blocking::Response;
use serde_json::{Map, Value};

pub const TESTS: &[NamedTest] = &[
    (
        "open311::discovery_services_and_a_service_definition_have_the_specification_s_fields_and_types",
        discovery_services_and_a_service_definition_have_the_specification_s_fields_and_types,
    ),
    (
        "open311::an_owner_files_a_form_once_and_anyone_reads_it_back_without_personal_data",
        an_owner_files_a_form_once_and_anyone_reads_it_back_without_personal_data,
    ),
    (
        "open311::every_mistake_gets_the_specification_s_error_list_naming_the_field_and_files_nothing",
        every_mistake_gets_the_specification_s_error_list_naming_the_field_and_files_nothing,
    ),
];

/// The JSON type of each field, as GeoReport v2 gives it (`?` after a type: may be null).
fn assert_shape(object: &Value, fields: &[(&str, &str)]) {
    let object: &Map<String, Value> = object.as_object().unwrap_or_else(|| panic!("an object: {object}"));
    let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = names.clone();
    expected.sort_unstable();
    assert_eq!(keys, expected, "exactly the specification's fields: {object:?}");
    for (name, kind) in fields {
        let value = &object[*name];
        let (kind, nullable) = match kind.strip_suffix('?') {
            Some(kind) => (kind, true),
            None => (*kind, false),
        };
        let fits = match kind {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            other => panic!("no JSON type {other}"),
        };
        assert!(fits || (nullable && value.is_null()), "{name} should be {kind}: {value}");
    }
}

/// A W3C date-time with its offset, as GeoReport requires for every time.
fn assert_w3c(value: &Value) {
    let text = value.as_str().unwrap_or_else(|| panic!("a time: {value}"));
    assert!(
        text.len() == 25 && text.as_bytes()[10] == b'T' && (text.ends_with("+08:00")),
        "a W3C date-time with offset: {text}"
    );
}

fn get(ctx: &Ctx, path: &str, language: &str) -> Response {
    ctx.http
        .get(ctx.server.url(path))
        .header("accept-language", language)
        .send_through_dev_proxy()
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn json_of(response: Response) -> Value {
    assert_eq!(response.status(), 200, "{:?}", response.url().path());
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().expect("JSON")
}

fn post_form(ctx: &Ctx, token: Option<&str>, form: &[(&str, &str)]) -> Response {
    let mut request = ctx.http.post(ctx.server.url("/open311/v2/requests.json")).form(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send_through_dev_proxy().expect("POST requests.json")
}

/// The specification's error answer: the status, and a list of one `{code, description}` with
/// the same code; returns the description.
fn open311_error(response: Response, status: u16) -> String {
    assert_eq!(response.status(), status, "{:?}", response.url().path());
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().expect("an error list");
    let errors = body.as_array().unwrap_or_else(|| panic!("a list of errors: {body}"));
    assert_eq!(errors.len(), 1, "{body}");
    assert_shape(&errors[0], &[("code", "number"), ("description", "string")]);
    assert_eq!(errors[0]["code"], status, "{body}");
    errors[0]["description"].as_str().expect("a description").to_string()
}

const REQUEST_FIELDS: &[(&str, &str)] = &[
    ("service_request_id", "string"),
    ("status", "string"),
    ("status_notes", "string?"),
    ("service_name", "string"),
    ("service_code", "string"),
    ("description", "string?"),
    ("agency_responsible", "string"),
    ("service_notice", "string"),
    ("requested_datetime", "string"),
    ("updated_datetime", "string"),
    ("expected_datetime", "string?"),
    ("address", "string?"),
    ("address_id", "string?"),
    ("zipcode", "string?"),
    ("lat", "number?"),
    ("long", "number?"),
    ("media_url", "string?"),
];

fn discovery_services_and_a_service_definition_have_the_specification_s_fields_and_types(ctx: &Ctx) {
    let discovery = json_of(get(ctx, "/open311/v2/discovery.json", "zh-CN"));
    assert_shape(
        &discovery,
        &[("changeset", "string"), ("contact", "string"), ("key_service", "string"), ("endpoints", "array")],
    );
    assert_w3c(&discovery["changeset"]);
    let endpoint = &discovery["endpoints"][0];
    assert_shape(
        endpoint,
        &[
            ("specification", "string"),
            ("url", "string"),
            ("changeset", "string"),
            ("type", "string"),
            ("formats", "array"),
        ],
    );
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoint["type"], "production");
    assert_eq!(endpoint["formats"], serde_json::json!(["application/json"]));
    let base = endpoint["url"].as_str().expect("the endpoint's url");
    assert!(base.ends_with("/open311/v2"), "{base}");

    let services = json_of(get(ctx, "/open311/v2/services.json", "zh-CN"));
    let services = services.as_array().expect("a list of services");
    assert_eq!(services.len(), 10, "the plan's ten areas");
    for service in services {
        assert_shape(
            service,
            &[
                ("service_code", "string"),
                ("service_name", "string"),
                ("description", "string"),
                ("metadata", "boolean"),
                ("type", "string"),
                ("keywords", "string"),
                ("group", "string"),
            ],
        );
        assert!(["realtime", "batch", "blackbox"].contains(&service["type"].as_str().unwrap_or_default()));
    }
    let tax = services.iter().find(|s| s["service_code"] == "tax").expect("the tax service");
    assert_eq!(
        (&tax["service_name"], &tax["group"], &tax["metadata"]),
        (&"税费".into(), &"税务局".into(), &true.into())
    );
    let english = json_of(get(ctx, "/open311/v2/services.json?jurisdiction_id=wenzhou.gov.cn", "en-GB,en;q=0.9"));
    let tax_en = english.as_array().and_then(|s| s.iter().find(|s| s["service_code"] == "tax")).expect("tax");
    assert_eq!(tax_en["service_name"], "Tax and fees", "the language the client asks for");

    let definition = json_of(get(ctx, "/open311/v2/services/legal.json", "zh-CN"));
    assert_shape(&definition, &[("service_code", "string"), ("attributes", "array")]);
    assert_eq!(definition["service_code"], "legal");
    for attribute in definition["attributes"].as_array().expect("attributes") {
        assert_shape(
            attribute,
            &[
                ("variable", "boolean"),
                ("code", "string"),
                ("datatype", "string"),
                ("required", "boolean"),
                ("datatype_description", "string"),
                ("order", "number"),
                ("description", "string"),
            ],
        );
        let datatypes = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];
        assert!(datatypes.contains(&attribute["datatype"].as_str().unwrap_or_default()), "{attribute}");
    }
    assert_eq!(definition["attributes"][0]["code"], "business");

    open311_error(get(ctx, "/open311/v2/services/potholes.json", "zh-CN"), 404);
    let described = open311_error(get(ctx, "/open311/v2/services/legal.xml", "en"), 400);
    assert!(described.contains(".json"), "says which format is served: {described}");
}

fn an_owner_files_a_form_once_and_anyone_reads_it_back_without_personal_data(ctx: &Ctx) {
    let (token, uscc) = new_shop_owner(ctx, "13655500102", "鹿城开放诉求小吃店", "open311-shop-000001");
    let description = "发票系统一直登录不上，请回电 13812345678，身份证 330302199001011234";
    let form = [
        ("service_code", "tax"),
        ("description", description),
        ("lat", "27.994567"),
        ("long", "120.699123"),
        ("attribute[business]", uscc.as_str()),
        // Contact fields an Open311 client may send: taken, never stored or shown.
        ("first_name", "张"),
        ("phone", "13812345678"),
    ];
    let created = post_form(ctx, Some(&token), &form);
    assert_eq!(created.status(), 201);
    let created: Value = created.json().expect("the created list");
    let created = &created.as_array().expect("a list of one")[0];
    assert_shape(created, &[("service_request_id", "string"), ("service_notice", "string"), ("account_id", "string?")]);
    let id = created["service_request_id"].as_str().expect("an id").to_string();
    assert!(id.starts_with("SQ"), "the receipt number the owner sees: {id}");

    // A client's retry of the same form is the same request, not a second appeal.
    let again: Value = post_form(ctx, Some(&token), &form).json().expect("the retry's answer");
    assert_eq!(again[0]["service_request_id"], id.as_str());
    let mine: MyAppeals = ctx.get_as(&token, "/api/me/appeals").json().expect("my appeals");
    assert_eq!(mine.appeals.len(), 1, "filed once");
    assert_eq!((mine.appeals[0].receipt.as_str(), mine.appeals[0].text.as_str()), (id.as_str(), description));

    let one = get(ctx, &format!("/open311/v2/requests/{id}.json"), "zh-CN");
    let raw = one.text().expect("the body");
    for private in ["13812345678", "330302199001011234", "请回电", "张"] {
        assert!(!raw.contains(private), "{private} must not be published: {raw}");
    }
    let one: Value = serde_json::from_str(&raw).expect("JSON");
    let request = &one.as_array().expect("a list of one")[0];
    assert_shape(request, REQUEST_FIELDS);
    assert_eq!(
        (&request["service_request_id"], &request["status"], &request["service_code"]),
        (&id.as_str().into(), &"open".into(), &"tax".into())
    );
    assert_eq!(
        (&request["description"], &request["status_notes"], &request["media_url"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!((&request["lat"], &request["long"]), (&27.995.into(), &120.699.into()), "about a hundred metres");
    assert_eq!(request["agency_responsible"], "税务局");
    for time in ["requested_datetime", "updated_datetime", "expected_datetime"] {
        assert_w3c(&request[time]);
    }
    // The street, never the door: the feed must not tell which shop complained.
    assert!(request["address"].as_str().is_some_and(|street| !street.is_empty()), "{request}");
    assert_eq!(request["address_id"], Value::Null);

    let listed = |query: &str| -> Vec<String> {
        let found = json_of(get(ctx, &format!("/open311/v2/requests.json?{query}"), "zh-CN"));
        found
            .as_array()
            .expect("a list")
            .iter()
            .inspect(|r| assert_shape(r, REQUEST_FIELDS))
            .map(|r| r["service_request_id"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(listed("").contains(&id), "the last 90 days by default");
    assert!(listed("service_code=tax,legal&status=open").contains(&id));
    assert!(!listed("status=closed").contains(&id));
    assert!(!listed("service_code=legal").contains(&id));
    assert_eq!(listed(&format!("service_request_id={id}&status=closed")), vec![id.clone()], "ids win over filters");
    assert!(!listed("start_date=2099-01-01T00:00:00Z").contains(&id));
    assert!(listed("start_date=2020-01-01T00:00:00%2B08:00&end_date=2099-01-01T00:00:00Z").contains(&id));
}

fn every_mistake_gets_the_specification_s_error_list_naming_the_field_and_files_nothing(ctx: &Ctx) {
    let (token, uscc) = new_shop_owner(ctx, "13655500103", "鹿城错填诉求小吃店", "open311-shop-000002");
    let (_, other_shop) = new_shop_owner(ctx, "13655500104", "鹿城别家诉求小吃店", "open311-shop-000003");
    let good = [("service_code", "tax"), ("description", "发票开不出来"), ("lat", "27.99"), ("long", "120.69")];
    let with = |change: &[(&str, &str)], drop: &[&str]| -> Vec<(String, String)> {
        let kept = good.iter().filter(|(k, _)| !drop.contains(k) && !change.iter().any(|(c, _)| c == k));
        kept.chain(change).map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let send = |form: &[(String, String)]| {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        post_form(ctx, Some(&token), &pairs)
    };
    let names = |response: Response, status: u16, field: &str| {
        let description = open311_error(response, status);
        assert!(description.contains(field), "names {field}: {description}");
    };
    open311_error(post_form(ctx, None, &good), 401);
    names(send(&with(&[], &["service_code"])), 400, "service_code");
    names(send(&with(&[("service_code", "potholes")], &[])), 400, "service_code");
    names(send(&with(&[("description", "短")], &[])), 400, "description");
    names(send(&with(&[], &["long"])), 400, "long");
    names(send(&with(&[], &["lat", "long"])), 400, "lat");
    names(send(&with(&[("lat", "north")], &[])), 400, "lat");
    names(send(&with(&[("lat", "95")], &[])), 400, "lat");
    names(send(&with(&[("attribute[business]", "not-a-credit-code")], &[])), 400, "attribute[business]");
    names(send(&with(&[("jurisdiction_id", "hangzhou.gov.cn")], &[])), 400, "jurisdiction_id");
    names(send(&with(&[("colour", "red")], &[])), 400, "colour");
    open311_error(send(&with(&[("attribute[business]", &other_shop)], &[])), 403);
    let as_json = ctx
        .http
        .post(ctx.server.url("/open311/v2/requests.json"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "service_code": "tax" }))
        .send_through_dev_proxy()
        .expect("a JSON post");
    open311_error(as_json, 415);
    let mine: MyAppeals = ctx.get_as(&token, "/api/me/appeals").json().expect("my appeals");
    assert!(mine.appeals.is_empty(), "nothing filed: {:?}", mine.appeals);
    // The owner's own business named explicitly files it.
    let named = send(&with(&[("attribute[business]", &uscc)], &[]));
    assert_eq!(named.status(), 201);

    for (query, field) in [
        ("status=pending", "status"),
        ("service_code=potholes", "service_code"),
        ("start_date=yesterday", "start_date"),
        ("end_date=2026-11-26", "end_date"),
        ("service_request_id=42", "service_request_id"),
        ("jurisdiction_id=hangzhou.gov.cn", "jurisdiction_id"),
        ("page=2", "page"),
    ] {
        names(get(ctx, &format!("/open311/v2/requests.json?{query}"), "zh-CN"), 400, field);
    }
    open311_error(get(ctx, "/open311/v2/requests/SQ20260101999999.json", "zh-CN"), 404);
    open311_error(get(ctx, "/open311/v2/requests/42.json", "zh-CN"), 404);
    open311_error(get(ctx, "/open311/v2/tokens/1.json", "zh-CN"), 404);
    let english = open311_error(get(ctx, "/open311/v2/requests.json?status=pending", "en-US"), 400);
    let chinese = open311_error(get(ctx, "/open311/v2/requests.json?status=pending", "zh-CN"), 400);
    assert!(english.contains("open or closed") && chinese.contains("状态"), "{english} / {chinese}");
}
