#!/usr/bin/env bash
# Wire compatibility with Debian's real pppd: pppkitd dials a pppd (server, no
# authentication) running inside a tiny qemu VM (shared/interop/pppd-vm).
# pppd's serial line is a unix socket; socat turns it into a pty that is the
# device of our peer "vm". Asserts IPCP results (10.64.0.2 / 10.64.0.1, DNS
# 10.64.0.53), pings the VM's kernel over ppp0, then hangs up and checks that
# pppd saw the link terminated.
#
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (network namespace, TUN).
# The VM's kernel+initramfs are cached in $PPPKIT_BUILD/pppd-vm-cache
# (override with PPPD_VM_DIR); the first run builds them.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"
source "$PPPKIT_ROOT/scripts/lib/deps.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
PPPD_VM=$(readlink -f "$PPPKIT_ROOT/../shared/interop/pppd-vm" 2>/dev/null || true)
if [ -z "$PPPD_VM" ] || [ ! -x "$PPPD_VM" ]; then
  echo "SKIP: pppd-vm not found at $PPPKIT_ROOT/../shared/interop/pppd-vm"
  exit 77
fi
if [ -z "${PPPKIT_IN_NETNS:-}" ]; then
  # Once, before entering the namespace: the VM needs qemu, a static busybox,
  # cpio and Debian's pppd (copied into its initramfs).
  if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
    ensure_packages "${PPPKIT_TEST_PACKAGES[@]}" || true
    if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
      echo "SKIP: qemu-system-x86_64 missing and could not be installed (apt-get install qemu-system-x86)"
      exit 77
    fi
  fi
fi
sandbox_enter_netns bash "$0" "$@"

export PPPD_VM_DIR=${PPPD_VM_DIR:-$PPPKIT_BUILD/pppd-vm-cache}

fail() { echo "FAIL: $*" >&2; dump_logs; exit 1; }
dump_logs() {
  local f
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 60 "$f"; done >&2
}
expect_exit() {
  local want=$1; shift
  set +e; OUT=$("$@" 2>&1); local got=$?; set -e
  printf '%s\n' "$OUT"
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
# The VM's launcher is our child: once it exits it stays a zombie until reaped.
vm_exited() { [ ! -e "/proc/$vm_pid" ] || grep -q '^[0-9]* (.*) Z' "/proc/$vm_pid/stat"; }
json_field() { pppctl status vm --json | sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -n1; }

sandbox_init
sandbox_log "building the VM (cached in $PPPD_VM_DIR)"
timeout 480 "$PPPD_VM" build >"$SANDBOX/log/vm-build.log" 2>&1 || fail "pppd-vm build failed"
tail -n 3 "$SANDBOX/log/vm-build.log"

sandbox_start_bus

# The VM: qemu boots once a client is connected to the socket (PPPD_VM_WAIT=1),
# so nothing pppd sends is lost.
vm_sock=$SANDBOX/vm.sock
PPPD_VM_WAIT=1 "$PPPD_VM" run noauth "$vm_sock" >"$SANDBOX/log/vm.log" 2>&1 &
vm_pid=$!
SANDBOX_PIDS+=("$vm_pid")
wait_until 30 "the VM's socket" test -S "$vm_sock" || fail "pppd-vm did not create $vm_sock"

# The pty that is our peer's device, bridged to the VM's serial line.
socat PTY,link="$SANDBOX/ttyVM",raw,echo=0 UNIX-CONNECT:"$vm_sock" >"$SANDBOX/log/socat.log" 2>&1 &
SANDBOX_PIDS+=($!)
wait_until 10 "socat's pty" test -e "$SANDBOX/ttyVM" || fail "socat did not create $SANDBOX/ttyVM"

etc=$SANDBOX/etc/ppp
printf '# Global options, read before every peer file.\nnoauth\n' >"$etc/options"
cat >"$etc/peers/vm" <<EOF
# vm: Debian's pppd in a qemu VM, reached through a pty (no modem, no chat)
$SANDBOX/ttyVM 115200
local
noipdefault
usepeerdns
EOF
sandbox_start_daemon

# Dial only once the VM's pppd owns its line: with TCG the boot may take a
# while, longer than LCP's Configure-Request retries.
wait_until 150 "the VM's pppd to start" grep -q "Connect: ppp0 <--> /dev/ttyS1" "$SANDBOX/log/vm.log" \
  || fail "the VM's pppd did not start"
sandbox_log "VM up after ${SECONDS}s; dialling"

expect_exit 0 pppctl connect vm --wait=120
status=$(pppctl status vm --json)
printf '%s\n' "$status"
[ "$(json_field state)" = Running ] || fail "state is not Running"
[ "$(json_field local_address)" = 10.64.0.2 ] || fail "local address is not 10.64.0.2"
[ "$(json_field remote_address)" = 10.64.0.1 ] || fail "remote address is not 10.64.0.1"
grep -Eq '"dns": *\[[^]]*"10\.64\.0\.53"' <<<"$status" || fail "DNS is not 10.64.0.53"
ip -o addr show dev ppp0 | grep -q "inet 10.64.0.2 peer 10.64.0.1/32" || fail "ppp0 lacks 10.64.0.2 peer 10.64.0.1"

ping -c 3 -W 5 -I ppp0 10.64.0.1 | tee "$SANDBOX/log/ping.out"
grep -q "3 received" "$SANDBOX/log/ping.out" || fail "3 pings did not come back from the VM"

expect_exit 0 pppctl disconnect vm
# pppd in the VM exits with status 16 (EXIT_HANGUP, link terminated by peer)
# and the VM powers off, ending pppd-vm with that status.
wait_until 60 "the VM's pppd to exit" vm_exited || fail "the VM's pppd did not exit after disconnect"
set +e; wait "$vm_pid"; vm_rc=$?; set -e
grep -q "pppd exited with status 16" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not exit with status 16 (link terminated)"
[ "$vm_rc" = 16 ] || fail "pppd-vm exited $vm_rc, expected 16"
grep -q "Connection terminated" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not log 'Connection terminated'"
wait_until 10 "ppp0 to disappear" bash -c '! ip link show dev ppp0' || fail "ppp0 still there"
wait_until 10 "state Disconnected" bash -c "'$PPPKIT_BUILD/service/pppctl/pppctl' status vm --json | grep -q '\"state\": *\"Disconnected\"'" \
  || fail "link did not return to Disconnected"
echo "----- VM's pppd log"
grep -E "pppd-vm:|Connect|LCP|IPCP|address|Terminat|status" "$SANDBOX/log/vm.log" | grep -v "^\s*$" | tail -n 40 || true
echo "PASS: interop.pppd_noauth (${SECONDS}s)"
