#!/usr/bin/env bash
# Wire compatibility with Debian's real pppd: pppkitd dials a pppd server
# running in a qemu VM (see lib.sh), authenticating as the VM asks.
#
#   pppd_test.sh MODE     MODE: noauth | pap | chap | mschapv2 (pppd-vm's modes)
#
# Asserts IPCP's results (10.64.0.2 / 10.64.0.1, DNS 10.64.0.53), pings the
# VM's kernel over ppp0, hangs up and checks that pppd saw the link
# terminated (exit status 16). In the auth modes the VM's pppd requires
# PAP, CHAP-MD5 or MS-CHAPv2 from us as alice / s3cret, and the secrets come
# from pap-secrets/chap-secrets in the seed's layouts.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
mode=${1:?usage: pppd_test.sh noauth|pap|chap|mschapv2}
source "$PPPKIT_ROOT/tests/interop/lib.sh"
interop_preflight "$@"

sandbox_init
vm_build
sandbox_start_bus
vm_start "$mode"

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
    chap|mschapv2) echo "user alice" ;;
  esac
} >"$etc/peers/vm"
# Secrets files are root's and private (pppkitd refuses anything else).
(
  umask 077
  case $mode in
    pap)
      printf '# client\tserver\t\tsecret\t\tIP addresses\nalice\t\tother-isp\twrong\t\t*\nalice\t\tpppd-vm\t\ts3cret\t\t*\n' \
        >"$etc/pap-secrets"
      ;;
    chap)
      # One ISP: the seed's `username * password *`.
      printf '# client\tserver\tsecret\tIP addresses\nalice\t*\ts3cret\t*\n' >"$etc/chap-secrets"
      ;;
    mschapv2)
      # CHAP's two-line format: one line per direction.
      printf '# client\tserver\tsecret\t\tIP addresses\nalice\tpppd-vm\t"s3cret"\t*\npppd-vm\talice\t"s3cret"\t*\n' \
        >"$etc/chap-secrets"
      ;;
  esac
)
sandbox_start_daemon

expect_exit 0 pppctl connect vm --wait=120
status=$(pppctl status vm --json)
printf '%s\n' "$status"
[ "$(json_field state)" = Running ] || fail "state is not Running"
[ "$(json_field local_address)" = 10.64.0.2 ] || fail "local address is not 10.64.0.2"
[ "$(json_field remote_address)" = 10.64.0.1 ] || fail "remote address is not 10.64.0.1"
grep -Eq '"dns": *\[[^]]*"10\.64\.0\.53"' <<<"$status" || fail "DNS is not 10.64.0.53"
ip -o addr show dev ppp0 | grep -q "inet 10.64.0.2 peer 10.64.0.1/32" || fail "ppp0 lacks 10.64.0.2 peer 10.64.0.1"
if [ "$mode" != noauth ]; then
  # pppd's notice, e.g. "PAP peer authentication succeeded for alice".
  grep -q "peer authentication succeeded for alice" "$SANDBOX/log/vm.log" \
    || fail "the VM's pppd did not log a successful authentication of alice"
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
