# shellcheck shell=bash
# Shared by the interop tests: Debian's real pppd (2.4.9) in a tiny qemu VM
# (../shared/interop/pppd-vm) as the peer of pppkitd. pppd's serial line is
# a unix socket; socat turns it into a pty that is our peer's device.
#
# The VM's kernel+initramfs are cached in /var/cache/pppkit/pppd-vm (or
# $PPPD_VM_DIR), shared by every build tree. pppd-vm rebuilds the initramfs
# whenever pppd, busybox or pppd-vm itself change (its stamp), and builds
# run under a lock, so the cache stays correct when tests run in parallel.
#
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (network namespace, TUN).

source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"
source "$PPPKIT_ROOT/scripts/lib/deps.sh"

INTEROP_CACHE=${PPPD_VM_DIR:-/var/cache/pppkit/pppd-vm}

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; dump_logs; exit 1; }
dump_logs() {
  local f
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 80 "$f"; done >&2
}
# expect_exit CODE CMD...: runs CMD, asserts its exit code, keeps its output in $OUT.
expect_exit() {
  local want=$1; shift
  set +e; OUT=$("$@" 2>&1); local got=$?; set -e
  printf '%s\n' "$OUT"
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
json_field() { pppctl status vm --json | sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -n1; }

# interop_preflight: skips (77) with the reason when the VM cannot run here;
# otherwise re-executes the calling script inside a network namespace.
interop_preflight() {
  if [ -n "${PPPKIT_INTEROP_SANITIZED:-}" ] && [ -z "${PPPKIT_INTEROP_UNDER_SANITIZERS:-}" ]; then
    skip "interop tests run only in the build without sanitizers (this one has PPPKIT_SANITIZE=ON): each boots a qemu VM, too slow to do twice in CI. Set PPPKIT_INTEROP_UNDER_SANITIZERS=1 to run them here anyway."
  fi
  [ "$(id -u)" -eq 0 ] || skip "needs root for a network namespace and a TUN device"
  PPPD_VM=$(readlink -f "$PPPKIT_ROOT/../shared/interop/pppd-vm" 2>/dev/null || true)
  if [ -z "$PPPD_VM" ] || [ ! -x "$PPPD_VM" ]; then
    skip "pppd-vm not found at $PPPKIT_ROOT/../shared/interop/pppd-vm"
  fi
  export PPPD_VM
  if [ -z "${PPPKIT_IN_NETNS:-}" ]; then
    local missing=()
    for tool in qemu-system-x86_64 socat python3 cpio; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    [ -x /usr/sbin/pppd ] || missing+=(pppd)
    if [ ${#missing[@]} -gt 0 ]; then
      ensure_packages "${PPPKIT_TEST_PACKAGES[@]}" || true
      for tool in qemu-system-x86_64 socat python3 cpio; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool missing and could not be installed (apt-get install ${PPPKIT_TEST_PACKAGES[*]})"
      done
    fi
    vm_prepare
  fi
  sandbox_enter_netns bash "$0" "$@"
}

# vm_prepare: builds the cached image before the test enters its network
# namespace, where apt-get cannot download the kernel package; inside,
# vm_build then only finds the image up to date.
vm_prepare() {
  mkdir -p "$INTEROP_CACHE"
  local log
  log=$(mktemp /tmp/pppkit-vm-build.XXXXXX)
  echo "==> VM image, before entering the network namespace (cache $INTEROP_CACHE)"
  if ! PPPD_VM_DIR=$INTEROP_CACHE timeout 600 flock "$INTEROP_CACHE.lock" "$PPPD_VM" build >"$log" 2>&1; then
    echo "FAIL: pppd-vm build failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

# vm_build: the cached kernel+initramfs, built or refreshed under a lock.
vm_build() {
  mkdir -p "$INTEROP_CACHE"
  sandbox_log "VM image (cache $INTEROP_CACHE)"
  PPPD_VM_DIR=$INTEROP_CACHE timeout 600 flock "$INTEROP_CACHE.lock" "$PPPD_VM" build \
    >"$SANDBOX/log/vm-build.log" 2>&1 || fail "pppd-vm build failed"
  tail -n 2 "$SANDBOX/log/vm-build.log"
}

# kvm_works: whether the VM boots under KVM here. /dev/kvm can exist and be
# writable yet hang every guest (nested virtualisation without support), so
# the verdict comes from booting the image once with a deadline; it is kept
# per host boot next to the image.
kvm_works() {
  [ -w /dev/kvm ] || return 1
  local verdict
  verdict="$INTEROP_CACHE/kvm.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"
  if [ ! -f "$verdict" ]; then
    local out=no
    # ppp_mode=probe: the guest's init reports an unknown mode and powers off.
    if timeout 20 qemu-system-x86_64 -M q35,accel=kvm -m 256 -smp 1 -nodefaults -no-user-config \
         -display none -no-reboot -kernel "$INTEROP_CACHE/kernel/vmlinuz" -initrd "$INTEROP_CACHE/initrd.gz" \
         -append "console=ttyS0 quiet loglevel=1 panic=-1 ppp_mode=probe" \
         -chardev stdio,id=con,signal=off -serial chardev:con </dev/null 2>/dev/null \
       | grep -q "pppd-vm: pppd exited"; then
      out=yes
    fi
    echo "$out" >"$verdict.tmp" && mv "$verdict.tmp" "$verdict"
  fi
  [ "$(cat "$verdict")" = yes ]
}

# vm_start MODE: boots pppd-vm in MODE with its line on $vm_sock, then
# bridges it to the pty $SANDBOX/ttyVM. qemu boots once socat is connected
# (PPPD_VM_WAIT=1), so nothing pppd sends is lost.
vm_start() {
  local mode=$1 hide_kvm=""
  vm_sock=$SANDBOX/vm.sock
  if kvm_works; then
    sandbox_log "booting the VM with KVM"
  else
    # pppd-vm picks KVM whenever /dev/kvm is writable: in a mount namespace
    # of the VM's own, cover it with a read-only plain file so it uses TCG.
    sandbox_log "KVM unusable here: booting the VM with TCG (slower)"
    : >"$SANDBOX/no-kvm"
    hide_kvm="mount --bind $SANDBOX/no-kvm /dev/kvm && mount -o remount,ro,bind /dev/kvm &&"
    [ -e /dev/kvm ] || hide_kvm=""
  fi
  PPPD_VM_DIR=$INTEROP_CACHE PPPD_VM_WAIT=1 PPPD_VM_EXTRA=${PPPD_VM_EXTRA:-} \
    unshare --mount --propagation private -- sh -c "$hide_kvm exec \"\$0\" run \"\$1\" \"\$2\"" \
    "$PPPD_VM" "$mode" "$vm_sock" >"$SANDBOX/log/vm.log" 2>&1 &
  vm_pid=$!
  SANDBOX_PIDS+=("$vm_pid")
  wait_until 30 "the VM's socket" test -S "$vm_sock" || fail "pppd-vm did not create $vm_sock"
  socat PTY,link="$SANDBOX/ttyVM",raw,echo=0 UNIX-CONNECT:"$vm_sock" >"$SANDBOX/log/socat.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  wait_until 10 "socat's pty" test -e "$SANDBOX/ttyVM" || fail "socat did not create $SANDBOX/ttyVM"
  # Dial only once the VM's pppd owns its line: a TCG boot can take longer
  # than LCP's Configure-Request retries. A VM that cannot boot here is the
  # machine's limit, not pppkit's: skip, with the console's last words.
  wait_until 240 "the VM's pppd to start" vm_started_or_gone || vm_cannot_boot "it did not start pppd within 240 s"
  vm_started || vm_cannot_boot "it exited before pppd started"
  sandbox_log "VM's pppd up after ${SECONDS}s"
}

vm_started() { grep -q "Connect: ppp0 <--> /dev/ttyS1" "$SANDBOX/log/vm.log"; }
vm_started_or_gone() { vm_started || vm_exited; }
vm_cannot_boot() {
  echo "----- the VM's console (last lines)"
  tail -n 20 "$SANDBOX/log/vm.log"
  skip "the pppd VM cannot boot on this machine: $1 (see the console above)"
}

# The VM's launcher is our child: once it exits it stays a zombie until reaped.
vm_exited() { [ ! -e "/proc/$vm_pid" ] || grep -q '^[0-9]* (.*) Z' "/proc/$vm_pid/stat"; }

# vm_wait_exit STATUS: the VM's pppd exits with STATUS and pppd-vm with it.
vm_wait_exit() {
  local want=$1 rc
  wait_until 60 "the VM's pppd to exit" vm_exited || fail "the VM's pppd did not exit"
  set +e; wait "$vm_pid"; rc=$?; set -e
  grep -q "pppd exited with status $want" "$SANDBOX/log/vm.log" || fail "the VM's pppd did not exit with status $want"
  [ "$rc" = "$want" ] || fail "pppd-vm exited $rc, expected $want"
}

vm_log_summary() {
  echo "----- VM's pppd log"
  grep -E "pppd-vm:|Connect|LCP|IPCP|PAP|CHAP|auth|address|Terminat|status" "$SANDBOX/log/vm.log" | tail -n 40 || true
}
