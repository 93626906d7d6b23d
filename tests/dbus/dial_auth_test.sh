#!/usr/bin/env bash
# End-to-end authentication: pppctl connect against pppkit-sim --auth PROTO
# with pppd's secrets files, in a network namespace on a private bus.
#
#   dial_auth_test.sh PROTO [wrong|refuse|require]    PROTO: pap | chap | mschap | mschapv2 | eap
# Alone: reaches Running, pings through ppp0, and no log output of the
# session (daemon, simulator, LogLine signals, pppctl) contains the secret.
# wrong: our secret is not the ISP's; the attempt fails with
#   org.freedesktop.ppp1.Error.AuthFailed, the ISP's message and exit code 19.
# refuse: we refuse PROTO (refuse-*), the only one the ISP takes: exit 19 and
#   a message naming both sides' protocols.
# require: we require the ISP to authenticate with PROTO (require-*), which
#   it will not: exit 11, Error.AuthFailed.
# perm: the secrets file is readable by others: refused before dialling,
#   Error.ConfigError naming the file and the fix (chmod 600).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace, a TUN device and root-owned secrets files"
  exit 77
fi
sandbox_enter_netns bash "$0" "$@"
source "$PPPKIT_ROOT/tests/dbus/dial_lib.sh"

proto=${1:?usage: dial_auth_test.sh PROTO [wrong|refuse|require|perm]}
variant=${2:-}
secret='Open-Sesame-7f3a'     # the ISP's secret for bob
ours=$secret
[ "$variant" = wrong ] && ours='Not-The-Secret-91c2'


sandbox_init
sandbox_start_bus

# Every signal of the session, LogLine included, for the secret scan.
dbus-monitor --address "$DBUS_SYSTEM_BUS_ADDRESS" "type='signal',sender='org.freedesktop.ppp1'" \
  "type='signal',interface='org.freedesktop.ppp1.Link'" >"$SANDBOX/log/signals.log" 2>&1 &
SANDBOX_PIDS+=($!)

# The seed's setups: CHAP (and MS-CHAP, MS-CHAPv2, EAP) with the two-line
# chap-secrets format and `remotename`; PAP with the one-ISP line.
etc=$SANDBOX/etc/ppp
case $proto in
  pap)
    sim_proto=pap
    printf '# client  server  secret  addresses\nbob  *  "%s"  *\n' "$ours" >"$etc/pap-secrets"
    ;;
  chap|mschap|mschapv2|eap)
    sim_proto=$proto
    {
      echo "# client  server  secret  addresses"
      echo "bob  isp  \"$ours\"  *"
      echo "isp  bob  \"$ours\"  *"
    } >"$etc/chap-secrets"
    ;;
  *) echo "unknown protocol $proto" >&2; exit 2 ;;
esac
chmod 600 "$etc"/*-secrets
[ "$variant" = perm ] && chmod 644 "$etc"/*-secrets
case $proto in pap) opt=pap ;; chap) opt=chap ;; mschap) opt=mschap ;; mschapv2) opt=mschap-v2 ;; eap) opt=eap ;; esac
case $proto in
  pap) want=PAP ;; chap) want=CHAP-MD5 ;; mschap) want=MS-CHAP ;; mschapv2) want=MS-CHAPv2 ;; eap) want=EAP-MD5 ;;
esac
extra=()
sim_auth=(--auth "$sim_proto" --name isp --user bob --password "$secret")
case $variant in
  refuse) extra=("refuse-$opt") ;;
  require) extra=("require-$opt"); sim_auth=() ;;
esac
sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp" "user bob" "remotename isp" "debug" \
  "pap-max-authreq 3" "chap-max-challenge 3" "${extra[@]}"
sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 "${sim_auth[@]}" -v
sandbox_start_daemon

if [ "$variant" = perm ]; then
  expect_exit 2 pppctl connect isp --wait=30
  grep -q "org.freedesktop.ppp1.Error.ConfigError" <<<"$OUT" || fail "no Error.ConfigError in pppctl's output"
  grep -q "chmod 600 $etc/" <<<"$OUT" || fail "the message does not name the file and the fix"
  ! grep -q "Dialing\|ATDT" "$SANDBOX/log/sim.log" || fail "it dialled with a refused secrets file"
elif [ "$variant" = refuse ]; then
  expect_exit 19 pppctl connect isp --wait=60
  grep -q "org.freedesktop.ppp1.Error.AuthFailed" <<<"$OUT" || fail "no Error.AuthFailed in pppctl's output"
  grep -q "the peer requires $want" <<<"$OUT" || fail "the message does not name the ISP's protocol $want"
  grep -q "we can do " <<<"$OUT" || fail "the message does not name our protocols"
  grep -q "refuse-$opt" <<<"$OUT" || fail "the message does not name refuse-$opt"
elif [ "$variant" = require ]; then
  expect_exit 11 pppctl connect isp --wait=60
  grep -q "org.freedesktop.ppp1.Error.AuthFailed" <<<"$OUT" || fail "no Error.AuthFailed in pppctl's output"
  grep -q "refused to authenticate itself (we require $want)" <<<"$OUT" || fail "the message does not say what we require"
  [ "$(json_field exit_status)" = 11 ] || fail "ExitStatus is not 11"
elif [ "$variant" = wrong ]; then
  start=$(date +%s)
  expect_exit 19 pppctl connect isp --wait=60
  grep -q "org.freedesktop.ppp1.Error.AuthFailed" <<<"$OUT" || fail "no Error.AuthFailed in pppctl's output"
  case $proto in
    pap) peer_text="Login incorrect" ;;
    chap) peer_text="Access denied" ;;
    mschap|mschapv2) peer_text="wrong user name or password" ;;
    eap) peer_text="EAP authentication failed" ;;
  esac
  grep -q "$peer_text" <<<"$OUT" || fail "pppctl's output lacks the peer's message '$peer_text'"
  [ "$(json_field exit_status)" = 19 ] || fail "ExitStatus is not 19"
  [ "$(json_field last_error)" = org.freedesktop.ppp1.Error.AuthFailed ] || fail "LastError is not AuthFailed"
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -lt 40 ] || fail "failing took ${elapsed}s"
else
  expect_exit 0 pppctl connect isp --wait=30
  [ "$(json_field state)" = Running ] || fail "state is not Running"
  got=$(busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" get-property org.freedesktop.ppp1 \
          /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link AuthProtocol 2>&1) || fail "AuthProtocol: $got"
  [ "$got" = "s \"$want\"" ] || fail "AuthProtocol is $got, expected $want"
  ping -c 3 -W 3 -I ppp0 10.64.0.1 | tee "$SANDBOX/log/ping.out"
  grep -q "3 received" "$SANDBOX/log/ping.out" || fail "3 pings did not come back"
  grep -q "authentication succeeded" "$SANDBOX/log/pppkitd.log" || fail "the daemon logged no successful authentication"
  pppctl status isp | tee -a "$SANDBOX/log/pppctl.log"
  pppctl status isp --json >>"$SANDBOX/log/pppctl.log"
  expect_exit 0 pppctl disconnect isp
  wait_until 10 "ppp0 to disappear" bash -c '! ip link show dev ppp0' || fail "ppp0 still there"
fi

# No secret anywhere in what the session said.
if [ "$variant" != perm ]; then
  grep -q "LogLine" "$SANDBOX/log/signals.log" || fail "no LogLine signal was captured"
fi
for f in "$SANDBOX"/log/*.log "$SANDBOX"/log/*.out; do
  [ -e "$f" ] || continue
  if grep -qF -e "$secret" -e "$ours" "$f"; then fail "a secret appears in $(basename "$f")"; fi
done
echo "PASS: $proto ${variant:-ok}"
