#!/usr/bin/env bash
# Prints what the widget costs a page: raw and gzip -9 bytes of each file in
# dist/, and what a page with the script tag loads (loader + widget + wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
gz() { gzip -9 -n -c "$1" | wc -c; }
printf '%-28s %10s %10s\n' file raw gzip
for f in dist/*; do
  case "$f" in *.d.ts|*.map) continue ;; esac
  printf '%-28s %10d %10d\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gz "$f")"
done
page=0
for f in dist/leadscore.js dist/leadscore-widget.js dist/leadscore.wasm; do
  [ -f "$f" ] && page=$((page + $(gz "$f")))
done
printf '%-28s %10s %10d\n' "page (script tag)" "" "$page"
echo "(leadscore-core.mjs is the bare Emscripten glue for the node tests; leadscore.mjs is the ES module alternative to the script tag)"
