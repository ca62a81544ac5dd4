#!/usr/bin/env bash
# Installs everything LeadScore needs on Debian 12, idempotently: apt packages
# that are missing, then the npm packages pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev   # native build, sanitizers, libFuzzer
  nlohmann-json3-dev libboost-test-dev libcli11-dev libcpp-httplib-dev libsqlite3-dev
  pkgconf                                          # CMake finds Debian's cpp-httplib through pkg-config
  emscripten wabt                                  # WebAssembly build and size tools
  chromium                                         # browser end-to-end tests
)
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing with apt: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: apt packages present"
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "setup: npm packages present"
fi
