#!/usr/bin/env bash
# Runs Getima locally on workerd (wrangler dev) with on-disk D1 and KV and demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/seed.sh
echo
echo "Getima: http://${HOST:-127.0.0.1}:${PORT:-8787}  (demo codes are listed on the home page)"
exec env WRANGLER_SEND_METRICS=false npx wrangler dev --ip "${HOST:-127.0.0.1}" --port "${PORT:-8787}" \
  --persist-to .wrangler/state --var GETIMA_ENV:development --test-scheduled
