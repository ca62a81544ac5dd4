#!/usr/bin/env bash
# Stages the demo site into one directory that `leadscore serve --root` serves:
# demo/site/ with the parts its pages share filled in (demo/site-parts/, by
# scripts/assemble-demo-pages.mjs), the widget from dist/ under /leadscore/,
# and the demo config as /leadscore.json. Used by scripts/demo.sh and the browser test
# tests/browser/demo.test.mjs. Needs the wasm build (dist/).
#   scripts/stage-demo.sh [DIR]     (default: build/demo/site)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/demo/site}"
for f in leadscore.js leadscore-widget.js leadscore.wasm leadscore-inspector.mjs leadscore-inspector.wasm; do
  [ -f "dist/$f" ] || { echo "stage-demo: dist/$f missing: cmake --preset wasm && cmake --build --preset wasm" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/leadscore"
cp -R demo/site/. "$out/"
node scripts/assemble-demo-pages.mjs "$out"
cp dist/* "$out/leadscore/"
cp demo/leadscore.json "$out/leadscore.json"
echo "stage-demo: staged demo/site, dist/ (as /leadscore/) and demo/leadscore.json in $out"
