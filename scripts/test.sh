#!/usr/bin/env bash
# The whole test suite. Expects `make build` to have run (the Makefile sees to it).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
bash scripts/lint.sh
cargo test -p getima-domain --all-features -p getima-demo -p getima-scanner
# The screens' pure logic (figures, queues, forms), natively: it touches no browser.
cargo test -p getima-ui -p getima-account --lib
# The mini-program's pages under a stand-in WeChat runtime (Node's own test runner).
node --test tests/miniprogram/
# One real wrangler dev server (fresh state on a free port) for API, QR, browser and
# schemathesis tests.
cargo test -p getima-e2e
# Again at the hours where days, windows and deadlines turn, on a server whose clock is set
# there: the suites that deal in dates (tests/e2e/main.rs, AT_EVERY_HOUR).
for clock in 00:05 23:55; do
  echo "== end-to-end at $clock China time"
  GETIMA_TEST_CLOCK=$clock cargo test -p getima-e2e
done
# Noon changes only the market suites: the farmers' market's morning sessions end at 12:00.
echo "== end-to-end at 11:55 China time (markets)"
GETIMA_TEST_CLOCK=11:55 E2E_ONLY=stalls::,stall_rules::,stall_screens::,lotteries::,market_desk:: cargo test -p getima-e2e
