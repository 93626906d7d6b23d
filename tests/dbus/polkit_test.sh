#!/usr/bin/env bash
# pppkitd with Debian's real polkitd on a private system-like bus, with the
# repository's polkit/org.freedesktop.ppp1.policy and .rules installed (only
# those) in a private mount namespace of polkitd's: user alice (in group dip)
# connects and disconnects as a non-root process; mallory (not in dip) gets
# NotAuthorized for Connect, Disconnect and Reload; both read the status; a
# caller that exits right after sending Connect gets nothing done; on a
# terminal, pppctl lets polkit ask for a password.
#
#   polkit_test.sh   needs PPPKIT_BUILD (build tree); root (users, mount
#                    namespace, owning org.freedesktop.ppp1); polkitd, socat
set -euo pipefail
: "${PPPKIT_BUILD:?set PPPKIT_BUILD to the build tree}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PRIVATE_BUS_CONFIG=$HERE/polkit-bus.conf
source "$HERE/private-bus.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (test users, a mount namespace for polkitd, owning org.freedesktop.ppp1)"
  exit 77
fi
for tool in /usr/lib/polkit-1/polkitd /usr/bin/pkttyagent socat setpriv unshare useradd script; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/lib/deps.sh installs it)"; exit 77; }
done
getent group dip >/dev/null || { echo "SKIP: group dip does not exist"; exit 77; }

source "$HERE/private-polkit.sh"
private_polkit_users || { echo "FAIL: cannot set up the test users" >&2; exit 1; }

PPPKITD=$PPPKIT_BUILD/service/pppkitd
PPPCTL=$PPPKIT_BUILD/service/pppctl/pppctl
TMP=$(mktemp -d /tmp/pppkit-polkit.XXXXXX)
chmod 755 "$TMP"   # alice and mallory must reach the bus socket
DAEMON_PID="" SOCAT_PID="" AGENT_PID=""
cleanup() {
  local rc=$?
  for pid in "$AGENT_PID" "$DAEMON_PID" "${PRIVATE_POLKIT_PID:-}" "$SOCAT_PID"; do [ -n "$pid" ] && { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null || true; done
  private_bus_stop
  if [ $rc -ne 0 ]; then
    for f in "$TMP"/pppkitd.log "$TMP"/polkitd.log; do [ -f "$f" ] && { echo "----- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  rm -rf "$TMP"
  return $rc
}
trap cleanup EXIT

as() { local user=$1; shift; setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups "$@"; }
# run_as USER CMD...: keeps stdout+stderr in $OUT and the status in $RC.
run_as() {
  local user=$1; shift
  set +e
  # stdin is never a terminal here, so pppctl never starts a password prompt
  if [ "$user" = root ]; then OUT=$("$@" 2>&1 </dev/null); else OUT=$(as "$user" "$@" 2>&1 </dev/null); fi
  RC=$?
  set -e
  printf '%s\n' "$OUT" | sed 's/^/    | /'
}
manager() {  # manager USER METHOD ARGS...: a Manager method through dbus-send (prints error names)
  local user=$1 method=$2; shift 2
  run_as "$user" dbus-send --bus="$DBUS_SYSTEM_BUS_ADDRESS" --print-reply --reply-timeout=20000 \
    --dest=org.freedesktop.ppp1 /org/freedesktop/ppp1 "org.freedesktop.ppp1.Manager.$method" "$@"
}
expect_ok() { [ "$RC" = 0 ] || fail "$1: failed"; }
expect_not_authorized() {
  [ "$RC" != 0 ] || fail "$1: succeeded"
  grep -q "org.freedesktop.ppp1.Error.NotAuthorized" <<<"$OUT" || fail "$1: not org.freedesktop.ppp1.Error.NotAuthorized"
}
state() {
  busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp \
    org.freedesktop.ppp1.Link State | sed -n 's/^s "\(.*\)"$/\1/p'
}
expect_state() { [ "$(state)" = "$1" ] || fail "isp is $(state), expected $1 ($2)"; }
state_is() { [ "$(state)" = "$1" ]; }

# --- a peer that stays Connecting until it is disconnected: a pty for a
# device and a connect script that waits
socat PTY,link="$TMP/modem",rawer PTY,link="$TMP/line",rawer >"$TMP/socat.log" 2>&1 &
SOCAT_PID=$!
wait_for 10 "socat's pty" test -e "$TMP/modem"
mkdir -p "$TMP/etc/ppp/peers" "$TMP/run"
echo "noauth" > "$TMP/etc/ppp/options"
printf '%s 115200\nlocal\nconnect "exec sleep 120"\n' "$TMP/modem" > "$TMP/etc/ppp/peers/isp"

# --- bus, polkitd (private mount namespace: only our actions and rules), pppkitd
private_bus_start "$TMP/bus"
chmod 755 "$TMP/bus"
private_polkit_start "$TMP/polkit" "$TMP/polkitd.log" || fail "polkitd did not appear on the private bus"
pass "polkitd owns org.freedesktop.PolicyKit1 on the private bus"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not appear on the bus"

# --- alice (dip) connects and disconnects as herself, with pppctl
run_as alice "$PPPCTL" connect isp
expect_ok "alice: pppctl connect isp"
wait_for 10 "isp to be Connecting" state_is Connecting
run_as mallory "$PPPCTL" status isp
expect_ok "mallory: pppctl status isp"
grep -q "^isp: Connecting" <<<"$OUT" || fail "mallory's status does not show Connecting"
run_as alice "$PPPCTL" status isp
expect_ok "alice: pppctl status isp"
pass "alice connected; alice and mallory read the status"

# --- mallory (not dip) may not disconnect it, connect, or reload
manager mallory Disconnect string:isp
expect_not_authorized "mallory Disconnect"
grep -q "disconnect isp .*group dip" <<<"$OUT" || fail "mallory's refusal does not say what to do"
expect_state Connecting "after mallory's Disconnect"
run_as mallory "$PPPCTL" disconnect isp
[ "$RC" != 0 ] && grep -q "NotAuthorized" <<<"$OUT" || fail "mallory: pppctl disconnect was not refused"
manager mallory Reload
expect_not_authorized "mallory Reload"
run_as mallory "$PPPCTL" reload
[ "$RC" = 1 ] || fail "mallory: pppctl reload exited $RC, expected 1"
grep -q "Only an administrator may change pppkitd's configuration; run this as root" <<<"$OUT" \
  || fail "mallory: pppctl reload does not say what to do"
pass "mallory: NotAuthorized for Disconnect and Reload"

run_as alice "$PPPCTL" disconnect isp
expect_ok "alice: pppctl disconnect isp"
wait_for 10 "isp to be Disconnected" state_is Disconnected
manager mallory Connect string:isp
expect_not_authorized "mallory Connect"
expect_state Disconnected "after mallory's Connect"
pass "alice disconnected; mallory: NotAuthorized for Connect"

# --- on a terminal, pppctl's text agent (pkttyagent) lets polkit ask for an
# administrator's password, with the peer in the message; hanging up instead
# of answering ends the check and nothing is done
verdicts() { grep -c 'refused to let\|left the bus before' "$TMP/pppkitd.log" || true; }
verdicts_before=$(verdicts)
# (setpriv itself in the background, not a function: $! must be script's pid)
setpriv --reuid=mallory --regid="$(id -g mallory)" --init-groups \
  script -qfec "$PPPCTL connect isp" /dev/null </dev/null >"$TMP/agent.out" 2>&1 &
AGENT_PID=$!
wait_for 20 "polkit's password prompt on mallory's terminal" grep -q "Password:" "$TMP/agent.out"
sed 's/^/    | /' "$TMP/agent.out"
grep -q "AUTHENTICATING FOR org.freedesktop.ppp1.connect" "$TMP/agent.out" || fail "the prompt does not name the action"
grep -q "Authentication is required to connect the dial-up link isp\." "$TMP/agent.out" \
  || fail "the prompt does not name the peer (detail peer in the policy's message)"
kill -TERM "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=""
# pppctl or its agent may leave first: the check is cancelled, or polkit answers no
wait_for 10 "pppkitd to drop the unanswered check" bash -c "[ \$(grep -c 'refused to let\|left the bus before' '$TMP/pppkitd.log') -gt $verdicts_before ]"
wait_for 10 "the text agent to leave" grep -q "Unregistered Authentication Agent" "$TMP/polkitd.log"
expect_state Disconnected "after an unanswered password prompt"
pass "on a terminal polkit asks for a password (message names isp); hanging up does nothing"

# --- alice may not reload either (.manage needs an administrator); root may
manager alice Reload
expect_not_authorized "alice Reload"
manager root Reload
expect_ok "root Reload"
pass "Reload: administrators only"

# --- a caller that exits right after sending: the check is on its bus name,
# which is gone, so it cannot be mistaken for anyone else
count() { grep -c "$1" "$TMP/pppkitd.log" || true; }
refused_before=$(verdicts)
attempts_before=$(count 'isp: Disconnected -> Connecting')
run_as mallory dbus-send --bus="$DBUS_SYSTEM_BUS_ADDRESS" --type=method_call --dest=org.freedesktop.ppp1 \
  /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager.Connect string:isp
expect_ok "mallory's fire-and-forget Connect was sent"
wait_for 20 "pppkitd to refuse the vanished caller" \
  bash -c "[ \$(grep -c 'refused to let\|left the bus before' '$TMP/pppkitd.log') -gt $refused_before ]"
expect_state Disconnected "after a vanished caller's Connect"
[ "$(count 'isp: Disconnected -> Connecting')" = "$attempts_before" ] || fail "the vanished caller's Connect started an attempt"
pass "a caller that left before the check got nothing done"

kill -TERM "$DAEMON_PID"
set +e; wait "$DAEMON_PID"; rc=$?; set -e
DAEMON_PID=""
[ "$rc" = 0 ] || fail "pppkitd exited $rc"
echo "PASS"
