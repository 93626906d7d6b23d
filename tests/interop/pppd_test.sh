#!/usr/bin/env bash
# Wire compatibility with Debian's real pppd: pppkitd dials a pppd server
# running in a qemu VM (see lib.sh), authenticating as the VM asks.
#
#   pppd_test.sh MODE [wrong-secret]
#                         MODE: noauth | pap | chap | mschapv2 (pppd-vm's modes)
#                               | mschap (pppd-vm's noauth mode plus require-mschap)
#
# Asserts IPCP's results (10.64.0.2 / 10.64.0.1, DNS 10.64.0.53), pings the
# VM's kernel over ppp0, hangs up and checks that pppd saw the link
# terminated (exit status 16). In the auth modes the VM's pppd requires
# PAP, CHAP-MD5, MS-CHAP or MS-CHAPv2 from us as alice / s3cret, and the secrets come
# from pap-secrets/chap-secrets in the seed's layouts. With wrong-secret our
# secret is wrong: pppctl connect must fail with exit code 19 and the
# AuthFailed error, and the VM's pppd must exit 11 (peer failed to
# authenticate).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
mode=${1:?usage: pppd_test.sh noauth|pap|chap|mschap|mschapv2 [wrong-secret]}
variant=${2:-}
# What the VM's pppd logs on the wire (it names every CHAP variant "CHAP"),
# and our AuthProtocol property.
case $mode in
  pap) want_lcp="pap" want_success="sent \[PAP AuthAck" want_failure="sent \[PAP AuthNak" want_protocol=PAP ;;
  chap) want_lcp="chap MD5" want_success="sent \[CHAP Success" want_failure="sent \[CHAP Failure" want_protocol=CHAP-MD5 ;;
  mschap) want_lcp="chap MS" want_success="sent \[CHAP Success" want_failure="sent \[CHAP Failure" want_protocol=MS-CHAP ;;
  mschapv2) want_lcp="chap MS-v2" want_success="sent \[CHAP Success" want_failure="sent \[CHAP Failure" want_protocol=MS-CHAPv2 ;;
  noauth) ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
source "$PPPKIT_ROOT/tests/interop/lib.sh"
interop_preflight "$@"

sandbox_init
vm_build
sandbox_start_bus
vm_mode=$mode
if [ "$mode" = mschap ]; then
  # pppd-vm has no MS-CHAP mode: its noauth server, then pppd's own option
  # (given after noauth, it turns authentication back on).
  vm_mode=noauth
  export PPPD_VM_EXTRA="require-mschap${PPPD_VM_EXTRA:+ $PPPD_VM_EXTRA}"
fi
vm_start "$vm_mode"

etc=$SANDBOX/etc/ppp
printf '# Global options, read before every peer file.\nnoauth\n' >"$etc/options"
{
  echo "# vm: Debian's pppd in a qemu VM, reached through a pty (no modem, no chat)"
  echo "$SANDBOX/ttyVM 115200"
  echo "local"
  echo "noipdefault"
  echo "usepeerdns"
  case $mode in
    noauth) ;;
    pap)
      # Several ISPs: remotename picks the pap-secrets line.
      echo "user alice"
      echo "remotename pppd-vm"
      ;;
    chap|mschap|mschapv2) echo "user alice" ;;
  esac
} >"$etc/peers/vm"
secret=s3cret
[ "$variant" = wrong-secret ] && secret=not-the-s3cret
# Secrets files are root's and private (pppkitd refuses anything else).
(
  umask 077
  case $mode in
    pap)
      printf '# client\tserver\t\tsecret\t\tIP addresses\nalice\t\tother-isp\twrong\t\t*\nalice\t\tpppd-vm\t\t%s\t\t*\n' "$secret" \
        >"$etc/pap-secrets"
      ;;
    chap)
      # One ISP: the seed's `username * password *`.
      printf '# client\tserver\tsecret\tIP addresses\nalice\t*\t%s\t*\n' "$secret" >"$etc/chap-secrets"
      ;;
    mschap|mschapv2)
      # CHAP's two-line format: one line per direction.
      printf '# client\tserver\tsecret\t\tIP addresses\nalice\tpppd-vm\t"%s"\t*\npppd-vm\talice\t"%s"\t*\n' "$secret" "$secret" \
        >"$etc/chap-secrets"
      ;;
  esac
)
sandbox_start_daemon

if [ "$variant" = wrong-secret ]; then
  expect_exit 19 pppctl connect vm --wait=120
  grep -qi "auth" <<<"$OUT" || fail "pppctl's error does not say that authentication failed"
  if grep -q "$secret" <<<"$OUT"; then fail "pppctl's error shows the secret"; fi
  # pppd: EXIT_PEER_AUTH_FAILED.
  vm_wait_exit 11
  grep -q "$want_failure" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not log '$want_failure'"
  if grep -q "$secret" "$SANDBOX/log/pppkitd.log"; then fail "pppkitd's log contains the secret"; fi
  vm_log_summary
  echo "PASS: interop.pppd_${mode}_wrong_secret (${SECONDS}s)"
  exit 0
fi

expect_exit 0 pppctl connect vm --wait=120
status=$(pppctl status vm --json)
printf '%s\n' "$status"
[ "$(json_field state)" = Running ] || fail "state is not Running"
[ "$(json_field local_address)" = 10.64.0.2 ] || fail "local address is not 10.64.0.2"
[ "$(json_field remote_address)" = 10.64.0.1 ] || fail "remote address is not 10.64.0.1"
grep -Eq '"dns": *\[[^]]*"10\.64\.0\.53"' <<<"$status" || fail "DNS is not 10.64.0.53"
ip -o addr show dev ppp0 | grep -q "inet 10.64.0.2 peer 10.64.0.1/32" || fail "ppp0 lacks 10.64.0.2 peer 10.64.0.1"
if [ "$mode" != noauth ]; then
  [ "$(json_field auth_protocol)" = "$want_protocol" ] || fail "AuthProtocol is not $want_protocol"
  grep -q "rcvd \[LCP ConfAck .*<auth $want_lcp>" "$SANDBOX/log/vm.log" \
    || fail "we did not agree to the VM's <auth $want_lcp>"
  grep -q "$want_success" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not log '$want_success'"
fi

ping -c 3 -W 5 -I ppp0 10.64.0.1 | tee "$SANDBOX/log/ping.out"
grep -q "3 received" "$SANDBOX/log/ping.out" || fail "3 pings did not come back from the VM"

expect_exit 0 pppctl disconnect vm
# pppd exits with 16 (EXIT_HANGUP: link terminated by the peer) and the VM
# powers off, ending pppd-vm with that status.
vm_wait_exit 16
grep -q "Connection terminated" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not log 'Connection terminated'"
wait_until 10 "ppp0 to disappear" bash -c '! ip link show dev ppp0' || fail "ppp0 still there"
wait_until 10 "state Disconnected" bash -c "'$PPPKIT_BUILD/service/pppctl/pppctl' status vm --json | grep -q '\"state\": *\"Disconnected\"'" \
  || fail "link did not return to Disconnected"
# No secret in anything pppkitd logged.
if grep -q "s3cret" "$SANDBOX/log/pppkitd.log"; then fail "pppkitd's log contains the secret"; fi
vm_log_summary
echo "PASS: interop.pppd_$mode (${SECONDS}s)"
