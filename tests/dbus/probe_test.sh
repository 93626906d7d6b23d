#!/usr/bin/env bash
# pppctl probe, as a user runs it before setting up a peer: against
# pppkit-sim (a modem answers), a missing device (one sentence, exit 7), a
# port the user may not open (exit 7), a locked one (exit 6), a silent modem
# (exit 8) and a stale lock (ignored). No daemon and no bus are involved.
set -euo pipefail
: "${PPPKIT_BUILD:?}"
PPPCTL=$PPPKIT_BUILD/service/pppctl/pppctl
SIM=$PPPKIT_BUILD/tests/sim/pppkit-sim

TMP=$(mktemp -d /tmp/pppkit-probe-test.XXXXXX)
SIM_PID=""
cleanup() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$TMP/lock"

fail() { echo "FAIL: $*" >&2; [ -f "$TMP/sim.log" ] && { echo "----- sim.log"; cat "$TMP/sim.log"; } >&2; exit 1; }
# expect CODE CMD...: runs CMD, asserts its exit code; stdout in $OUT, stderr in $ERR.
expect() {
  local want=$1; shift
  set +e; "$@" >"$TMP/out" 2>"$TMP/err"; local got=$?; set -e
  OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
  printf '$ %s\n%s\n%s\n' "$*" "$OUT" "$ERR"
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
ready_count() { grep -c "modem ready" "$TMP/sim.log" 2>/dev/null || true; }
# wait_ready N: until the simulator has opened its line N times.
wait_ready() {
  local deadline=$((SECONDS + 10))
  until [ "$(ready_count)" -ge "$1" ] && [ -e "$TMP/ttySIM" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the simulator's line did not come up"
    sleep 0.05
  done
}
start_sim() {
  [ -n "$SIM_PID" ] && { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; }
  rm -f "$TMP/ttySIM"
  "$SIM" --link "$TMP/ttySIM" "$@" >"$TMP/sim.log" 2>&1 &
  SIM_PID=$!
  wait_ready 1
}
one_line() { [ "$(printf '%s\n' "$ERR" | grep -c .)" = 1 ] || fail "the diagnosis is not one line: $ERR"; }

# A modem answers: the replies to AT, ATZ and ATI, and the modem lines.
start_sim
expect 0 "$PPPCTL" probe "$TMP/ttySIM" --speed 115200
grep -q "^$TMP/ttySIM at 115200 bit/s$" <<<"$OUT" || fail "no header line"
grep -q "^  modem lines: none (a pseudo-terminal)$" <<<"$OUT" || fail "the modem lines are not reported"
grep -q "^  AT   -> OK$" <<<"$OUT" || fail "AT was not answered OK"
grep -q "^  ATZ  -> OK$" <<<"$OUT" || fail "ATZ was not answered OK"
grep -q "^  ATI  -> pppkit-sim | OK$" <<<"$OUT" || fail "ATI did not identify the modem"
grep -q "^A modem answers on $TMP/ttySIM.$" <<<"$OUT" || fail "no verdict"
[ -z "$ERR" ] || fail "unexpected diagnosis: $ERR"

# No such device: one sentence, exit 7.
expect 7 "$PPPCTL" probe "/dev/pppkit-test-no-such-tty-$$"
one_line
grep -q "^pppctl: /dev/pppkit-test-no-such-tty-$$: no such device" <<<"$ERR" || fail "missing device not named"
# A bare name means /dev/NAME.
expect 7 "$PPPCTL" probe "pppkit-test-no-such-tty-$$"
grep -q "/dev/pppkit-test-no-such-tty-$$: no such device" <<<"$ERR" || fail "bare name not expanded"
# Not a serial port.
expect 7 "$PPPCTL" probe "$TMP/lock"
one_line
grep -q "is not a serial port" <<<"$ERR" || fail "a directory was not refused as not a serial port"

# Locked by a running program (UUCP lock file naming a live pid): exit 6, who holds it.
wait_ready 2
printf '%10d\n' "$SIM_PID" >"$TMP/lock/LCK..ttySIM"
expect 6 "$PPPCTL" probe "$TMP/ttySIM" --lock-dir "$TMP/lock"
one_line
grep -q "is locked by pppkit-sim (pid $SIM_PID) (lock file $TMP/lock/LCK..ttySIM)" <<<"$ERR" || fail "the lock holder is not named"

# A stale lock (its pid is gone) does not stop the probe.
sh -c 'exit 0' & dead=$!; wait "$dead"
printf '%10d\n' "$dead" >"$TMP/lock/LCK..ttySIM"
expect 0 "$PPPCTL" probe "$TMP/ttySIM" --lock-dir "$TMP/lock"
grep -q "note: stale lock file $TMP/lock/LCK..ttySIM (pid $dead" <<<"$OUT" || fail "the stale lock is not mentioned"
rm -f "$TMP/lock/LCK..ttySIM"

# Permission denied for a user who may not open the port (root only: drop to nobody).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  wait_ready 3
  slave=$(readlink "$TMP/ttySIM")
  chmod 0600 "$slave"
  chmod 0755 "$TMP"
  expect 7 setpriv --reuid=nobody --regid=nogroup --clear-groups "$PPPCTL" probe "$slave"
  one_line
  grep -q "^pppctl: permission denied opening $slave (crw------- root:root): only root may use it" <<<"$ERR" \
    || fail "permission problem not explained"
  # A port of a group (Debian's root:dialout 0660): the advice is to join it.
  chgrp dialout "$slave" && chmod 0660 "$slave"
  expect 7 setpriv --reuid=nobody --regid=nogroup --clear-groups "$PPPCTL" probe "$slave"
  grep -q "(crw-rw---- root:dialout); add yourself to its group: \`sudo usermod -aG dialout nobody\`" <<<"$ERR" \
    || fail "no advice on how to get access"
else
  echo "note: permission case skipped (needs root and setpriv)"
fi

# A silent modem: no answer, exit 8, without waiting for ATZ and ATI.
start_sim --mute
expect 8 "$PPPCTL" probe "$TMP/ttySIM"
one_line
grep -q "no answer from a modem on $TMP/ttySIM at 115200 bit/s" <<<"$ERR" || fail "no-answer diagnosis missing"
grep -q "^  AT   -> (no answer)$" <<<"$OUT" || fail "the unanswered AT is not shown"
if grep -q "ATZ" <<<"$OUT"; then fail "kept probing a silent port"; fi

echo "PASS: probe"
