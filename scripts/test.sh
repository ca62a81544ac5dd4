#!/usr/bin/env bash
# Sets up and runs every test: the core's Boost.Test suite (plain and with
# AddressSanitizer + UBSan), the WebAssembly module's node tests, the widget
# in Chromium, the fuzz targets over their committed corpora, and the size
# report.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc needs Debian's acorn

step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "native build (Release)"
cmake --preset native >/dev/null
cmake --build --preset native

step "core tests (Boost.Test)"
ctest --preset native

step "core tests with -fsanitize=address,undefined"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan

step "WebAssembly build"
cmake --preset wasm >/dev/null
cmake --build --preset wasm

step "node tests (the WebAssembly module, schema, the widget build)"
node --test --test-reporter=spec tests/node/

step "browser tests (the widget in Chromium, tests/browser/site/)"
node --test --test-reporter=spec tests/browser/

step "fuzz targets over their corpora"
scripts/fuzz.sh --replay

step "sizes"
scripts/size-report.sh

printf '\nAll tests passed.\n'
