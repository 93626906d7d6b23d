#!/usr/bin/env bash
# pppkitd's authorization against a fake polkit (fake_polkit) on a private
# system-like bus: what it asks polkit (subject kind system-bus-name with the
# caller's unique name, action, detail peer, AllowUserInteraction only when
# the caller allowed interactive authorization), that it obeys the answer,
# fails closed (polkit errors, polkit not on the bus), skips the check for
# uid 0, keeps serving while a check is pending, and cancels a check whose
# caller left the bus without doing anything.
#
#   polkit_fake_test.sh   needs PPPKIT_BUILD (build tree) and FAKE_POLKIT (the
#                         fake_polkit binary), BURST_CLIENT; root (to own the names and to
#                         run callers as user nobody)
set -euo pipefail
: "${PPPKIT_BUILD:?set PPPKIT_BUILD to the build tree}" "${FAKE_POLKIT:?set FAKE_POLKIT to the fake_polkit binary}" \
  "${BURST_CLIENT:?set BURST_CLIENT to the burst_client binary}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PRIVATE_BUS_CONFIG=$HERE/polkit-bus.conf
source "$HERE/private-bus.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (own org.freedesktop.ppp1, run callers as another user)"
  exit 77
fi
command -v setpriv >/dev/null || { echo "SKIP: setpriv (util-linux) is missing"; exit 77; }

PPPKITD=$PPPKIT_BUILD/service/pppkitd
TMP=$(mktemp -d /tmp/pppkit-polkit-fake.XXXXXX)
chmod 755 "$TMP"   # callers run as nobody and must reach the bus socket
DAEMON_PID="" FAKE_PID="" HELD_PID=""
cleanup() {
  local rc=$?
  for pid in "$HELD_PID" "$FAKE_PID" "$DAEMON_PID"; do [ -n "$pid" ] && { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null || true; done
  private_bus_stop
  if [ $rc -ne 0 ]; then
    for f in "$TMP"/pppkitd.log "$TMP"/polkit.log; do [ -f "$f" ] && { echo "----- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  rm -rf "$TMP"
  return $rc
}
trap cleanup EXIT

as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
# call_as WHO METHOD ARGS...: a Manager method through dbus-send (which prints
# the error name); keeps stdout+stderr in $OUT and the status in $RC.
call_as() {
  local who=$1 method=$2; shift 2
  local cmd=(dbus-send --bus="$DBUS_SYSTEM_BUS_ADDRESS" --print-reply --reply-timeout=10000
             --dest=org.freedesktop.ppp1 /org/freedesktop/ppp1 "org.freedesktop.ppp1.Manager.$method" "$@")
  set +e
  if [ "$who" = root ]; then OUT=$("${cmd[@]}" 2>&1); else OUT=$(as_nobody "${cmd[@]}" 2>&1); fi
  RC=$?
  set -e
  printf '%s\n' "$OUT" | sed 's/^/    | /'
}
expect_ok() { [ "$RC" = 0 ] || fail "$1: the call failed"; }
expect_error() {  # expect_error ERROR-NAME WHAT
  [ "$RC" != 0 ] || fail "$2: the call succeeded"
  grep -q "org.freedesktop.ppp1.Error.$1" <<<"$OUT" || fail "$2: not org.freedesktop.ppp1.Error.$1"
}
answers() { printf '%s\n' "$@" >"$TMP/answers"; }
checks() { grep -c '^check ' "$TMP/polkit.log" || true; }
last_check() { grep '^check ' "$TMP/polkit.log" | tail -n1; }
prop() { bus get-property org.freedesktop.ppp1 "/org/freedesktop/ppp1/link/$1" org.freedesktop.ppp1.Link "$2"; }

# --- config: peers whose device cannot be opened (an attempt ends at once
# with DeviceError, exit status 7, which shows that the attempt was made)
mkdir -p "$TMP/etc/ppp/peers" "$TMP/run"
echo "noauth" > "$TMP/etc/ppp/options"
for peer in isp other held; do
  printf '/dev/pppkit-test-no-such-tty 115200\nlocal\n' > "$TMP/etc/ppp/peers/$peer"
done

private_bus_start "$TMP/bus"
chmod 755 "$TMP/bus"
answers
"$FAKE_POLKIT" "$TMP/answers" "$TMP/polkit.log" >"$TMP/fake.out" 2>&1 &
FAKE_PID=$!
private_bus_wait_name org.freedesktop.PolicyKit1 10 || fail "the fake polkit did not appear on the bus"
"$PPPKITD" --config-dir "$TMP/etc/ppp" --run-dir "$TMP/run" >"$TMP/pppkitd.log" 2>&1 &
DAEMON_PID=$!
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not appear on the bus"
touch "$TMP/polkit.log"
SERVICE_NAME=$(bus call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetNameOwner s org.freedesktop.ppp1 | sed -n 's/^s "\(.*\)"$/\1/p')

# --- uid 0 is not checked: polkit says no to everything, root connects
call_as root Connect string:isp
expect_ok "root Connect"
[ "$(checks)" = 0 ] || fail "a call from uid 0 was sent to polkit"
wait_for 10 "isp's attempt to end" bash -c "busctl --address='$DBUS_SYSTEM_BUS_ADDRESS' get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link ExitStatus | grep -qx 'i 7'"
pass "uid 0 skips polkit"

# --- a no is NotAuthorized, and what polkit was asked is exact
call_as nobody Connect string:other
expect_error NotAuthorized "Connect refused by polkit"
grep -q "You may not connect other; ask an administrator to add you to group dip\." <<<"$OUT" || fail "the refusal does not say what to do"
read -r _ kind name action peer flags id <<<"$(last_check)"
[ "$kind" = system-bus-name ] || fail "subject kind is '$kind', not system-bus-name"
[[ "$name" =~ ^:1\.[0-9]+$ ]] || fail "subject name '$name' is not a unique bus name"
[ "$name" != "$SERVICE_NAME" ] || fail "the subject is pppkitd itself"
[ "$action" = org.freedesktop.ppp1.connect ] || fail "action is '$action'"
[ "$peer" = peer=other ] || fail "detail is '$peer', not peer=other"
[ "$flags" = flags=0 ] || fail "'$flags' without an interactive caller"
[ "$(prop other ExitStatus)" = "i 0" ] || fail "the refused Connect made an attempt anyway"
pass "NotAuthorized; subject system-bus-name $name, detail peer, flags 0"

# --- the caller's interactive flag becomes AllowUserInteraction
as_nobody busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" --allow-interactive-authorization=yes \
  call org.freedesktop.ppp1 /org/freedesktop/ppp1/link/other org.freedesktop.ppp1.Link Connect >/dev/null 2>&1 \
  && fail "Link.Connect succeeded although polkit said no"
read -r _ kind name action peer flags id <<<"$(last_check)"
[ "$flags" = flags=1 ] || fail "'$flags' for a caller that allows interactive authorization"
[ "$peer" = peer=other ] || fail "Link.Connect passed '$peer'"
as_nobody busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" --allow-interactive-authorization=no \
  call org.freedesktop.ppp1 /org/freedesktop/ppp1/link/other org.freedesktop.ppp1.Link Connect >/dev/null 2>&1 || true
read -r _ kind name action peer flags id <<<"$(last_check)"
[ "$flags" = flags=0 ] || fail "'$flags' for a caller that does not allow interactive authorization"
# pppctl allows it when a person is at a terminal (stdin is a tty), else not
PPPCTL=$PPPKIT_BUILD/service/pppctl/pppctl
as_nobody script -qec "$PPPCTL connect other" /dev/null >"$TMP/script.out" 2>&1 </dev/null || true
read -r _ kind name action peer flags id <<<"$(last_check)"
[ "$flags" = flags=1 ] || fail "pppctl on a terminal sent '$flags'"
grep -q "NotAuthorized" "$TMP/script.out" || fail "pppctl on a terminal did not report NotAuthorized"
as_nobody "$PPPCTL" connect other </dev/null >/dev/null 2>&1 && fail "pppctl connect succeeded although polkit said no"
read -r _ kind name action peer flags id <<<"$(last_check)"
[ "$flags" = flags=0 ] || fail "pppctl without a terminal sent '$flags'"
pass "AllowUserInteraction follows the caller's flag (busctl; pppctl on a terminal)"

# --- a yes lets the call through
answers "org.freedesktop.ppp1.connect yes" "org.freedesktop.ppp1.disconnect yes"
call_as nobody Connect string:other
expect_ok "Connect allowed by polkit"
wait_for 10 "other's attempt to end" bash -c "busctl --address='$DBUS_SYSTEM_BUS_ADDRESS' get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/other org.freedesktop.ppp1.Link ExitStatus | grep -qx 'i 7'"
call_as nobody Disconnect string:other
expect_error NotConnected "authorized Disconnect of a Disconnected link"
last_check | grep -q ' org.freedesktop.ppp1.disconnect peer=other ' || fail "Disconnect asked for the wrong action"
pass "authorized calls run (Connect made an attempt; Disconnect reached the link)"

# --- challenge and errors are no; Reload is .manage without a peer
answers "org.freedesktop.ppp1.disconnect challenge" "org.freedesktop.ppp1.manage error"
call_as nobody Disconnect string:other
expect_error NotAuthorized "Disconnect needing authentication"
grep -q "only with an administrator's password" <<<"$OUT" || fail "the challenge is not explained"
call_as nobody Reload
expect_error NotAuthorized "Reload when polkit fails"
grep -q "make sure polkitd is installed and running" <<<"$OUT" || fail "a polkit failure does not say what to do"
last_check | grep -q ' org.freedesktop.ppp1.manage peer=- ' || fail "Reload asked '$(last_check)'"
call_as nobody Connect string:nosuch
expect_error NoSuchLink "Connect of an unknown peer"
pass "challenge and polkit errors are NotAuthorized"

# --- a pending check does not block others; a caller that leaves is cancelled
answers "org.freedesktop.ppp1.connect hold"
before=$(checks)
# (setpriv itself in the background, not a function: $! must be the caller)
setpriv --reuid=nobody --regid=nogroup --clear-groups \
  dbus-send --bus="$DBUS_SYSTEM_BUS_ADDRESS" --print-reply --reply-timeout=60000 --dest=org.freedesktop.ppp1 \
  /org/freedesktop/ppp1 org.freedesktop.ppp1.Manager.Connect string:held >/dev/null 2>&1 &
HELD_PID=$!
wait_for 10 "the held check to reach polkit" bash -c "[ \$(grep -c '^check ' '$TMP/polkit.log') -gt $before ]"
read -r _ kind held_name action peer flags id <<<"$(last_check)"
[ "$peer" = peer=held ] || fail "held check is for '$peer'"
call_as nobody ListLinks
expect_ok "ListLinks while a check is pending"
grep -q '"held"' <<<"$OUT" || fail "ListLinks while a check is pending lacks held"
kill -KILL "$HELD_PID"
wait "$HELD_PID" 2>/dev/null || true
HELD_PID=""
wait_for 10 "CancelCheckAuthorization ${id#id=}" grep -qx "cancel ${id#id=}" "$TMP/polkit.log"
wait_for 10 "pppkitd to drop the check" grep -q "$held_name left the bus before it was authorized" "$TMP/pppkitd.log"
[ "$(prop held State)" = 's "Disconnected"' ] || fail "held is $(prop held State)"
[ "$(prop held ExitStatus)" = "i 0" ] || fail "the cancelled Connect made an attempt"
pass "served others while a check was pending; cancelled it when the caller left"

# --- one caller cannot pile up checks: beyond 16 pending, LimitsExceeded at
# once; the 16 held ones are cancelled when the caller leaves
answers "org.freedesktop.ppp1.connect hold"
checks_before=$(checks)
cancels_before=$(grep -c '^cancel ' "$TMP/polkit.log" || true)
setpriv --reuid=nobody --regid=nogroup --clear-groups "$BURST_CLIENT" 20 held >"$TMP/burst.out" 2>&1 &
HELD_PID=$!
wait_for 10 "4 LimitsExceeded replies" \
  bash -c "[ \$(grep -c '^org.freedesktop.DBus.Error.LimitsExceeded\$' '$TMP/burst.out') -ge 4 ]"
wait_for 10 "16 held checks" bash -c "[ \$(grep -c '^check ' '$TMP/polkit.log') -ge $((checks_before + 16)) ]"
[ "$(checks)" = $((checks_before + 16)) ] || fail "$(( $(checks) - checks_before )) checks reached polkit, expected 16"
[ "$(grep -vc '^org.freedesktop.DBus.Error.LimitsExceeded$' "$TMP/burst.out")" = 0 ] \
  || fail "held calls were answered: $(cat "$TMP/burst.out")"
kill -TERM "$HELD_PID"; wait "$HELD_PID" 2>/dev/null || true; HELD_PID=""
wait_for 10 "the 16 checks to be cancelled" \
  bash -c "[ \$(grep -c '^cancel ' '$TMP/polkit.log') -ge $((cancels_before + 16)) ]"
[ "$(prop held ExitStatus)" = "i 0" ] || fail "a cancelled call made an attempt"
pass "at most 16 pending checks per caller; all cancelled when it left"

# --- polkit not on the bus: no
kill -TERM "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=""
wait_for 10 "the fake polkit to leave the bus" bash -c "! busctl --address='$DBUS_SYSTEM_BUS_ADDRESS' status org.freedesktop.PolicyKit1"
call_as nobody Connect string:held
expect_error NotAuthorized "Connect without polkit"
[ "$(prop held ExitStatus)" = "i 0" ] || fail "Connect without polkit made an attempt"
call_as root Reload
expect_ok "root Reload without polkit"
pass "fails closed without polkit"

kill -TERM "$DAEMON_PID"
set +e; wait "$DAEMON_PID"; rc=$?; set -e
DAEMON_PID=""
[ "$rc" = 0 ] || fail "pppkitd exited $rc"
echo "PASS"
