#!/usr/bin/env bash
# Formatting and clippy, each crate for the target it runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --quiet -p getima-domain -p getima-demo -p getima-e2e --all-targets -- -D warnings
cargo clippy --quiet -p getima-app -p getima-functions --target wasm32-unknown-unknown -- -D warnings
