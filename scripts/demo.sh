#!/usr/bin/env bash
# Sets up, builds and runs the demo: the Northwind landing site with the
# LeadScore widget, LeadScore studio (the marketer's control room) and the lead
# inbox, all served by `leadscore serve` on one port (PORT, default 8080).
# Before serving it validates the demo config and scores the sample visitors
# with the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc needs Debian's acorn

step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "native build (the leadscore CLI)"
cmake --preset native >/dev/null
cmake --build --preset native

step "WebAssembly build (the widget in dist/)"
cmake --preset wasm >/dev/null
cmake --build --preset wasm

cli=build/native/cli/leadscore

step "leadscore validate demo/leadscore.json"
"$cli" validate demo/leadscore.json && echo "valid"

step "leadscore score --config demo/leadscore.json --now 2026-01-08T12:00:00Z demo/sample-events.ndjson"
"$cli" score --config demo/leadscore.json --now 2026-01-08T12:00:00Z demo/sample-events.ndjson

step "staging the site in build/demo/site"
scripts/stage-demo.sh build/demo/site

port="${PORT:-8080}"
step "serving on port $port (Ctrl+C stops; leads stay in build/demo/inbox.sqlite)"
cat <<MSG
  site:    http://127.0.0.1:$port/
  studio:  http://127.0.0.1:$port/studio/
  inbox:   http://127.0.0.1:$port/leads
MSG
exec "$cli" serve --port "$port" --db build/demo/inbox.sqlite --root build/demo/site \
  --csp "script-src 'self' 'wasm-unsafe-eval'"
