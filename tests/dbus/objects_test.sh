#!/usr/bin/env bash
# pppkitd's objects on a private bus, beyond what service_test.sh covers:
# every Link property of the contract in GetManagedObjects, Manager.Version,
# the transcript (LogLine signals and Link.GetLog agree), Reload emitting
# InterfacesAdded / InterfacesRemoved and PropertiesChanged for a changed peer
# file, and pppctl's monitor, log, reload and version commands.
# (The counters' once-a-second PropertiesChanged needs a running link: the
# dial tests' territory.)
#
#   objects_test.sh   needs PPPKIT_BUILD (build tree); root (only root may own
#                     org.freedesktop.ppp1; dbus-monitor needs BecomeMonitor)
set -euo pipefail
: "${PPPKIT_BUILD:?set PPPKIT_BUILD to the build tree}" "${PPPKIT_VERSION:?set PPPKIT_VERSION to the project version}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/private-bus.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the bus policy lets only root own org.freedesktop.ppp1"
  exit 77
fi

PPPKITD=$PPPKIT_BUILD/service/pppkitd
PPPCTL=$PPPKIT_BUILD/service/pppctl/pppctl
TMP=$(mktemp -d /tmp/pppkit-objects-test.XXXXXX)
DAEMON_PID="" MONITOR_PID="" PPPCTL_MONITOR_PID="" FOLLOW_PID=""
cleanup() {
  local rc=$?
  for pid in "$FOLLOW_PID" "$PPPCTL_MONITOR_PID" "$MONITOR_PID" "$DAEMON_PID"; do
    [ -n "$pid" ] && { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null || true
  done
  private_bus_stop
  if [ $rc -ne 0 ]; then
    for f in "$TMP"/pppkitd.log "$TMP"/pppctl-monitor.out "$TMP"/follow.out; do
      [ -f "$f" ] && { echo "----- $f" >&2; tail -n 40 "$f" >&2; }
    done
  fi
  rm -rf "$TMP"
  return $rc
}
trap cleanup EXIT


NO_TTY=/dev/pppkit-test-no-such-tty
mkdir -p "$TMP/etc/ppp/peers" "$TMP/run"
echo "noauth" > "$TMP/etc/ppp/options"
printf '%s 115200\nlocal\n' "$NO_TTY" > "$TMP/etc/ppp/peers/isp"
printf '%s 115200\nlocal\n' "$NO_TTY" > "$TMP/etc/ppp/peers/old"

private_bus_start "$TMP/bus"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not appear on the bus"

# A monitor of everything pppkitd sends; ready once it got its own NameAcquired.
dbus-monitor --address "$DBUS_SYSTEM_BUS_ADDRESS" "type='signal',sender='org.freedesktop.ppp1'" >"$TMP/monitor.out" 2>&1 &
MONITOR_PID=$!
wait_for 10 "dbus-monitor" grep -q "NameAcquired\|NameLost" "$TMP/monitor.out"

# --- every Link property of the contract, and the Manager's Version
expect_exit 0 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.DBus.ObjectManager GetManagedObjects --verbose
for property in Name State StateReason Device Interface DataPath LocalAddress RemoteAddress DNS LocalAddress6 \
                MTU MRU ConnectedSince RxBytes TxBytes RxPackets TxPackets ExitStatus LastError; do
  expect_output "STRING \"$property\";"
done
expect_exit 0 bus get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link Device
expect_output "^s \"$NO_TTY\"\$"
expect_exit 0 bus get-property org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager Version
expect_output "^s \"$PPPKIT_VERSION\"\$"
pass "GetManagedObjects has every property; Device from the peer file; Version"

# --- pppctl monitor follows state changes of every link
"$PPPCTL" monitor >"$TMP/pppctl-monitor.out" 2>&1 &
PPPCTL_MONITOR_PID=$!
wait_for 10 "pppctl monitor to start" grep -q "^Monitoring" "$TMP/pppctl-monitor.out"

# --- the transcript: LogLine signals and GetLog
expect_exit 7 "$PPPCTL" connect isp --wait=5
wait_for 10 "LogLine signals" grep -q 'member=LogLine' "$TMP/monitor.out"
expect_exit 0 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link GetLog
expect_output "Using device $NO_TTY at 115200"
expect_exit 0 "$PPPCTL" log isp
expect_output "^[0-9-]{10} [0-9:]{8} Using device $NO_TTY at 115200\$"
log_lines=$(grep -c . <<<"$OUT")
signal_lines=$(grep -c 'member=LogLine' "$TMP/monitor.out")
[ "$log_lines" = "$signal_lines" ] || fail "pppctl log shows $log_lines lines, $signal_lines LogLine signals were sent"
wait_for 10 "pppctl monitor to show the attempt" grep -q "isp: Connecting -> Disconnected" "$TMP/pppctl-monitor.out"
grep -q "isp: Disconnected -> Connecting" "$TMP/pppctl-monitor.out" || fail "pppctl monitor missed Disconnected -> Connecting"
pass "LogLine, GetLog, pppctl log, pppctl monitor"

# --- pppctl log -f: the lines so far, then new ones, each once
"$PPPCTL" log isp -f >"$TMP/follow.out" 2>&1 &
FOLLOW_PID=$!
wait_for 10 "pppctl log -f to print the transcript" grep -q "Using device" "$TMP/follow.out"
expect_exit 7 "$PPPCTL" connect isp --wait=5
wait_for 10 "pppctl log -f to print the new attempt" bash -c "[ \$(grep -c 'Using device' '$TMP/follow.out') -ge 2 ]"
kill -TERM "$FOLLOW_PID"; wait "$FOLLOW_PID" 2>/dev/null || true; FOLLOW_PID=""
[ "$(grep -c 'Using device' "$TMP/follow.out")" = 2 ] || fail "pppctl log -f showed a line twice or missed one"
pass "pppctl log -f"

# --- Reload: added, removed, changed peer files
printf '%s 115200\n' "$NO_TTY" > "$TMP/etc/ppp/peers/new"
rm "$TMP/etc/ppp/peers/old"
printf '/dev/pppkit-test-other-tty 57600\nlocal\n' > "$TMP/etc/ppp/peers/isp"
expect_exit 0 "$PPPCTL" reload
expect_output "added: new"
expect_output "removed: old"
wait_for 10 "InterfacesAdded" grep -q 'member=InterfacesAdded' "$TMP/monitor.out"
wait_for 10 "InterfacesRemoved" grep -q 'member=InterfacesRemoved' "$TMP/monitor.out"
grep -A2 'member=InterfacesAdded' "$TMP/monitor.out" | grep -q '/org/freedesktop/ppp1/link/new' || fail "InterfacesAdded is not for new"
grep -A2 'member=InterfacesRemoved' "$TMP/monitor.out" | grep -q '/org/freedesktop/ppp1/link/old' || fail "InterfacesRemoved is not for old"
expect_exit 0 bus get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link Device
expect_output '^s "/dev/pppkit-test-other-tty"$'
wait_for 10 "PropertiesChanged for Device" grep -q 'string "/dev/pppkit-test-other-tty"' "$TMP/monitor.out"
wait_for 10 "pppctl monitor to show the new peer" grep -q "new: added" "$TMP/pppctl-monitor.out"
wait_for 10 "pppctl monitor to show the removed peer" grep -q "old: removed" "$TMP/pppctl-monitor.out"
pass "Reload: InterfacesAdded, InterfacesRemoved, changed Device; pppctl reload and monitor show them"

# --- pppctl version
expect_exit 0 "$PPPCTL" version
expect_output "^pppctl $PPPKIT_VERSION\$"
expect_output "^pppkitd $PPPKIT_VERSION\$"
pass "pppctl version"

# --- pppctl monitor notices pppkitd stopping (and keeps watching for its return)
kill -TERM "$DAEMON_PID"
set +e; wait "$DAEMON_PID"; rc=$?; set -e
DAEMON_PID=""
[ "$rc" = 0 ] || fail "pppkitd exited $rc"
wait_for 10 "pppctl monitor to see pppkitd stop" grep -q "pppkitd stopped" "$TMP/pppctl-monitor.out"
kill -0 "$PPPCTL_MONITOR_PID" || fail "pppctl monitor exited when pppkitd stopped"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >>"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
wait_for 10 "pppctl monitor to see pppkitd start" grep -q "pppkitd started" "$TMP/pppctl-monitor.out"
wait_for 10 "pppctl monitor to list the links again" bash -c "[ \$(grep -c 'new: Disconnected' '$TMP/pppctl-monitor.out') -ge 1 ]"
kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" || true; DAEMON_PID=""
expect_exit 1 "$PPPCTL" log isp
expect_output "pppkitd is not running"
pass "pppctl monitor follows pppkitd stopping and starting"
echo "PASS"
