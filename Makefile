# Getima 个体码. Two commands matter: `make dev` and `make test` (see README).
.PHONY: dev test setup build lint bench seed deploy

## Install everything, build, load demo data and run at http://127.0.0.1:8787
dev: build
	bash scripts/dev.sh

## The whole test suite: format, lints, unit tests, end-to-end (API, QR, browser, schemathesis)
test: build
	bash scripts/test.sh

## Install what this machine lacks (idempotent, pinned)
setup:
	bash scripts/setup.sh

## Build the app into public/ and the Worker into functions/build/
build: setup
	bash scripts/build.sh

## Formatting and clippy only
lint:
	bash scripts/lint.sh

## Size and throughput budgets, printed
bench: build
	cargo run --quiet --release -p getima-e2e --bin bench

## Reload demo data into the local state used by `make dev` (idempotent)
seed:
	bash scripts/seed.sh

## Deploy to Cloudflare (needs an account; see README "Deploying")
deploy: build
	npx wrangler d1 migrations apply getima --remote
	npx wrangler deploy
