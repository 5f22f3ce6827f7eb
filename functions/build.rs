//! Generates the OpenAPI document from the endpoint table and the API types, so the Worker
//! serves a document that cannot drift from what it routes.

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let document = getima_domain::api::openapi::document();
    std::fs::write(out.join("openapi.json"), document.to_string()).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=../domain/src");
}
