#!/bin/sh
# `cmake --install` into a scratch DESTDIR: sipdigest.so lands in the plugin folder chosen at
# configure time (Wireshark's global one for root, the personal one otherwise) and loads from
# there; sipdiff lands in bin/.
set -eu
build=$1
plugin_dir=$2
prefix=$3
dest=$(mktemp -d "${TMPDIR:-/tmp}/sipaudit-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT INT TERM
chmod 755 "$dest"
DESTDIR="$dest" cmake --install "$build" >/dev/null
test -f "$dest$plugin_dir/sipdigest.so" || { echo "no sipdigest.so in $dest$plugin_dir"; exit 1; }
if [ -n "$prefix" ]; then
  test -x "$dest$prefix/bin/sipdiff" || { echo "no sipdiff in $dest$prefix/bin"; exit 1; }
fi
# The installed copy must load: point tshark at the installed tree (<root>/<abi>/epan).
root=$(dirname "$(dirname "$dest$plugin_dir")")
SIPDIGEST_PLUGIN_DIR="$root" "$build/tshark-sipdigest" -G plugins | grep sipdigest.so
