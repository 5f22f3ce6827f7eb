#!/usr/bin/env bash
# Migrates the local D1 database under .wrangler/state and loads the demo data into it.
# Idempotent: migrations apply once, and demo rows are inserted only where missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
state=.wrangler/state
mkdir -p "$state"
npx wrangler d1 migrations apply getima --local --persist-to "$state"
# Personal data in the demo is sealed with the same key the local Worker uses.
PII_KEY=$(sed -n 's/^PII_KEY="\(.*\)"$/\1/p' .dev.vars)
export PII_KEY
# Licence dates are placed relative to today in Wenzhou (or TODAY, as `make dev` sets it).
cargo run --quiet -p getima-demo -- --today "${TODAY:-$(TZ=Asia/Shanghai date +%F)}" > .wrangler/seed.sql
npx wrangler d1 execute getima --local --persist-to "$state" --file .wrangler/seed.sql
