#!/bin/sh
# Screenshots of the real Wireshark 4.0 GUI with the freshly built sipdigest plugin, under Xvfb.
#
#   tests/gui/run_gui_screenshots.sh OUTDIR [CAPTURE [FRAME]]
#
# Defaults: CAPTURE = testdata/corpus/sha256-qop-auth/capture.pcapng, FRAME = 26,
# credentials = testdata/corpus/credentials.txt (override with SIPDIGEST_CREDENTIALS),
# plugin tree = build/stage/plugins (override with SIPDIGEST_PLUGIN_DIR).
#
# Needs (installs nothing itself):
#   DEBIAN_FRONTEND=noninteractive apt-get install -y wireshark-qt tshark xvfb xdotool imagemagick xauth
#
# Wireshark ignores WIRESHARK_PLUGIN_DIR and personal plugins when uid or gid is 0, so as root
# Wireshark and tshark run as nobody (setpriv); Xvfb, xdotool and import run as the caller.
#
# Writes into OUTDIR:
#   01-packet-details.png  main window: filter "sipdigest", FRAME selected, "SIP Digest Check" expanded
#   02-stats-credentials.png  Statistics > SIP Digest > Credentials dialog
#   03-expert-info.png     Analyze > Expert Information dialog
#   tshark-plugins.txt, verdicts.txt (tshark with the same plugin and settings, to compare),
#   wireshark.log, xvfb.log
#
# Exit status: 0 all screenshots taken; 1 Xvfb or Wireshark did not start (or Wireshark died);
# 2 missing tool or file, or a capture tshark cannot read; 3 a dialog did not open (the other
# screenshots are kept); 4 plugin not loaded (tshark -G plugins, or the GUI process's maps).
set -u

die() { code=$1; shift; echo "run_gui_screenshots: $*" >&2; exit "$code"; }

[ $# -ge 1 ] || die 2 "usage: $0 OUTDIR [CAPTURE [FRAME]]"
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
capture=${2:-$repo/testdata/corpus/sha256-qop-auth/capture.pcapng}
frame=${3:-26}
creds=${SIPDIGEST_CREDENTIALS:-$repo/testdata/corpus/credentials.txt}
stage=${SIPDIGEST_PLUGIN_DIR:-$repo/build/stage/plugins}

missing=
for tool in wireshark tshark Xvfb xdotool import xauth mcookie setpriv; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] || die 2 "missing:$missing
  DEBIAN_FRONTEND=noninteractive apt-get install -y wireshark-qt tshark xvfb xdotool imagemagick xauth"

so="$stage/4.0/epan/sipdigest.so"
[ -f "$so" ] || die 2 "no plugin at $so (build it first: sh cmake/bootstrap.sh test, or cmake --build build)"
so=$(readlink -f "$so")
capture=$(readlink -f "$capture")
creds=$(readlink -f "$creds")
for f in "$capture" "$creds"; do [ -f "$f" ] || die 2 "no such file: $f"; done

mkdir -p "$out" || die 2 "cannot create $out"
out=$(cd "$out" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sipdigest-gui.XXXXXX") || die 2 "mktemp failed"
chmod 755 "$work"
cfg="$work/config"            # fresh WIRESHARK_CONFIG_DIR and HOME: no personal settings leak in
mkdir -p "$cfg/run"
chmod 700 "$cfg/run"

wspid=
xvfbpid=
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  if [ -n "$wspid" ] && kill -0 "$wspid" 2>/dev/null; then kill "$wspid" 2>/dev/null; sleep 1; kill -9 "$wspid" 2>/dev/null; fi
  if [ -n "$xvfbpid" ] && kill -0 "$xvfbpid" 2>/dev/null; then kill "$xvfbpid" 2>/dev/null; wait "$xvfbpid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" = 0 ] || [ "$(id -g)" = 0 ]; then
  # a plain uid/gid 65534 process that owns the fresh config dir (Wireshark writes its
  # recent files there on exit)
  runas_prefix="setpriv --reuid=65534 --regid=65534 --clear-groups --"
  owner=65534:65534
else
  runas_prefix=
  owner=
fi

for f in "$capture" "$creds" "$so"; do
  # shellcheck disable=SC2086
  $runas_prefix test -r "$f" || die 2 "$f is not readable by the unprivileged user"
done

# Window layout in the fresh profile: 1600x1000 at 0,0, no bytes pane, list pane 430 px high.
cat >"$cfg/recent_common" <<'EOF'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1600
gui.geometry_main_height: 1000
gui.geometry_main_maximized: FALSE
EOF
cat >"$cfg/recent" <<'EOF'
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.geometry_main_upper_pane: 430
EOF

# X display and its cookie
n=99
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do
  n=$((n + 1)); [ $n -lt 300 ] || die 2 "no free X display number"
done
display=":$n"
: >"$cfg/Xauthority"
xauth -q -f "$cfg/Xauthority" add "$display" MIT-MAGIC-COOKIE-1 "$(mcookie)" || die 2 "xauth failed"
[ -z "$owner" ] || chown -R "$owner" "$cfg"

export WIRESHARK_PLUGIN_DIR="$stage" WIRESHARK_CONFIG_DIR="$cfg" HOME="$cfg" \
       XDG_RUNTIME_DIR="$cfg/run" XAUTHORITY="$cfg/Xauthority" DISPLAY="$display"

# 1. Is the plugin loaded by this Wireshark with this environment? (tshark shares libwireshark
#    and the plugin loader with the GUI)
# shellcheck disable=SC2086
$runas_prefix tshark -G plugins >"$out/tshark-plugins.txt" 2>&1
grep -F "$so" "$out/tshark-plugins.txt" | grep -q '^sipdigest\.so' ||
  die 4 "tshark -G plugins does not list $so (see $out/tshark-plugins.txt)"
# shellcheck disable=SC2086
$runas_prefix tshark -2 -r "$capture" -o "sipdigest.credentials_file:$creds" -Y sipdigest.verdict \
  -T fields -e frame.number -e sip.Method -e sipdigest.username -e sipdigest.verdict \
  -e sipdigest.weak -e sipdigest.replay -e sipdigest.challenge_frame -e sipdigest.answer_frame \
  >"$out/verdicts.txt" 2>&1 || die 2 "tshark with the plugin cannot read $capture (see $out/verdicts.txt)"
# shellcheck disable=SC2086
shown=$($runas_prefix tshark -r "$capture" -o "sipdigest.credentials_file:$creds" -Y sipdigest | wc -l)

# 2. Xvfb
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp -auth "$cfg/Xauthority" >"$out/xvfb.log" 2>&1 &
xvfbpid=$!
i=0
until xdotool getdisplaygeometry >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 50 ] || die 1 "Xvfb did not start (see $out/xvfb.log)"
  sleep 0.2
done

# 3. Wireshark (setpriv execs, so $! is Wireshark's own pid)
# shellcheck disable=SC2086
$runas_prefix wireshark -r "$capture" -o "sipdigest.credentials_file:$creds" -Y sipdigest -g "$frame" \
  >"$out/wireshark.log" 2>&1 &
wspid=$!
title=$(basename "$capture" | sed 's/[.[\*^$]/\\&/g')
win=
i=0
while [ -z "$win" ]; do
  kill -0 "$wspid" 2>/dev/null || { wspid=; cat "$out/wireshark.log" >&2; die 1 "Wireshark exited during start-up"; }
  i=$((i + 1)); [ $i -lt 120 ] || { cat "$out/wireshark.log" >&2; die 1 "no Wireshark window with title $(basename "$capture") after 60 s"; }
  sleep 0.5
  win=$(xdotool search --name "^$title\$" 2>/dev/null | head -1)
done
grep -qF "$so" "/proc/$wspid/maps" || die 4 "the Wireshark process (pid $wspid) has not mapped $so"
echo "Wireshark pid $wspid on $display has mapped $so"
sleep 3                           # let the packet list and the selected packet settle

shot() { import -window "$1" "$out/$2" || die 1 "import failed for $2"; echo "wrote $out/$2"; }
wait_window() {  # name regex -> window id (empty after 15 s)
  j=0
  while [ $j -lt 30 ]; do
    w=$(xdotool search --name "$1" 2>/dev/null | head -1)
    [ -n "$w" ] && { echo "$w"; return; }
    j=$((j + 1)); sleep 0.5
  done
}
status=0

# 4. Main window: collapse the details tree, select its last top-level item (the post-dissector
#    "SIP Digest Check" comes last) and expand it with all its subtrees (Shift+Right).
#    There is no window manager: focus by xdotool windowfocus / a click.
xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000
sleep 0.5
xdotool mousemove 115 533 click 1   # first row of the packet details pane in this layout
sleep 0.3
xdotool key ctrl+Left; sleep 0.3
xdotool key End; sleep 0.3
xdotool key shift+Right; sleep 0.3
xdotool mousemove 1599 999; sleep 1
shot root 01-packet-details.png

# 5. Statistics > SIP Digest (last entry) > Credentials (only entry)
xdotool windowfocus "$win"; xdotool key alt+s; sleep 0.7
xdotool key Up; sleep 0.3; xdotool key Right; sleep 0.5; xdotool key Return
dlg=$(wait_window 'Credentials')
if [ -n "$dlg" ]; then
  xdotool windowmove "$dlg" 0 0 windowsize "$dlg" 1000 720; sleep 1.5
  shot "$dlg" 02-stats-credentials.png
  xdotool windowfocus "$dlg"; xdotool key Escape; sleep 0.5
else
  echo "run_gui_screenshots: Statistics > SIP Digest > Credentials did not open" >&2
  shot root 02-stats-menu-failed.png; xdotool key Escape Escape Escape; status=3
fi

# 6. Analyze > Expert Information (last entry)
xdotool windowfocus "$win"; xdotool key alt+a; sleep 0.7
xdotool key Up; sleep 0.3; xdotool key Return
dlg=$(wait_window 'Expert Information')
if [ -n "$dlg" ]; then
  xdotool windowmove "$dlg" 0 0 windowsize "$dlg" 1200 420; sleep 1.5
  shot "$dlg" 03-expert-info.png
  xdotool windowfocus "$dlg"; xdotool key Escape; sleep 0.5
else
  echo "run_gui_screenshots: Analyze > Expert Information did not open" >&2
  shot root 03-expert-menu-failed.png; xdotool key Escape Escape Escape; status=3
fi

# 7. Quit
xdotool windowfocus "$win"; xdotool key ctrl+q
i=0
while kill -0 "$wspid" 2>/dev/null && [ $i -lt 20 ]; do i=$((i + 1)); sleep 0.5; done
kill -0 "$wspid" 2>/dev/null || wspid=
echo "tshark shows $shown frames for -Y sipdigest (the GUI status bar should say Displayed: $shown)"
echo "verdicts (tshark -2, same plugin and credentials): $out/verdicts.txt"
exit $status
