#!/usr/bin/env bash
# Sets up, builds, and runs the demo: validates the demo config and scores the
# sample visitors' events with it, printing one JSON line per visitor.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native >/dev/null
cli=build/native/cli/leadscore

printf '\n$ leadscore validate demo/leadscore.json\n'
"$cli" validate demo/leadscore.json && echo "valid"

printf '\n$ leadscore score --config demo/leadscore.json --now 2026-01-08T12:00:00Z demo/sample-events.ndjson\n'
"$cli" score --config demo/leadscore.json --now 2026-01-08T12:00:00Z demo/sample-events.ndjson
