#!/usr/bin/env bash
# End-to-end: private system bus + pppkitd + pppkit-sim in a network
# namespace of their own, driven by pppctl as a user would.
#
#   dial_test.sh CASE     CASE: ping | busy | chat-timeout | external-chat | sigterm | scripts | holdoff | dns
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (network namespace, TUN).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
# scripts: a fake polkit lets a user other than root connect (bus policy for its name).
[ "${1:-}" = scripts ] && PRIVATE_BUS_CONFIG=$PPPKIT_ROOT/tests/dbus/polkit-bus.conf
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
sandbox_enter_netns bash "$0" "$@"
source "$PPPKIT_ROOT/tests/dbus/dial_lib.sh"

# Packets received on an interface (sysfs would show the host's namespace).
rx_packets() { ip -s link show dev "$1" | awk '/RX:/{getline; print $2; exit}'; }

sandbox_init
sandbox_start_bus
case_name=${1:?usage: dial_test.sh CASE}

connect_internal="chat -v -f $SANDBOX/etc/ppp/chat-isp"
case $case_name in
  ping|sigterm)
    sandbox_write_peer isp "$connect_internal"
    sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53
    ;;
  scripts)
    sandbox_write_peer isp "$connect_internal" "lock" "ipparam dialtest"
    # The connection is asked for by user nobody, whom the fake polkit lets
    # connect: ORIG_UID and PPPLOGNAME must name nobody, not the daemon's root.
    command -v setpriv >/dev/null || fail "setpriv (util-linux) missing"
    [ -x "$PPPKIT_BUILD/tests/dbus/fake_polkit" ] || fail "$PPPKIT_BUILD/tests/dbus/fake_polkit is not built"
    chmod 755 "$SANDBOX"   # nobody must reach the bus socket
    printf '%s\n' "org.freedesktop.ppp1.connect yes" "org.freedesktop.ppp1.disconnect yes" >"$SANDBOX/log/polkit.answers"
    "$PPPKIT_BUILD/tests/dbus/fake_polkit" "$SANDBOX/log/polkit.answers" "$SANDBOX/log/polkit.calls" \
      >"$SANDBOX/log/polkit.log" 2>&1 &
    SANDBOX_PIDS+=($!)
    private_bus_wait_name org.freedesktop.PolicyKit1 10 || fail "the fake polkit did not appear on the bus"
    # ip-up and ip-down record their arguments and environment (complete when the file appears).
    for script in ip-up ip-down; do
      cat > "$SANDBOX/etc/ppp/$script" <<EOF_SCRIPT
#!/bin/sh
{ printf '%s\n' "\$0"; for a in "\$@"; do printf '[%s]\n' "\$a"; done; echo --; env | LC_ALL=C sort; } > "$SANDBOX/log/$script.tmp"
mv "$SANDBOX/log/$script.tmp" "$SANDBOX/log/$script.out"
EOF_SCRIPT
      chmod 755 "$SANDBOX/etc/ppp/$script"
    done
    sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53
    ;;
  external-chat)
    command -v /usr/sbin/chat >/dev/null || fail "/usr/sbin/chat missing (package ppp)"
    # Shell syntax makes it an external command: Debian's chat runs with its
    # stdin/stdout on the line, as under pppd.
    sandbox_write_peer isp "exec /usr/sbin/chat -v -f $SANDBOX/etc/ppp/chat-isp" "linkname isp"
    sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2
    ;;
  busy)
    sandbox_write_peer isp "$connect_internal"
    sandbox_start_sim --busy
    ;;
  chat-timeout)
    sandbox_write_peer isp "$connect_internal"
    sandbox_start_sim --mute
    ;;
  holdoff)
    sandbox_write_peer isp "$connect_internal" persist "holdoff 60"
    sandbox_start_sim --busy
    ;;
  dns)
    sandbox_write_peer isp "$connect_internal"
    sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53,10.64.0.54
    # systemd-resolved's stand-in, on the same private bus.
    "$PPPKIT_BUILD/tests/dbus/fake_resolved" >"$SANDBOX/log/resolved.log" 2>&1 &
    SANDBOX_PIDS+=($!)
    wait_until 10 "the fake resolved" grep -qx ready "$SANDBOX/log/resolved.log" || fail "fake resolved did not start"
    ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
sandbox_start_daemon

case $case_name in
  ping|external-chat)
    expect_exit 0 pppctl connect isp --wait=30
    [ "$(json_field state)" = Running ] || fail "state is not Running"
    [ "$(json_field local_address)" = 10.64.0.2 ] || fail "local address is not 10.64.0.2"
    [ "$(json_field remote_address)" = 10.64.0.1 ] || fail "remote address is not 10.64.0.1"
    iface=$(json_field interface)
    [ "$iface" = ppp0 ] || fail "interface is '$iface', expected ppp0"
    addrs=$(ip -o addr show dev ppp0)
    grep -q "inet 10.64.0.2 peer 10.64.0.1/32" <<<"$addrs" || fail "ppp0 lacks 10.64.0.2 peer 10.64.0.1"
    [ "$(head -n1 "$SANDBOX/run/ppp0.pid")" -gt 0 ] || fail "no pid in ppp0.pid"
    if [ "$case_name" = external-chat ]; then
      grep -qx ppp0 "$SANDBOX/run/ppp-isp.pid" || fail "ppp-isp.pid (linkname isp) does not name ppp0"
    else
      [ ! -e "$SANDBOX/run/ppp-isp.pid" ] || fail "ppp-isp.pid written without linkname (pppd writes it only with one)"
    fi
    before=$(rx_packets ppp0)
    ping -c 3 -W 3 -I ppp0 10.64.0.1 | tee "$SANDBOX/log/ping.out"
    grep -q "3 received" "$SANDBOX/log/ping.out" || fail "3 pings did not come back"
    after=$(rx_packets ppp0)
    [ $((after - before)) -ge 3 ] || fail "replies did not arrive through ppp0"
    if [ "$case_name" = external-chat ]; then
      grep -q "external" "$SANDBOX/log/pppkitd.log" || fail "connect script did not run as an external command"
    else
      # usepeerdns without systemd-resolved on the bus: pppd's resolv.conf only.
      [ "$(cat "$SANDBOX/etc/ppp/resolv.conf")" = "nameserver 10.64.0.53" ] || fail "resolv.conf does not name the peer's DNS"
      wait_until 5 "the resolved note" grep -q "systemd-resolved is not running" "$SANDBOX/log/pppkitd.log" \
        || fail "no note that resolved is absent"
    fi
    expect_exit 0 pppctl disconnect isp
    wait_until 10 "ppp0 to disappear" bash -c '! ip link show dev ppp0' || fail "ppp0 still there"
    [ ! -e "$SANDBOX/run/ppp0.pid" ] || fail "ppp0.pid left behind"
    [ ! -e "$SANDBOX/run/ppp-isp.pid" ] || fail "ppp-isp.pid left behind"
    [ ! -e "$SANDBOX/etc/ppp/resolv.conf" ] || fail "resolv.conf left behind"
    wait_until 10 "state Disconnected" bash -c "'$PPPKIT_BUILD/service/pppctl/pppctl' status isp --json | grep -q '\"state\": *\"Disconnected\"'" \
      || fail "link did not return to Disconnected"
    ;;
  scripts)
    nobody_uid=$(id -u nobody)
    expect_exit 0 setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
      "$PPPKIT_BUILD/service/pppctl/pppctl" connect isp --wait=30
    daemon_pid=$(head -n1 "$SANDBOX/run/ppp0.pid")
    lock="$SANDBOX/run/LCK..ttySIM"
    [ "$(cat "$lock")" = "$(printf '%10d' "$daemon_pid")" ] || fail "lock file $lock does not hold pppkitd's pid like pppd's"
    wait_until 10 "ip-up to run" test -e "$SANDBOX/log/ip-up.out" || fail "ip-up did not run"
    want_args=$(printf '%s\n' "$SANDBOX/etc/ppp/ip-up" "[ppp0]" "[$SANDBOX/ttySIM]" "[115200]" "[10.64.0.2]" "[10.64.0.1]" "[dialtest]")
    got_args=$(sed '/^--$/,$d' "$SANDBOX/log/ip-up.out")
    [ "$got_args" = "$want_args" ] || fail "ip-up got arguments
$got_args
expected
$want_args"
    env_up=$(sed '1,/^--$/d' "$SANDBOX/log/ip-up.out")
    for var in "DEVICE=$SANDBOX/ttySIM" IFNAME=ppp0 IPLOCAL=10.64.0.2 IPREMOTE=10.64.0.1 SPEED=115200 \
               CALL_FILE=isp DNS1=10.64.0.53 USEPEERDNS=1 "ORIG_UID=$nobody_uid" PPPLOGNAME=nobody "PPPD_PID=$daemon_pid"; do
      grep -qx "$var" <<<"$env_up" || fail "ip-up's environment lacks $var"
    done
    ! grep -q '^CONNECT_TIME=' <<<"$env_up" || fail "ip-up got CONNECT_TIME (only ip-down does)"
    expect_exit 0 pppctl disconnect isp
    wait_until 10 "ip-down to run" test -e "$SANDBOX/log/ip-down.out" || fail "ip-down did not run"
    [ "$(sed -n 2p "$SANDBOX/log/ip-down.out")" = "[ppp0]" ] || fail "ip-down's first argument is not ppp0"
    for var in CONNECT_TIME BYTES_SENT BYTES_RCVD; do
      grep -q "^$var=[0-9]" "$SANDBOX/log/ip-down.out" || fail "ip-down's environment lacks $var"
    done
    wait_until 10 "the lock to go" bash -c "! test -e '$lock'" || fail "lock file left behind"
    # A live holder: the connection fails with pppd's exit code 6, naming it.
    sleep 60 & holder=$!
    SANDBOX_PIDS+=("$holder")
    wait_until 5 "sleep(1) to start" bash -c "grep -qx sleep /proc/$holder/comm"
    printf '%10d\n' "$holder" > "$lock"
    expect_exit 6 pppctl connect isp --wait=30
    grep -q "Error.DeviceLocked" <<<"$OUT" || fail "no org.freedesktop.ppp1.Error.DeviceLocked in pppctl's output"
    grep -q "locked by pid $holder (sleep)" <<<"$OUT" || fail "the holder's pid and command are not named"
    [ "$(json_field exit_status)" = 6 ] || fail "ExitStatus is not 6"
    ;;
  sigterm)
    expect_exit 0 pppctl connect isp --wait=30
    pid=$(head -n1 "$SANDBOX/run/ppp0.pid")
    kill -TERM "$pid"
    wait_until 10 "pppkitd to exit" bash -c "! kill -0 $pid" || fail "pppkitd did not exit on SIGTERM"
    ! ip link show dev ppp0 >/dev/null 2>&1 || fail "ppp0 still there after SIGTERM"
    [ ! -e "$SANDBOX/run/ppp0.pid" ] || fail "ppp0.pid left behind"
    grep -qi "terminate" "$SANDBOX/log/sim.log" || fail "the ISP saw no LCP Terminate (no clean hang-up)"
    ;;
  busy)
    expect_exit 8 pppctl connect isp --wait=30
    grep -q "Error.Busy" <<<"$OUT" || fail "no org.freedesktop.ppp1.Error.Busy in pppctl's output"
    [ "$(json_field exit_status)" = 8 ] || fail "ExitStatus is not 8"
    ;;
  chat-timeout)
    expect_exit 8 pppctl connect isp --wait=30
    grep -q "Error.ChatTimeout" <<<"$OUT" || fail "no org.freedesktop.ppp1.Error.ChatTimeout in pppctl's output"
    ;;
  dns)
    expect_exit 0 pppctl connect isp --wait=30
    ifindex=$(ip -o link show dev ppp0 | cut -d: -f1)
    [ -n "$ifindex" ] || fail "no ppp0"
    printf 'nameserver 10.64.0.53\nnameserver 10.64.0.54\n' | cmp -s - "$SANDBOX/etc/ppp/resolv.conf" \
      || fail "resolv.conf is not pppd's two nameserver lines: $(cat "$SANDBOX/etc/ppp/resolv.conf")"
    [ "$(stat -c %a "$SANDBOX/etc/ppp/resolv.conf")" = 644 ] || fail "resolv.conf is not mode 644"
    pppctl status isp --json | grep -q '"dns": \["10.64.0.53", "10.64.0.54"\]' || fail "DNS property lacks DNS1/DNS2"
    wait_until 10 "SetLinkDefaultRoute" grep -q "^SetLinkDefaultRoute" "$SANDBOX/log/resolved.log" || fail "resolved was not called"
    grep -qx "SetLinkDNS $ifindex 10.64.0.53 10.64.0.54" "$SANDBOX/log/resolved.log" || fail "SetLinkDNS wrong or missing"
    grep -qx "SetLinkDomains $ifindex ~.:true" "$SANDBOX/log/resolved.log" || fail "SetLinkDomains wrong or missing"
    grep -qx "SetLinkDefaultRoute $ifindex true" "$SANDBOX/log/resolved.log" || fail "SetLinkDefaultRoute wrong or missing"
    ! grep -q "RevertLink" "$SANDBOX/log/resolved.log" || fail "reverted while up"
    expect_exit 0 pppctl disconnect isp
    wait_until 10 "RevertLink" grep -qx "RevertLink $ifindex" "$SANDBOX/log/resolved.log" || fail "no RevertLink on link down"
    wait_until 10 "resolv.conf to go" test ! -e "$SANDBOX/etc/ppp/resolv.conf" || fail "resolv.conf left behind"
    ;;
  holdoff)
    # persist: the BUSY attempt is followed by Holdoff, with the time of the redial.
    expect_exit 0 pppctl connect isp
    wait_until 20 "state Holdoff" bash -c "'$PPPKIT_BUILD/service/pppctl/pppctl' status isp --json | grep -q '\"state\": *\"Holdoff\"'" \
      || fail "link did not go to Holdoff"
    next=$(busctl --system get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link NextAttempt | awk '{print $2}')
    now=$(( $(date +%s) * 1000000 ))
    [ "$next" -gt "$now" ] || fail "NextAttempt $next is not in the future (now $now)"
    [ "$next" -le $(( now + 61000000 )) ] || fail "NextAttempt $next is more than the holdoff away"
    [ "$(json_field last_error)" = org.freedesktop.ppp1.Error.Busy ] || fail "LastError is not Busy in Holdoff"
    expect_exit 0 pppctl status isp
    grep -q "Next attempt" <<<"$OUT" || fail "pppctl status does not show the next attempt"
    expect_exit 0 pppctl disconnect isp
    [ "$(json_field state)" = Disconnected ] || fail "Disconnect in Holdoff did not end the link at once"
    [ "$(json_field next_attempt)" = 0 ] || fail "NextAttempt is not 0 once Disconnected"
    ;;
esac
echo "PASS: $case_name"
