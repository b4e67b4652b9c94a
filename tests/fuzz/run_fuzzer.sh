#!/bin/sh
# Runs one libFuzzer target of a build made with -DSIPAUDIT_FUZZ=ON (see README.md).
#   tests/fuzz/run_fuzzer.sh BUILD_DIR NAME SECONDS [more libFuzzer options]
# The growing corpus is BUILD_DIR/tests/fuzz/corpus/NAME (seeded from the target's seeds);
# crashes, leaks and timeouts land in BUILD_DIR/tests/fuzz/artifacts/NAME/.
set -eu
build=$1 name=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
out=$build/tests/fuzz
corpus=$out/corpus/$name
artifacts=$out/artifacts/$name
mkdir -p "$corpus" "$artifacts"
# Seeds: files are copied in, folders are read as extra corpus folders.
extra=
while IFS= read -r seed; do
    [ -n "$seed" ] || continue
    if [ -d "$seed" ]; then
        extra="$extra $seed"
    elif [ -f "$seed" ]; then
        cp -n "$seed" "$corpus/$(basename "$(dirname "$seed")")-$(basename "$seed")"
    fi
done < "$out/seeds-$name.txt"
[ -d "$here/regressions/$name" ] && extra="$extra $here/regressions/$name"
dict=
case $name in
    packet | ip_reassembly | tcp_reassembly | capture_reader) ;;
    *) dict=-dict=$here/sip.dict ;;
esac
# shellcheck disable=SC2086 # $extra and $dict are lists of words
exec "$out/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" $dict "$@" "$corpus" $extra
