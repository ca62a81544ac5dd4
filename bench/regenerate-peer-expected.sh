#!/usr/bin/env bash
# Re-creates tests/fixtures/peer-rules/expected-200k-*.json by running the
# peer's own bench-rules.js (json-rules-engine 7.3.1 and a plain JS loop, which
# must agree exactly) on all 200,000 events. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
peer=../shared/bench/peer-rules
work=$(mktemp -d)
cp "$peer/bench-rules.js" "$peer/rules-json-rules-engine.json" "$work/"
gzip -dc tests/fixtures/peer-rules/events-200k.ndjson.gz >"$work/events-200k.ndjson"
echo '{"type":"commonjs"}' >"$work/package.json"
ln -s "$PWD/node_modules" "$work/node_modules"
(cd "$work" && node bench-rules.js --runs 1 --events events-200k.ndjson)
cp "$work/expected-scores.json" tests/fixtures/peer-rules/expected-200k-scores.json
cp "$work/expected-scores-by-rule.json" tests/fixtures/peer-rules/expected-200k-scores-by-rule.json
echo "updated tests/fixtures/peer-rules/expected-200k-*.json"
