#!/usr/bin/env bash
# Screenshots of pppkit-tray in a real X session: Xvfb with trayer as the
# tray host, pppkit-tray against the real pppkitd + pppkit-sim on a private
# bus in a network namespace of their own. A scripted click path opens the
# menu, connects through it, shows the tooltip with the address and opens
# the status window; the same menu is then shown in German.
#
#   screenshots.sh [OUTPUT_DIR]   (default: $PPPKIT_BUILD/tests/tray/screenshots)
# Writes menu.png, connected-notification.png, connected-tooltip.png,
# menu-connected.png, status-window.png, menu-de.png.
# Needs PPPKIT_ROOT, PPPKIT_BUILD (with PPPKIT_BUILD_TRAY=ON); root.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
for tool in Xvfb trayer xdotool; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (scripts/lib/deps.sh installs it)" >&2; exit 1; }
done
sandbox_enter_netns bash "$0" "$@"

out=${1:-$PPPKIT_BUILD/tests/tray/screenshots}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tray_bin=$PPPKIT_BUILD/client-qt/pppkit-tray
grab_bin=$PPPKIT_BUILD/tests/tray/pppkit-screen-grab

fail() {
  echo "FAIL: $*" >&2
  local f
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 40 "$f"; done >&2
  exit 1
}

sandbox_init
sandbox_start_bus
sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53
sandbox_start_daemon

# X server on a free display number (Xvfb picks it and writes it to fd 3),
# on an abstract socket only (private to this network namespace); -noreset
# keeps it from resetting when its first client (xdotool) disconnects.
exec 3> >(cat > "$SANDBOX/display")
Xvfb -displayfd 3 -screen 0 1024x768x24 -noreset -nolisten tcp -nolisten unix >"$SANDBOX/log/xvfb.log" 2>&1 &
SANDBOX_PIDS+=($!)
wait_until 10 "Xvfb's display number" test -s "$SANDBOX/display" || fail "Xvfb did not start"
exec 3>&-
DISPLAY=:$(head -n1 "$SANDBOX/display")
export DISPLAY
wait_until 10 "the X server" xdotool getdisplaygeometry || fail "the X server does not answer"
# No session bus: Qt uses the XEmbed tray (trayer), not StatusNotifierItem.
export DBUS_SESSION_BUS_ADDRESS=unix:path=$SANDBOX/no-session-bus
export XDG_CONFIG_HOME=$SANDBOX/config XDG_RUNTIME_DIR=$SANDBOX/xdg-runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=xcb

trayer --edge top --align right --widthtype request --height 28 --SetDockType true \
  --transparent true --alpha 0 --tint 0x30343a --padding 6 >"$SANDBOX/log/trayer.log" 2>&1 &
SANDBOX_PIDS+=($!)
wait_until 10 "trayer's window" xdotool search --class trayer || fail "trayer did not start"

grab() { "$grab_bin" "$out/$1" || fail "cannot grab $1"; echo "==> $out/$1"; }
visible_windows() { xdotool search --onlyvisible --class pppkit-tray 2>/dev/null | wc -l; }
more_windows_than() { [ "$(visible_windows)" -gt "$1" ]; }
# only_icon: waits until nothing but the icon is shown (menus, tooltips and
# notifications closed), so the next popup can be told apart.
only_icon() { wait_until 15 "popups to close" bash -c "[ \$(xdotool search --onlyvisible --class pppkit-tray | wc -l) -le 1 ]"; }
# the popup window other than the icon
popup_window() { xdotool search --onlyvisible --class pppkit-tray | grep -vx "$ICON_WIN" | head -n1; }

# start_tray [ENV...]: starts pppkit-tray and waits for its icon in the tray.
start_tray() {
  env "$@" "$tray_bin" >"$SANDBOX/log/tray.log" 2>&1 &
  TRAY_PID=$!
  SANDBOX_PIDS+=($TRAY_PID)
  wait_until 10 "the tray icon" bash -c "xdotool search --class pppkit-tray >/dev/null" || fail "no tray icon"
  # The icon is the window trayer embedded: find its centre on the screen.
  local geom
  wait_until 10 "the icon's geometry" bash -c "xdotool search --onlyvisible --class pppkit-tray | head -n1 | grep -q ." \
    || fail "tray icon not mapped"
  ICON_WIN=$(xdotool search --onlyvisible --class pppkit-tray | head -n1)
  geom=$(xdotool getwindowgeometry --shell "$ICON_WIN")
  eval "$geom"
  ICON_X=$((X + WIDTH / 2)) ICON_Y=$((Y + HEIGHT / 2))
}
stop_tray() { kill -TERM "$TRAY_PID"; wait "$TRAY_PID" 2>/dev/null || true; }

# open_menu: a left click on the icon; waits for the popup to be mapped.
open_menu() {
  only_icon || fail "popups stay open"
  xdotool mousemove "$ICON_X" "$ICON_Y" click 1
  wait_until 10 "the menu" more_windows_than 1 || fail "the menu did not open"
}

start_tray
open_menu
grab menu.png

# Connect through the menu (its &Connect entry), as a user would.
xdotool key c
wait_until 40 "isp Running" bash -c "'$PPPKIT_BUILD/service/pppctl/pppctl' status isp --json | grep -q '\"state\": *\"Running\"'" \
  || fail "the menu's Connect did not bring isp up"
# Traffic for the status window's graph (it samples once a second).
ping -c 25 -i 0.3 -s 400 -I ppp0 10.64.0.1 >/dev/null 2>&1 &
ping_pid=$!
# The "connected" notification (Qt's balloon: there is no notification
# daemon here); a click on it closes it.
wait_until 10 "the connected notification" more_windows_than 1 || fail "no notification"
grab connected-notification.png
eval "$(xdotool getwindowgeometry --shell "$(popup_window)")"
xdotool mousemove $((X + 20)) $((Y + HEIGHT - 8)) click 1
only_icon || fail "the notification did not close"
# The tooltip: hover over the icon until Qt shows it, then move away.
xdotool mousemove "$ICON_X" $((ICON_Y + 1)) mousemove "$ICON_X" "$ICON_Y"
wait_until 10 "the tooltip" more_windows_than 1 || fail "no tooltip"
grab connected-tooltip.png
xdotool mousemove 400 400

open_menu
grab menu-connected.png
xdotool key s   # Connection &Status…
wait_until 10 "the status window" xdotool search --onlyvisible --name "isp — dial-up status" || fail "no status window"
status_win=$(xdotool search --onlyvisible --name "isp — dial-up status" | head -n1)
xdotool windowmove "$status_win" 20 40
wait "$ping_pid" || true
grab status-window.png
stop_tray

# German, from LANG alone (no generated locales needed).
start_tray LANG=de_DE.UTF-8 LANGUAGE=de
open_menu
grab menu-de.png
stop_tray

"$PPPKIT_BUILD/service/pppctl/pppctl" disconnect isp >/dev/null
echo "PASS: screenshots in $out"
