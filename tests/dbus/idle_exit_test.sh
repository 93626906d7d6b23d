#!/usr/bin/env bash
# pppkitd --idle-timeout on a private system-like bus: it leaves (exit 0,
# name released) once every link is Disconnected and no client that called it
# is still on the bus, and not before.
#
#   idle_exit_test.sh CASE    CASE: idle | client | link | disabled
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (bus policy, netns, TUN).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (only root may own org.freedesktop.ppp1; the link case needs a netns)"
  exit 77
fi
sandbox_enter_netns bash "$0" "$@"

fail() { echo "FAIL: $*" >&2; tail -n 40 "$SANDBOX/log/pppkitd.log" >&2 || true; exit 1; }
log_has() { grep -q -- "$1" "$SANDBOX/log/pppkitd.log"; }
case_name=${1:?usage: idle_exit_test.sh CASE}

sandbox_init
sandbox_start_bus
timeout=1
[ "$case_name" = disabled ] && timeout=0
if [ "$case_name" = link ]; then
  sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
  sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2
else
  sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
fi
"$PPPKIT_BUILD/service/pppkitd" --config-dir "$SANDBOX/etc/ppp" --run-dir "$SANDBOX/run" \
  --idle-timeout "$timeout" >"$SANDBOX/log/pppkitd.log" 2>&1 &
daemon=$!
SANDBOX_PIDS+=("$daemon")
private_bus_wait_name org.freedesktop.ppp1 10 || fail "pppkitd did not take its name"

# expect_idle_exit: pppkitd leaves by itself, with 0, having said why.
expect_idle_exit() {
  wait_until 10 "pppkitd to exit on idle" bash -c "! kill -0 $daemon" || fail "pppkitd did not exit when idle"
  set +e; wait "$daemon"; local rc=$?; set -e
  [ "$rc" = 0 ] || fail "pppkitd exited $rc on idle, expected 0"
  log_has "idle for $timeout s, exiting" || fail "pppkitd did not log its idle exit"
  ! private_bus_name_has_owner org.freedesktop.ppp1 || fail "org.freedesktop.ppp1 still owned after the exit"
}

case $case_name in
  idle)
    expect_idle_exit
    ;;
  client)
    # A client that called once and stays on the bus keeps the service.
    coproc HOLD { "$PPPKIT_BUILD/tests/dbus/hold_client"; }
    read -r -t 10 line <&"${HOLD[0]}" || fail "the client did not call the service"
    [[ $line == called:* ]] || fail "client said '$line'"
    wait_until 10 "pppkitd to see the client" log_has "staying: 1 client(s) still connected" \
      || fail "pppkitd did not stay for the connected client"
    kill -0 "$daemon" || fail "pppkitd exited with a client connected"
    exec {HOLD[1]}>&-   # the client leaves
    expect_idle_exit
    ;;
  link)
    # A link that is up keeps the service, with no client at all.
    "$PPPKIT_BUILD/service/pppctl/pppctl" connect isp --wait=30 || fail "connect failed"
    wait_until 10 "pppkitd to stay for the link" log_has "staying: a link is not Disconnected" \
      || fail "pppkitd did not stay for the link"
    kill -0 "$daemon" || fail "pppkitd exited with a link up"
    "$PPPKIT_BUILD/service/pppctl/pppctl" disconnect isp || fail "disconnect failed"
    expect_idle_exit
    ;;
  disabled)
    log_has "no idle timeout" || fail "pppkitd did not say the idle timeout is off"
    "$PPPKIT_BUILD/service/pppctl/pppctl" list >/dev/null || fail "list failed"
    ! log_has "exiting" || fail "pppkitd exited without an idle timeout"
    ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
echo "PASS: idle-exit $case_name"
