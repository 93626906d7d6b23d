#!/usr/bin/env bash
# pppkit-tray as an unprivileged user against the real pppkitd, Debian's
# polkitd with the repository's policy and rules, and pppkit-sim, on a private
# bus in a network namespace of their own: alice (in group dip) connects
# through the menu with no password prompt; mallory (not in dip) gets the
# service's NotAuthorized message as a notification.
#
#   polkit_test.sh PATH/TO/test_tray_polkit
# Needs PPPKIT_ROOT, PPPKIT_BUILD; root (users, namespaces); polkitd.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"
# The bus config that lets polkitd own its name.
PRIVATE_BUS_CONFIG=$PPPKIT_ROOT/tests/dbus/polkit-bus.conf
POLKITD=/usr/lib/polkit-1/polkitd

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (test users, namespaces, owning org.freedesktop.ppp1)"
  exit 77
fi
for tool in "$POLKITD" setpriv unshare useradd; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/lib/deps.sh installs it)"; exit 77; }
done
getent group dip >/dev/null || { echo "SKIP: group dip does not exist"; exit 77; }
sandbox_enter_netns bash "$0" "$@"
test_binary=${1:?usage: polkit_test.sh TEST_BINARY}

fail() {
  echo "FAIL: $*" >&2
  local f
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 40 "$f"; done >&2
  exit 1
}
# The same two users as tests/dbus/polkit_test.sh (created once, shared).
ensure_user() {  # ensure_user NAME [GROUP]
  id "$1" >/dev/null 2>&1 || useradd --no-create-home --shell /usr/sbin/nologin ${2:+--groups "$2"} "$1" 2>/dev/null \
    || id "$1" >/dev/null 2>&1 || fail "cannot create user $1"
  if [ -n "${2:-}" ] && ! id -nG "$1" | grep -qw "$2"; then usermod -aG "$2" "$1"; fi
  if [ -z "${2:-}" ] && id -nG "$1" | grep -qw dip; then fail "user $1 is in group dip; this test needs it outside"; fi
}
ensure_user alice dip
ensure_user mallory

sandbox_init
chmod 755 "$SANDBOX"   # alice and mallory reach the bus socket in it
sandbox_start_bus

# polkitd sees exactly the repository's actions and rules (private mount namespace).
mkdir -p "$SANDBOX/polkit/actions" "$SANDBOX/polkit/rules.d" "$SANDBOX/polkit/empty"
cp "$PPPKIT_ROOT/polkit/org.freedesktop.ppp1.policy" "$SANDBOX/polkit/actions/"
cp "$PPPKIT_ROOT/polkit/org.freedesktop.ppp1.rules" "$SANDBOX/polkit/rules.d/"
chmod -R a+rX "$SANDBOX/polkit"
unshare --mount --propagation private sh -ec '
  mount --bind "$1/actions" /usr/share/polkit-1/actions
  mount --bind "$1/rules.d" /etc/polkit-1/rules.d
  mount --bind "$1/empty" /usr/share/polkit-1/rules.d
  exec "$2" --no-debug' sh "$SANDBOX/polkit" "$POLKITD" >"$SANDBOX/log/polkitd.log" 2>&1 &
SANDBOX_PIDS+=($!)
private_bus_wait_name org.freedesktop.PolicyKit1 20 || fail "polkitd did not appear on the private bus"

sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53
sandbox_start_daemon

# run_tray_test USER EXPECT: the QtTest binary as USER (its own settings dir).
run_tray_test() {
  local user=$1 expect=$2 home=$SANDBOX/home-$1
  mkdir -p "$home" && chown "$user" "$home" && chmod 700 "$home"
  setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
    env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home" QT_QPA_PLATFORM=offscreen \
    DBUS_SYSTEM_BUS_ADDRESS="$DBUS_SYSTEM_BUS_ADDRESS" PPPKIT_TEST_EXPECT="$expect" "$test_binary" \
    || fail "$user: the tray test failed"
}
run_tray_test alice authorized
run_tray_test mallory refused
echo "PASS: alice (dip) connected from the menu; mallory saw NotAuthorized"
