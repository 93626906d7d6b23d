#!/usr/bin/env bash
# pppkitd on a private system-like bus, driven by pppctl and busctl: peer
# discovery, object paths, introspection, typed errors and exit codes, Reload,
# clean exit on SIGTERM. No modem: the one device is a path that cannot be
# opened. (Dialing for real is the end-to-end tests' job: dial_test.sh.)
#
#   service_test.sh     needs PPPKIT_BUILD (build tree); root (only root may own
#                       org.freedesktop.ppp1 under the repo's bus policy)
set -euo pipefail
: "${PPPKIT_BUILD:?set PPPKIT_BUILD to the build tree}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/private-bus.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the bus policy lets only root own org.freedesktop.ppp1"
  exit 77
fi

PPPKITD=$PPPKIT_BUILD/service/pppkitd
PPPCTL=$PPPKIT_BUILD/service/pppctl/pppctl
TMP=$(mktemp -d /tmp/pppkit-dbus-test.XXXXXX)
DAEMON_PID=""
cleanup() {
  local rc=$?
  [ -n "$DAEMON_PID" ] && kill -KILL "$DAEMON_PID" 2>/dev/null
  private_bus_stop
  if [ $rc -ne 0 ] && [ -f "$TMP/pppkitd.log" ]; then
    echo "----- pppkitd log" >&2; tail -n 50 "$TMP/pppkitd.log" >&2
  fi
  rm -rf "$TMP"
  return $rc
}
trap cleanup EXIT


# --- a config dir in pppd's layout
mkdir -p "$TMP/etc/ppp/peers" "$TMP/run"
echo "noauth" > "$TMP/etc/ppp/options"
NO_TTY=/dev/pppkit-test-no-such-tty   # a device that cannot be opened
[ ! -e "$NO_TTY" ] || fail "$NO_TTY exists"
cat > "$TMP/etc/ppp/peers/isp" <<PEER
# the device cannot be opened
$NO_TTY 115200
local
PEER
cp "$TMP/etc/ppp/peers/isp" "$TMP/etc/ppp/peers/my-isp"
cp "$TMP/etc/ppp/peers/isp" "$TMP/etc/ppp/peers/isp~"        # editor backup: not a peer
cp "$TMP/etc/ppp/peers/isp" "$TMP/etc/ppp/peers/.hidden"     # dotfile: not a peer
printf '%s\nno-such-option\n' "$NO_TTY" > "$TMP/etc/ppp/peers/broken"

# --- bus and daemon
private_bus_start "$TMP/bus"
echo "private bus at $DBUS_SYSTEM_BUS_ADDRESS (pid $PRIVATE_BUS_PID)"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not appear on the bus"
pass "pppkitd owns org.freedesktop.ppp1"

# --- list: peer files, minus dotfiles and backups
expect_exit 0 "$PPPCTL" list
expect_output '^isp +Disconnected$'
expect_output '^my-isp +Disconnected$'
expect_output '^broken +Disconnected$'
! grep -qE '(isp~|hidden)' <<<"$OUT" || fail "list shows a backup or a dotfile"
expect_exit 0 "$PPPCTL" list --json
expect_output '"name": "isp", "path": "/org/freedesktop/ppp1/link/isp", "state": "Disconnected"'
pass "list"

# --- object paths are escaped like sd_bus_path_encode
expect_exit 0 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager GetLink s my-isp
expect_output '^o "/org/freedesktop/ppp1/link/my_2disp"$'
expect_exit 0 bus get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/my_2disp org.freedesktop.ppp1.Link Name
expect_output '^s "my-isp"$'
pass "GetLink and escaped paths"

# --- introspection shows the contract; ObjectManager lists every link
expect_exit 0 bus introspect org.freedesktop.ppp1 /org/freedesktop/ppp1
for member in 'org.freedesktop.ppp1.Manager +interface' '\.ListLinks +method +- +a\(sos\)' \
              '\.GetLink +method +s +o' '\.Connect +method +s +o' '\.Disconnect +method +s' '\.Reload +method' \
              'org.freedesktop.DBus.ObjectManager +interface'; do
  expect_output "$member"
done
expect_exit 0 bus introspect org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link
for member in '\.Wait +method +u' '\.StateChanged +signal +sss' '\.LogLine +signal +s' '\.State +property +s' \
              '\.DNS +property +as' '\.ConnectedSince +property +t' '\.ExitStatus +property +i' '\.LastError +property +s'; do
  expect_output "$member"
done
expect_exit 0 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.DBus.ObjectManager GetManagedObjects
expect_output '/org/freedesktop/ppp1/link/isp'
expect_output '/org/freedesktop/ppp1/link/my_2disp'
pass "introspection"

# --- typed errors and exit codes
expect_exit 1 "$PPPCTL" connect nosuch
expect_output 'org\.freedesktop\.ppp1\.Error\.NoSuchLink'
expect_exit 1 "$PPPCTL" status nosuch
expect_output 'Error\.NoSuchLink'
expect_exit 1 "$PPPCTL" disconnect isp
expect_output 'org\.freedesktop\.ppp1\.Error\.NotConnected'
expect_exit 2 "$PPPCTL" connect
expect_exit 2 "$PPPCTL" connect isp --wait=soon
expect_exit 2 "$PPPCTL" frobnicate
expect_exit 1 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link Wait u 1
expect_output 'not connected'
pass "NoSuchLink, NotConnected, usage errors"

# --- a device that cannot be opened: DeviceError, pppd's exit code 7
expect_exit 7 "$PPPCTL" connect isp --wait=5
expect_output 'org\.freedesktop\.ppp1\.Error\.DeviceError'
expect_exit 0 "$PPPCTL" status isp --json
expect_output '^  "state": "Disconnected",$'
expect_output '^  "exit_status": 7,$'
expect_output '^  "last_error": "org\.freedesktop\.ppp1\.Error\.DeviceError",?$'
expect_output "^  \"device\": \"$NO_TTY\",\$"
expect_exit 0 "$PPPCTL" status isp
expect_output '^isp: Disconnected'
expect_output 'Last error: org\.freedesktop\.ppp1\.Error\.DeviceError \(exit status 7\)'
pass "DeviceError, exit 7"

# --- a config error names file:line; pppctl exits 2 (pppd's "error in options")
expect_exit 2 "$PPPCTL" connect broken --wait=5
expect_output 'org\.freedesktop\.ppp1\.Error\.ConfigError'
expect_output "peers/broken:2"
expect_exit 0 "$PPPCTL" status broken --json
expect_output '^  "last_error": "org\.freedesktop\.ppp1\.Error\.ConfigError",?$'
pass "ConfigError"

# --- Reload adds and removes Link objects
printf '%s\n' "$NO_TTY" > "$TMP/etc/ppp/peers/second"
rm "$TMP/etc/ppp/peers/my-isp"
expect_exit 0 bus call org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager Reload
expect_exit 0 "$PPPCTL" list
expect_output '^second +Disconnected$'
! grep -q '^my-isp' <<<"$OUT" || fail "my-isp still listed after its file was removed"
expect_exit 1 "$PPPCTL" status my-isp
expect_output 'NoSuchLink'
expect_exit 0 "$PPPCTL" status --json
expect_output '"name": "second"'
pass "Reload"

# --- SIGTERM: clean exit 0
kill -TERM "$DAEMON_PID"
wait_for 10 "pppkitd to exit" bash -c "! kill -0 $DAEMON_PID"
set +e; wait "$DAEMON_PID"; rc=$?; set -e
DAEMON_PID=""
[ "$rc" = 0 ] || fail "pppkitd exited $rc on SIGTERM"
expect_exit 1 "$PPPCTL" list
expect_output 'pppkitd is not running'
pass "SIGTERM"

echo "PASS"
