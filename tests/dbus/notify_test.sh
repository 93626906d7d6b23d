#!/usr/bin/env bash
# `pppctl connect NAME --wait --notify` as ppp@NAME.service runs it, with
# NOTIFY_SOCKET pointing at a datagram socket of the test instead of systemd:
#   stop      STATUS= per phase, READY=1 once Running, stays up; SIGTERM hangs
#             the link up (the ISP sees LCP Terminate) and pppctl exits 0
#   linkdown  the ISP goes away: pppctl leaves with a failure status by itself
# Needs PPPKIT_ROOT and PPPKIT_BUILD; root (netns, TUN); socat.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
command -v socat >/dev/null || { echo "FAIL: socat missing (scripts/lib/deps.sh installs it)"; exit 1; }
sandbox_enter_netns bash "$0" "$@"

fail() {
  echo "FAIL: $*" >&2
  local f
  for f in "$SANDBOX"/log/*; do echo "----- $f"; tail -n 30 "$f"; done >&2
  exit 1
}
case_name=${1:?usage: notify_test.sh CASE}
sandbox_init
sandbox_start_bus
sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2
sim_pid=${SANDBOX_PIDS[-1]}
sandbox_start_daemon

notify_log=$SANDBOX/log/notify.log
socat -u UNIX-RECV:"$SANDBOX/notify" OPEN:"$notify_log",creat,append &
SANDBOX_PIDS+=($!)
wait_until 10 "the notify socket" test -S "$SANDBOX/notify"

NOTIFY_SOCKET=$SANDBOX/notify "$PPPKIT_BUILD/service/pppctl/pppctl" connect isp --wait=30 --notify \
  >"$SANDBOX/log/pppctl.log" 2>&1 &
ctl=$!
wait_until 30 "READY=1" grep -q READY=1 "$notify_log" || fail "pppctl sent no READY=1"
grep -q "STATUS=Connecting" "$notify_log" || fail "no STATUS=Connecting before READY"
grep -q "STATUS=Establish" "$notify_log" || fail "no STATUS= for the LCP phase"
grep -q "STATUS=isp: Running" "$notify_log" || fail "READY=1 without the Running status line"
pppctl status isp --json | grep -q '"state": *"Running"' || fail "READY=1 but the link is not Running"
kill -0 "$ctl" || fail "pppctl left after READY=1; it must stay while the link is up"

case $case_name in
  stop)
    kill -TERM "$ctl"
    wait_until 20 "pppctl to exit" bash -c "! kill -0 $ctl" || fail "pppctl did not exit after SIGTERM"
    set +e; wait "$ctl"; rc=$?; set -e
    [ "$rc" = 0 ] || fail "pppctl exited $rc after SIGTERM, expected 0"
    grep -q STOPPING=1 "$notify_log" || fail "no STOPPING=1"
    pppctl status isp --json | grep -q '"state": *"Disconnected"' || fail "link not Disconnected after the stop"
    grep -qi terminate "$SANDBOX/log/sim.log" || fail "the ISP saw no LCP Terminate"
    ;;
  linkdown)
    kill -KILL "$sim_pid"
    wait_until 30 "pppctl to exit" bash -c "! kill -0 $ctl" || fail "pppctl stayed after the link went down"
    set +e; wait "$ctl"; rc=$?; set -e
    [ "$rc" != 0 ] || fail "pppctl exited 0 after losing the link; Restart=on-failure needs a failure"
    grep -q "went down" "$SANDBOX/log/pppctl.log" || fail "pppctl did not say the link went down"
    ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
echo "PASS: notify $case_name"
