#!/usr/bin/env bash
# Installs every build dependency from Debian 12 packages. Safe to run again.
set -euo pipefail
packages=(build-essential cmake ninja-build libboost-random-dev libeigen3-dev libcli11-dev
          libbenchmark-dev doctest-dev libtomlplusplus-dev nlohmann-json3-dev python3-simpy3)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
