#!/bin/bash
# run_bench.sh SIPDIFF PCAP_READ_LOOP DATADIR: a 50,000-message run and one 4x longer, each
# compared end to end; prints times, ratios and peak RSS. The time resolution is 10 ms, so the
# floors (a few ms) show as 0.00 s or 0.01 s and ratios to them are coarse; a 0.00 s counts as 0.01.
set -euo pipefail
sipdiff=$1; loop=$2; data=$3; here=$(cd "$(dirname "$0")" && pwd)
seconds() { /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" >/dev/null 2>&1 || true; cat "$data/time.txt"; }
for regs in 12500 50000; do
    dir="$data/load-$regs"
    [ -f "$dir/capture.pcapng" ] || "$here/make_load.sh" "$dir" "$regs" >/dev/null
    log=$(ls "$dir"/sipdump/*.data)
    read -r t_sipdiff rss_sipdiff < <(seconds "$sipdiff" "$log" "$dir/capture.pcapng")
    read -r t_tshark _ < <(seconds tshark -r "$dir/capture.pcapng" -Y sip -T fields \
        -e frame.number -e sip.Call-ID -e sip.CSeq)
    read -r t_loop _ < <(seconds "$loop" "$dir/capture.pcapng")
    # sipdiff reads two inputs; this floor reads both: the same loop, then the log with cat.
    read -r t_both _ < <(seconds sh -c '"$0" "$1" && cat "$2"' "$loop" "$dir/capture.pcapng" "$log")
    summary=$("$sipdiff" "$log" "$dir/capture.pcapng" | head -1 || true)
    echo "$((regs * 4)) messages: $summary"
    echo "  sipdiff ${t_sipdiff}s (peak RSS ${rss_sipdiff} kB), tshark dump ${t_tshark}s," \
         "bare libpcap loop ${t_loop}s, bare read of both inputs ${t_both}s"
    awk -v a="$t_sipdiff" -v b="$t_tshark" -v c="$t_loop" -v d="$t_both" 'BEGIN {
        printf "  tshark/sipdiff = %.1fx, sipdiff/libpcap loop = %.1fx," \
               " sipdiff/(libpcap loop + cat log) = %.1fx\n",
               b / (a > 0 ? a : 0.01), a / (c > 0 ? c : 0.01), a / (d > 0 ? d : 0.01) }'
done
