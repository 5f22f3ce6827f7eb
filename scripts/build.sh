#!/usr/bin/env bash
# Builds the Leptos app into public/ and the Worker into build/, offline.
set -euo pipefail
cd "$(dirname "$0")/.."

bins="$PWD/node_modules/.bin"
target=target/wasm32-unknown-unknown/release

echo "== app (Leptos → wasm)"
cargo build --quiet -p getima-app --release --target wasm32-unknown-unknown
rm -rf public/pkg && mkdir -p public/pkg public/vendor
wasm-bindgen --target web --no-typescript --out-name getima_app --out-dir public/pkg "$target/getima-app.wasm"
# Size is what a phone on a slow link waits for: optimise hard.
"$bins/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types \
  -o public/pkg/getima_app_bg.wasm public/pkg/getima_app_bg.wasm
# Only the WeUI rules the app uses: every class name appears literally in app/.
"$bins/purgecss" --css node_modules/weui/dist/style/weui.min.css --content 'app/src/**/*.rs' app/index.html \
  --output public/vendor/

# index.html references assets with a content hash, so browsers and web-views never mix
# an old script with a new wasm.
hash() { sha256sum "$1" | cut -c1-12; }
sed -e "s/{{js}}/$(hash public/pkg/getima_app.js)/g" \
    -e "s/{{wasm}}/$(hash public/pkg/getima_app_bg.wasm)/g" \
    -e "s/{{css}}/$(hash public/app.css)/g" \
    -e "s/{{weui}}/$(hash public/vendor/weui.min.css)/g" \
    app/index.html > public/index.html
# The CSP allows exactly the one inline boot script.
boot=$(grep -o '<script type="module">.*</script>' public/index.html | sed -e 's/^<script type="module">//' -e 's#</script>$##')
boot_sha="sha256-$(printf '%s' "$boot" | openssl dgst -sha256 -binary | base64)"
sed -e "s#{{boot_sha256}}#$boot_sha#" app/_headers > public/_headers

echo "== worker (workers-rs → wasm + shim)"
WASM_BINDGEN_BIN="$(command -v wasm-bindgen)" ESBUILD_BIN="$bins/esbuild" WASM_OPT_BIN="$bins/wasm-opt" \
  bash -c 'cd functions && worker-build --release' 2>&1 | grep -v '^\s*$' | tail -n 3
