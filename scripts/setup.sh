#!/usr/bin/env bash
# Installs everything a fresh machine lacks to build, run and test Getima.
# Idempotent: every step checks for the pinned version first and skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKER_BUILD_VERSION=0.8.7
LEPTOSFMT_VERSION=0.1.33
SCHEMATHESIS_VERSION=4.32.5
# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

step() { printf '\n== %s\n' "$*"; }

step "wasm32 target"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "Debian packages (Chromium, driver, CJK fonts, wrk)"
need_apt=()
for pkg in chromium chromium-driver fonts-noto-cjk wrk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $NF}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: its lock file pins a crate version the registry index lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "worker-build $WORKER_BUILD_VERSION"
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" != "$WORKER_BUILD_VERSION" ]; then
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --force
fi

step "leptosfmt $LEPTOSFMT_VERSION"
if [ "$(leptosfmt --version 2>/dev/null | awk '{print $NF}')" != "$LEPTOSFMT_VERSION" ]; then
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --force
fi

step "npm packages (wrangler, esbuild, weui, binaryen, axe-core, weixin-js-sdk)"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.getima-lock; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.getima-lock
fi

step "schemathesis $SCHEMATHESIS_VERSION (in .tools/venv)"
if [ "$(.tools/venv/bin/schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

step "local secrets (.dev.vars)"
touch .dev.vars
# name and random bytes; a missing secret is added, an existing one is never changed.
for secret in CODE_MAC_KEY:32 SESSION_KEY:32 PII_KEY:64; do
  name=${secret%%:*}
  if ! grep -q "^$name=" .dev.vars; then
    printf '%s="%s"\n' "$name" "$(openssl rand -hex "${secret##*:}")" >> .dev.vars
    echo "added $name to .dev.vars"
  fi
done

echo; echo "setup complete"
