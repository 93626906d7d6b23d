#!/usr/bin/env bash
# End-to-end IPv6CP: pppctl connect against pppkit-sim --ipv6 in a network
# namespace on a private bus.
#
#   dial_ipv6_test.sh CASE     CASE: random | ids | noipv6-peer | noip | ipcp-rejected
# random: `+ipv6`, random interface identifiers: ppp0 gets fe80::<local>
#   peer fe80::<remote>, `ping -6` to the ISP's link-local address is
#   answered, ipv6-up gets pppd's arguments and LLLOCAL/LLREMOTE,
#   LocalAddress6 (busctl, pppctl) shows the address, ipv6-down runs.
# ids: `ipv6 ::1,::2`: exactly those identifiers on both ends.
# noipv6-peer: `+ipv6` against an ISP without IPv6CP: it Protocol-Rejects
#   IPv6CP, IPv4 still comes up, LocalAddress6 stays "", no ipv6-up.
# noip: `noip +ipv6`: an IPv6-only link (our side Protocol-Rejects the
#   ISP's IPCP): Running with ppp0 carrying only the link-local addresses,
#   everything of `random` holds, and ip-up/ip-down never run.
# ipcp-rejected: `+ipv6` against an ISP without IPCP (pppkit-sim --noip):
#   the ISP Protocol-Rejects IPCP, the link runs IPv6 only, as with noip.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
if [ ! -e /proc/sys/net/ipv6 ]; then
  echo "SKIP: the kernel has no IPv6"
  exit 77
fi
sandbox_enter_netns bash "$0" "$@"
source "$PPPKIT_ROOT/tests/dbus/dial_lib.sh"

local_address6() {
  busctl --system get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link \
    LocalAddress6 | sed 's/^s "\(.*\)"$/\1/'
}

sandbox_init
sandbox_start_bus
case_name=${1:?usage: dial_ipv6_test.sh CASE}
connect_internal="chat -v -f $SANDBOX/etc/ppp/chat-isp"

case $case_name in
  random) sandbox_write_peer isp "$connect_internal" "+ipv6" "ipparam v6test" debug ;;
  ids) sandbox_write_peer isp "$connect_internal" "ipv6 ::1,::2" "ipparam v6test" debug ;;
  noipv6-peer) sandbox_write_peer isp "$connect_internal" "+ipv6" debug ;;
  noip) sandbox_write_peer isp "$connect_internal" noip "+ipv6" "ipparam v6test" debug ;;
  ipcp-rejected) sandbox_write_peer isp "$connect_internal" "+ipv6" "ipparam v6test" debug ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
# ipv6-up and ipv6-down record their arguments and environment (complete when the file appears).
for script in ipv6-up ipv6-down ip-up ip-down; do
  cat > "$SANDBOX/etc/ppp/$script" <<EOF_SCRIPT
#!/bin/sh
{ printf '%s\n' "\$0"; for a in "\$@"; do printf '[%s]\n' "\$a"; done; echo --; env | LC_ALL=C sort; } > "$SANDBOX/log/$script.tmp"
mv "$SANDBOX/log/$script.tmp" "$SANDBOX/log/$script.out"
EOF_SCRIPT
  chmod 755 "$SANDBOX/etc/ppp/$script"
done
ipv6_only=false
if [ "$case_name" = noipv6-peer ]; then
  sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2
elif [ "$case_name" = noip ]; then
  ipv6_only=true
  sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --ipv6
elif [ "$case_name" = ipcp-rejected ]; then
  ipv6_only=true
  sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --ipv6 --noip
else
  sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --ipv6
fi
sandbox_start_daemon

expect_exit 0 pppctl connect isp --wait=30
[ "$(json_field state)" = Running ] || fail "state is not Running"
if $ipv6_only; then
  [ -z "$(json_field local_address)" ] || fail "an IPv6-only link shows IPv4 address '$(json_field local_address)'"
  ! ip -4 -o addr show dev ppp0 | grep -q inet || fail "ppp0 has an IPv4 address on an IPv6-only link"
  if [ "$case_name" = noip ]; then
    grep -q "rejecting unsupported protocol 0x8021" "$SANDBOX/log/pppkitd.log" || fail "the ISP's IPCP was not rejected"
  else
    grep -q "peer rejected protocol 0x8021" "$SANDBOX/log/pppkitd.log" || fail "no Protocol-Reject of IPCP seen"
  fi
else
  [ "$(json_field local_address)" = 10.64.0.2 ] || fail "IPv4 did not come up"
fi

if [ "$case_name" = noipv6-peer ]; then
  wait_until 10 "the Protocol-Reject" grep -q "peer rejected protocol 0x8057" "$SANDBOX/log/pppkitd.log" \
    || fail "no Protocol-Reject of IPv6CP seen"
  [ -z "$(local_address6)" ] || fail "LocalAddress6 is '$(local_address6)' without IPv6CP"
  ! ip -6 -o addr show dev ppp0 | grep -q fe80 || fail "ppp0 has an IPv6 address without IPv6CP"
  [ ! -e "$SANDBOX/log/ipv6-up.out" ] || fail "ipv6-up ran without IPv6CP"
  expect_exit 0 pppctl disconnect isp
  echo "PASS: $case_name"
  exit 0
fi

wait_until 10 "ipv6-up to run" test -e "$SANDBOX/log/ipv6-up.out" || fail "ipv6-up did not run"
env_up=$(sed '1,/^--$/d' "$SANDBOX/log/ipv6-up.out")
lllocal=$(sed -n 's/^LLLOCAL=//p' <<<"$env_up")
llremote=$(sed -n 's/^LLREMOTE=//p' <<<"$env_up")
[[ "$lllocal" =~ ^fe80::[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}$ ]] || fail "LLLOCAL is '$lllocal'"
[[ "$llremote" =~ ^fe80::[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}$ ]] || fail "LLREMOTE is '$llremote'"
[ "$lllocal" != "$llremote" ] || fail "both ends have $lllocal"
if [ "$case_name" = ids ]; then
  [ "$lllocal" = fe80::0000:0000:0000:0001 ] || fail "LLLOCAL is $lllocal, not ::1"
  [ "$llremote" = fe80::0000:0000:0000:0002 ] || fail "LLREMOTE is $llremote, not ::2"
fi
want_args=$(printf '%s\n' "$SANDBOX/etc/ppp/ipv6-up" "[ppp0]" "[$SANDBOX/ttySIM]" "[115200]" "[$lllocal]" "[$llremote]" "[v6test]")
got_args=$(sed '/^--$/,$d' "$SANDBOX/log/ipv6-up.out")
[ "$got_args" = "$want_args" ] || fail "ipv6-up got arguments
$got_args
expected
$want_args"
grep -qx "IFNAME=ppp0" <<<"$env_up" || fail "ipv6-up's environment lacks IFNAME=ppp0"

# The kernel's view: our address with the ISP's as peer, nothing else link-local.
addrs=$(ip -6 -o addr show dev ppp0)
printf '%s\n' "$addrs"
short_local=$(python3 -c 'import ipaddress,sys; print(ipaddress.ip_address(sys.argv[1]))' "$lllocal")
short_remote=$(python3 -c 'import ipaddress,sys; print(ipaddress.ip_address(sys.argv[1]))' "$llremote")
grep -q "inet6 $short_local peer $short_remote/128" <<<"$addrs" || fail "ppp0 lacks $short_local peer $short_remote"
[ "$(grep -c 'inet6 fe80' <<<"$addrs")" = 1 ] || fail "ppp0 has other link-local addresses"

grep -q "local  LL address $lllocal" "$SANDBOX/log/pppkitd.log" || fail "no 'local  LL address' line"
grep -q "remote LL address $llremote" "$SANDBOX/log/pppkitd.log" || fail "no 'remote LL address' line"
grep -q "sent \[IPV6CP ConfReq id=0x1 <addr fe80::" "$SANDBOX/log/pppkitd.log" || fail "no decoded IPV6CP ConfReq"

[ "$(local_address6)" = "$lllocal" ] || fail "LocalAddress6 is '$(local_address6)', expected $lllocal"
expect_exit 0 pppctl status isp
grep -q "IPv6: $lllocal" <<<"$OUT" || fail "pppctl status does not show the IPv6 address"

ping -6 -c 3 -W 3 "$short_remote%ppp0" | tee "$SANDBOX/log/ping6.out"
grep -q "3 received" "$SANDBOX/log/ping6.out" || fail "3 IPv6 pings did not come back"
grep -q "IPv6 up: client $lllocal, ISP $llremote" "$SANDBOX/log/sim.log" || fail "the ISP did not log IPv6 up"

expect_exit 0 pppctl disconnect isp
wait_until 10 "ipv6-down to run" test -e "$SANDBOX/log/ipv6-down.out" || fail "ipv6-down did not run"
[ "$(sed -n 2p "$SANDBOX/log/ipv6-down.out")" = "[ppp0]" ] || fail "ipv6-down's first argument is not ppp0"
grep -qx "LLLOCAL=$lllocal" "$SANDBOX/log/ipv6-down.out" || fail "ipv6-down lacks LLLOCAL"
if $ipv6_only; then
  [ ! -e "$SANDBOX/log/ip-up.out" ] || fail "ip-up ran on an IPv6-only link"
  [ ! -e "$SANDBOX/log/ip-down.out" ] || fail "ip-down ran on an IPv6-only link"
fi
wait_until 10 "LocalAddress6 to clear" bash -c "[ -z \"\$(busctl --system get-property org.freedesktop.ppp1 /org/freedesktop/ppp1/link/isp org.freedesktop.ppp1.Link LocalAddress6 | sed 's/^s \"\\(.*\\)\"\$/\\1/')\" ]" \
  || fail "LocalAddress6 still set after disconnect"
echo "PASS: $case_name"
