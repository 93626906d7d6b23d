# shellcheck shell=bash
# Debian's polkitd for tests, on the private bus of private-bus.sh (start that
# with PRIVATE_BUS_CONFIG=polkit-bus.conf, which lets polkitd own its name),
# seeing exactly the repository's polkit/ actions and rules: they are
# bind-mounted over /usr/share/polkit-1/actions and /etc/polkit-1/rules.d (and
# an empty directory over /usr/share/polkit-1/rules.d) in a mount namespace of
# polkitd's own, so the host's polkit configuration is never touched.
# polkitd starts as root and drops to user polkitd itself.
#
# Source it. Needs root.
#   private_polkit_users          creates the test users if missing: alice (in
#                                 group dip) and mallory (not in dip)
#   private_polkit_start DIR LOG  copies the policy and rules into DIR, starts
#                                 polkitd (output to LOG), waits until it owns
#                                 org.freedesktop.PolicyKit1; exports PRIVATE_POLKIT_PID
#   private_polkit_stop

PRIVATE_POLKITD=/usr/lib/polkit-1/polkitd
PRIVATE_POLKIT_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# private_polkit_ensure_user NAME [GROUP]: other tests may create the same
# users at the same time, so a failed useradd is fine if the user exists now.
private_polkit_ensure_user() {
  id "$1" >/dev/null 2>&1 || useradd --no-create-home --shell /usr/sbin/nologin ${2:+--groups "$2"} "$1" 2>/dev/null \
    || id "$1" >/dev/null 2>&1 || { echo "cannot create user $1" >&2; return 1; }
  if [ -n "${2:-}" ] && ! id -nG "$1" | grep -qw "$2"; then usermod -aG "$2" "$1" || return 1; fi
  if [ -z "${2:-}" ] && id -nG "$1" | grep -qw dip; then
    echo "user $1 exists and is in group dip; the tests need it outside dip" >&2
    return 1
  fi
}

private_polkit_users() {
  private_polkit_ensure_user alice dip && private_polkit_ensure_user mallory
}

private_polkit_start() {
  local dir=$1 log=$2
  mkdir -p "$dir/actions" "$dir/rules.d" "$dir/empty" || return 1
  cp "$PRIVATE_POLKIT_REPO/polkit/org.freedesktop.ppp1.policy" "$dir/actions/" || return 1
  cp "$PRIVATE_POLKIT_REPO/polkit/org.freedesktop.ppp1.rules" "$dir/rules.d/" || return 1
  chmod -R a+rX "$dir"   # read by user polkitd
  # Without --no-debug polkitd logs its decisions and agent registrations to LOG.
  DBUS_SYSTEM_BUS_ADDRESS=$DBUS_SYSTEM_BUS_ADDRESS unshare --mount --propagation private sh -ec '
    mount --bind "$1/actions" /usr/share/polkit-1/actions
    mount --bind "$1/rules.d" /etc/polkit-1/rules.d
    mount --bind "$1/empty" /usr/share/polkit-1/rules.d
    exec "$2"' sh "$dir" "$PRIVATE_POLKITD" >"$log" 2>&1 &
  PRIVATE_POLKIT_PID=$!
  export PRIVATE_POLKIT_PID
  private_bus_wait_name org.freedesktop.PolicyKit1 20
}

private_polkit_stop() {
  [ -n "${PRIVATE_POLKIT_PID:-}" ] || return 0
  kill -TERM "$PRIVATE_POLKIT_PID" 2>/dev/null || true
  wait "$PRIVATE_POLKIT_PID" 2>/dev/null || true
  PRIVATE_POLKIT_PID=""
}
