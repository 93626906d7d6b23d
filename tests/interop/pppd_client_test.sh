#!/usr/bin/env bash
# pppkitd as the authenticating, address-assigning end against Debian's real
# pppd dialling out (pppd-vm's `client` mode: noauth, user alice,
# noipdefault, usepeerdns). Our peer file requires CHAP and assigns
# 10.64.0.1:10.64.0.2; pppd must answer our challenge as alice from its
# chap-secrets and take 10.64.0.2. Then ping, hang up, and pppd exits 16.
#
#   pppd_client_test.sh [mschap]
# mschap: our peer file requires MS-CHAP (require-mschap) instead; pppd must
#   answer it (CHAP algorithm 0x80) the same way.
#
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (network namespace, TUN).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/tests/interop/lib.sh"
interop_preflight "$@"
method=${1:-chap}
case $method in
  chap) want_protocol=CHAP-MD5 want_lcp="chap MD5" ;;
  mschap) want_protocol=MS-CHAP want_lcp="chap MS" ;;
  *) echo "unknown method $method" >&2; exit 2 ;;
esac

sandbox_init
vm_build
sandbox_start_bus
vm_start client

etc=$SANDBOX/etc/ppp
printf '# Global options, read before every peer file.\n' >"$etc/options"
cat >"$etc/peers/vm" <<EOF2
# vm: Debian's pppd dialling in, through a pty; we authenticate it
$SANDBOX/ttyVM 115200
local
name pppkit-server
auth
require-$method
10.64.0.1:10.64.0.2
EOF2
(
  umask 077
  # The dial-in user, with the one address it may use.
  printf '# client\tserver\t\tsecret\tIP addresses\nalice\tpppkit-server\ts3cret\t10.64.0.2\n' >"$etc/chap-secrets"
)
sandbox_start_daemon

expect_exit 0 pppctl connect vm --wait=120
status=$(pppctl status vm --json)
printf '%s\n' "$status"
[ "$(json_field state)" = Running ] || fail "state is not Running"
[ "$(json_field auth_protocol)" = "$want_protocol" ] || fail "AuthProtocol is not $want_protocol"
[ "$(json_field local_address)" = 10.64.0.1 ] || fail "local address is not 10.64.0.1"
[ "$(json_field remote_address)" = 10.64.0.2 ] || fail "remote address is not 10.64.0.2"
log=$SANDBOX/log/vm.log
grep -q "sent \[LCP ConfAck .*<auth $want_lcp>" "$log" || fail "the VM's pppd did not agree to <auth $want_lcp>"
grep -q 'rcvd \[CHAP Challenge .*name = "pppkit-server"\]' "$log" || fail "the VM's pppd got no CHAP challenge from pppkit-server"
grep -q 'sent \[CHAP Response .*name = "alice"\]' "$log" || fail "the VM's pppd did not answer as alice"
grep -q 'rcvd \[CHAP Success' "$log" || fail "we did not send CHAP Success"
grep -q "local  IP address 10.64.0.2" "$log" || fail "the VM's pppd did not get 10.64.0.2"

ping -c 3 -W 5 -I ppp0 10.64.0.2 | tee "$SANDBOX/log/ping.out"
grep -q "3 received" "$SANDBOX/log/ping.out" || fail "3 pings did not come back from the VM"

expect_exit 0 pppctl disconnect vm
vm_wait_exit 16
if grep -q "s3cret" "$SANDBOX/log/pppkitd.log"; then fail "pppkitd's log contains the secret"; fi
vm_log_summary
echo "PASS: interop.pppd_client${1:+_$1} (${SECONDS}s)"
