#!/usr/bin/env bash
# IPv6CP against Debian's real pppd 2.4.9 in a qemu VM (see lib.sh): the VM's
# pppd runs with `+ipv6` and random identifiers, pppkitd with
# `ipv6 ::1,::2`. pppd must take the identifier we Nak it (::2), both sides
# must log the same link-local addresses, ppp0 must carry fe80::1 peer
# fe80::2, IPv4 must still come up, and `ping -6` to the VM's link-local
# address must be answered by the VM's kernel.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/tests/interop/lib.sh"
interop_preflight "$@"

sandbox_init
vm_build
sandbox_start_bus
PPPD_VM_EXTRA="+ipv6" vm_start noauth

etc=$SANDBOX/etc/ppp
printf '# Global options, read before every peer file.\nnoauth\n' >"$etc/options"
{
  echo "$SANDBOX/ttyVM 115200"
  echo "local"
  echo "noipdefault"
  echo "ipv6 ::1,::2"
  echo "debug"
} >"$etc/peers/vm"
sandbox_start_daemon

expect_exit 0 pppctl connect vm --wait=120
[ "$(json_field state)" = Running ] || fail "state is not Running"
[ "$(json_field local_address)" = 10.64.0.2 ] || fail "IPv4 did not come up"
wait_until 30 "IPv6CP on both sides" grep -q "local  LL address fe80::0000:0000:0000:0002" "$SANDBOX/log/vm.log" \
  || fail "the VM's pppd did not take fe80::2"
grep -q "remote LL address fe80::0000:0000:0000:0001" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not see fe80::1"
grep -q "local  LL address fe80::0000:0000:0000:0001" "$SANDBOX/log/pppkitd.log" || fail "we did not log fe80::1"
wait_until 10 "fe80::1 on ppp0" bash -c 'ip -6 -o addr show dev ppp0 | grep -q "inet6 fe80::1 peer fe80::2/128"' \
  || fail "ppp0 lacks fe80::1 peer fe80::2: $(ip -6 -o addr show dev ppp0)"
[ "$(json_field local_address6)" = fe80::0000:0000:0000:0001 ] || fail "LocalAddress6 is not fe80::1"

# The VM's kernel sets its address once pppd's IPv6CP is up (and may run DAD first).
for _ in 1 2 3 4 5; do
  if ping -6 -c 3 -W 5 "fe80::2%ppp0" >"$SANDBOX/log/ping6.out" 2>&1; then break; fi
done
cat "$SANDBOX/log/ping6.out"
grep -q "3 received" "$SANDBOX/log/ping6.out" || fail "3 IPv6 pings did not come back from the VM"

expect_exit 0 pppctl disconnect vm
vm_wait_exit 16
vm_log_summary
echo "PASS: interop.pppd_ipv6 (${SECONDS}s)"
