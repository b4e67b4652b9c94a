#!/bin/sh
# One entry point for a fresh Debian 12 machine:
#   sh cmake/bootstrap.sh demo   install packages, build, show both tools at work on testdata/
#   sh cmake/bootstrap.sh test   install packages, build, run the whole test suite
# Packages are installed only when missing (needs root for that step).
set -eu

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: sh cmake/bootstrap.sh demo|test" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SIPAUDIT_BUILD_DIR:-$top/build}
jobs=$(nproc 2>/dev/null || echo 2)

packages="build-essential cmake pkg-config python3 libwireshark-dev wireshark-dev tshark
  libpcap-dev libboost-program-options-dev libglib2.0-dev libgcrypt20-dev libgtest-dev
  libbenchmark-dev libfmt-dev nlohmann-json3-dev zlib1g-dev util-linux
  hashcat pocl-opencl-icd sipcrack bsdextrautils"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages:$missing -- run this script as root once" >&2
    exit 2
  fi
  echo "installing:$missing"
  apt-get update -q
  # tshark's wireshark-common asks a debconf question; without a terminal it would hang.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
fi

cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"

case "$mode" in
  demo) cmake --build "$build" --target demo ;;
  test) ctest --test-dir "$build" --output-on-failure -j "$jobs" ;;
esac
