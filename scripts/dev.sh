#!/usr/bin/env bash
# Runs Getima locally on workerd (wrangler dev) with on-disk D1 and KV and demo data.
# CLOCK="YYYY-MM-DD HH:MM" (China time) runs the server's clock from that moment, to try what
# happens at another hour or day; development only.
set -euo pipefail
cd "$(dirname "$0")/.."
offset_ms=0
if [ -n "${CLOCK:-}" ]; then
  wanted=$(date -d "$CLOCK +0800" +%s) || { echo "CLOCK=\"$CLOCK\": expected \"YYYY-MM-DD HH:MM\" (China time)" >&2; exit 2; }
  offset_ms=$(( (wanted - $(date +%s)) * 1000 ))
fi
TODAY=$(TZ=Asia/Shanghai date -d "@$(( $(date +%s) + offset_ms / 1000 ))" +%F) bash scripts/seed.sh
echo
echo "Getima: http://${HOST:-127.0.0.1}:${PORT:-8787}  (demo codes are listed on the home page)"
exec env WRANGLER_SEND_METRICS=false npx wrangler dev --ip "${HOST:-127.0.0.1}" --port "${PORT:-8787}" \
  --persist-to .wrangler/state --var GETIMA_ENV:development --var "DEV_CLOCK_OFFSET_MS:$offset_ms" --test-scheduled
