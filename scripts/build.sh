#!/usr/bin/env bash
# Builds the app's bundles into public/ and the Worker into functions/build/, offline.
set -euo pipefail
cd "$(dirname "$0")/.."

bins="$PWD/node_modules/.bin"
target=target/wasm32-unknown-unknown/release
# One bundle per area (see getima_domain::bundles): binary getima-<name> of the app, account
# or desk crate, served as /pkg/<name>.js and booted by public/<page>. Each binary mounts only
# its area's pages, so link-time optimisation leaves every other area's code out of it.
bundles=("app:index.html" "account:account.html" "register:register.html"
  "applications:applications.html" "appeals:appeals.html"
  "stalls:stalls.html" "desk:desk.html" "desk-registration:desk-registration.html"
  "desk-appeals:desk-appeals.html" "desk-markets:desk-markets.html")

hash() { sha256sum "$1" | cut -c1-12; }

echo "== bundles (Leptos → wasm)"
cargo build --quiet -p getima-app -p getima-account -p getima-desk -p getima-scanner --release \
  --target wasm32-unknown-unknown
rm -rf public/pkg && mkdir -p public/pkg public/vendor
optimise() {
  # Size is what a phone on a slow link waits for: optimise hard.
  "$bins/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types -o "$1" "$1"
}
# Loaded only when someone taps scan (ui/src/scan.rs): the QR reader, and WeChat's bridge.
wasm-bindgen --target web --no-typescript --out-name qr_reader --out-dir public/pkg "$target/getima_scanner.wasm"
optimise public/pkg/qr_reader_bg.wasm
"$bins/esbuild" ui/wechat-sdk.js --bundle --format=esm --minify --log-level=warning --outfile=public/vendor/wechat-sdk.js
# Only the WeUI rules the bundles use: every class name appears literally in their sources.
"$bins/purgecss" --css node_modules/weui/dist/style/weui.min.css \
  --content 'app/src/**/*.rs' 'account/src/**/*.rs' 'desk/src/**/*.rs' 'ui/src/**/*.rs' ui/index.html \
  --output public/vendor/
bindgen() {
  wasm-bindgen --target web --no-typescript --out-name "$1" --out-dir public/pkg "$target/getima-$1.wasm"
  optimise "public/pkg/${1}_bg.wasm"
}
export -f bindgen optimise
export bins target
# Two at a time: wasm-opt is most of the time, and each uses one core.
printf '%s\n' "${bundles[@]%%:*}" | xargs -P 2 -I{} bash -c 'bindgen "$1"' _ {}
boot_hashes=()
for bundle in "${bundles[@]}"; do
  name=${bundle%%:*} page=${bundle##*:}
  # Assets are referenced with a content hash, so browsers and web-views never mix an old
  # script with a new wasm.
  sed -e "s/{{name}}/$name/g" \
      -e "s/{{js}}/$(hash "public/pkg/$name.js")/g" \
      -e "s/{{wasm}}/$(hash "public/pkg/${name}_bg.wasm")/g" \
      -e "s/{{css}}/$(hash public/app.css)/g" \
      -e "s/{{weui}}/$(hash public/vendor/weui.min.css)/g" \
      -e "s/{{qr_js}}/$(hash public/pkg/qr_reader.js)/g" \
      -e "s/{{qr_wasm}}/$(hash public/pkg/qr_reader_bg.wasm)/g" \
      -e "s/{{wechat_sdk}}/$(hash public/vendor/wechat-sdk.js)/g" \
      ui/index.html > "public/$page"
  boot=$(grep -o '<script type="module">.*</script>' "public/$page" | sed -e 's/^<script type="module">//' -e 's#</script>$##')
  boot_hashes+=("'sha256-$(printf '%s' "$boot" | openssl dgst -sha256 -binary | base64)'")
done
# The CSP allows exactly the bundles' inline boot scripts.
sed -e "s#{{boot_sha256}}#${boot_hashes[*]}#" ui/_headers > public/_headers

echo "== worker (workers-rs → wasm + shim)"
WASM_BINDGEN_BIN="$(command -v wasm-bindgen)" ESBUILD_BIN="$bins/esbuild" WASM_OPT_BIN="$bins/wasm-opt" \
  bash -c 'cd functions && worker-build --release' 2>&1 | grep -v '^\s*$' | tail -n 3
