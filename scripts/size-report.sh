#!/usr/bin/env bash
# Prints what the widget costs a page: raw and gzip -9 bytes of each file in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
printf '%-28s %10s %10s\n' file raw gzip
for f in dist/*; do
  case "$f" in *.d.ts|*.map) continue ;; esac
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -n -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-28s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-28s %10s %10d\n' "total" "" "$total"
