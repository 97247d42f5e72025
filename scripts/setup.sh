#!/usr/bin/env bash
# Installs every build dependency from Debian 12 packages. Safe to run again.
set -euo pipefail
packages=(build-essential cmake ninja-build libboost-random-dev libboost-math-dev libeigen3-dev libcli11-dev
          libbenchmark-dev doctest-dev libtomlplusplus-dev nlohmann-json3-dev python3-simpy3
          libfmt-dev chromium clang-format pkg-config libxlsxwriter-dev python3-openpyxl ccache
          libmimalloc-dev  # the allocator of the ozsim command (sim/process/allocator.hpp)
          libopenmpi-dev openmpi-bin)  # OpenMPI: the optional MPI build (preset mpi, scripts/mpi_test.sh)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node.js and npm (Debian's, or any other already installed) fetch the pinned report JavaScript.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ozsim report inlines Apache ECharts; the browser test drives chromium with
# playwright-core. Both are pinned in web/report/package-lock.json; npm ci runs
# again only when an installed version differs from the lock file.
web="$(cd "$(dirname "$0")/.." && pwd)/web/report"
if ! node -e '
  const dir = process.argv[1];
  const lock = require(dir + "/package-lock.json").packages;
  for (const [path, entry] of Object.entries(lock))
    if (path && require(dir + "/" + path + "/package.json").version !== entry.version) process.exit(1);
' "$web" >/dev/null 2>&1; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
