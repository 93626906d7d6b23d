#!/usr/bin/env bash
# The running pppkitd's D-Bus introspection must match the contract XML in
# dbus/ (org.freedesktop.ppp1.Manager.xml, org.freedesktop.ppp1.Link.xml):
# same methods (argument names, types, directions), properties (type, access)
# and signals (argument types). compare_introspection.py does the comparison.
#
#   introspection_test.sh   needs PPPKIT_BUILD (build tree), python3; root (only
#                           root may own org.freedesktop.ppp1 under the repo's
#                           bus policy)
set -euo pipefail
: "${PPPKIT_BUILD:?set PPPKIT_BUILD to the build tree}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONTRACTS=$(cd "$HERE/../../dbus" && pwd)
source "$HERE/private-bus.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the bus policy lets only root own org.freedesktop.ppp1"
  exit 77
fi
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)
if [ -z "$PYTHON" ]; then
  echo "SKIP: python3 is not installed"
  exit 77
fi

PPPKITD=$PPPKIT_BUILD/service/pppkitd
TMP=$(mktemp -d /tmp/pppkit-introspection-test.XXXXXX)
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

# introspect PATH FILE: the Introspect() XML of PATH on org.freedesktop.ppp1.
introspect() {
  bus introspect --xml-interface org.freedesktop.ppp1 "$1" >"$2" || fail "Introspect $1 failed"
  [ -s "$2" ] || fail "Introspect $1 returned nothing"
}
# compare CONTRACT INTROSPECTED: runs the comparer; any difference fails the test.
compare() {
  "$PYTHON" "$HERE/compare_introspection.py" "$1" "$2" || fail "$(basename "$1") and the service differ (diff above)"
}

# --- a config dir in pppd's layout with one peer (its device is never opened)
mkdir -p "$TMP/etc/ppp/peers" "$TMP/run"
echo "noauth" > "$TMP/etc/ppp/options"
printf '/dev/pppkit-test-no-such-tty 115200\nlocal\n' > "$TMP/etc/ppp/peers/isp"

# --- bus and daemon
private_bus_start "$TMP/bus"
echo "private bus at $DBUS_SYSTEM_BUS_ADDRESS (pid $PRIVATE_BUS_PID)"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not appear on the bus"
pass "pppkitd owns org.freedesktop.ppp1"

# --- the Manager object
introspect /org/freedesktop/ppp1 "$TMP/manager.xml"
compare "$CONTRACTS/org.freedesktop.ppp1.Manager.xml" "$TMP/manager.xml"
pass "Manager introspection matches the contract"

# --- the isp Link object, at the path the Manager gives for it
LINK_PATH=$(bus call org.freedesktop.ppp1 /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager GetLink s isp) \
  || fail "GetLink isp failed"
LINK_PATH=$(sed -n 's/^o "\(.*\)"$/\1/p' <<<"$LINK_PATH")
[ -n "$LINK_PATH" ] || fail "GetLink isp did not return an object path"
introspect "$LINK_PATH" "$TMP/link.xml"
compare "$CONTRACTS/org.freedesktop.ppp1.Link.xml" "$TMP/link.xml"
pass "Link introspection ($LINK_PATH) matches the contract"

kill -TERM "$DAEMON_PID"
set +e; wait "$DAEMON_PID"; set -e
DAEMON_PID=""

echo "PASS"
