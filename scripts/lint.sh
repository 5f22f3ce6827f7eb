#!/usr/bin/env bash
# Formatting and clippy, each crate for the target it runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
# view! macros, which rustfmt leaves alone.
leptosfmt --check --quiet ui/src app/src account/src desk/src
cargo clippy --quiet -p getima-domain -p getima-demo -p getima-scanner -p getima-e2e --all-targets --all-features -- -D warnings
# The screens' unit tests run natively (scripts/test.sh), so they are linted natively too. An
# error's size is judged on 64-bit pointers here; the line below judges it at wasm32's own.
cargo clippy --quiet -p getima-ui -p getima-account --lib --tests -- -D warnings -A clippy::result_large_err
cargo clippy --quiet -p getima-ui -p getima-app -p getima-account -p getima-desk -p getima-scanner -p getima-functions --target wasm32-unknown-unknown -- -D warnings
