# shellcheck shell=bash
# A throw-away world for running pppkit without touching the host: a private
# system-like D-Bus, a config dir in pppd's layout, the modem/ISP simulator and
# the daemon, all under one temporary directory and cleaned up on exit.
# Used by scripts/demo and the integration tests. Run inside a network
# namespace of its own (sandbox_enter_netns) so ppp0 and routes stay private.
#
# Needs: PPPKIT_ROOT (source tree), PPPKIT_BUILD (build tree).

SANDBOX=""
SANDBOX_PIDS=()

# Re-executes the calling script inside a new network namespace (root only).
# Loopback is brought up so local tools behave normally.
sandbox_enter_netns() {
  if [ -z "${PPPKIT_IN_NETNS:-}" ]; then
    export PPPKIT_IN_NETNS=1
    exec unshare --net -- "$@"
  fi
  ip link set lo up
}

sandbox_log() { printf '==> %s\n' "$*"; }

# wait_until SECONDS DESCRIPTION CMD...: polls CMD until it succeeds or the deadline passes.
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.05
  done
}

sandbox_init() {
  SANDBOX=$(mktemp -d /tmp/pppkit-sandbox.XXXXXX)
  mkdir -p "$SANDBOX/etc/ppp/peers" "$SANDBOX/run" "$SANDBOX/log"
  chmod 700 "$SANDBOX/etc/ppp"
  trap sandbox_cleanup EXIT
  trap 'exit 130' INT TERM
}

sandbox_cleanup() {
  local rc=$? pid i
  # Stop in reverse order of start, politely first, so the daemon hangs up.
  for ((i=${#SANDBOX_PIDS[@]}-1; i>=0; i--)); do
    pid=${SANDBOX_PIDS[$i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SANDBOX_PIDS=()
  if [ -n "$SANDBOX" ] && [ -z "${PPPKIT_KEEP_SANDBOX:-}" ]; then rm -rf "$SANDBOX"; fi
  return $rc
}

# Starts a private dbus-daemon configured like the system bus, with the repo's
# policy for org.freedesktop.ppp1, and exports DBUS_SYSTEM_BUS_ADDRESS.
source "$PPPKIT_ROOT/tests/dbus/private-bus.sh"
sandbox_start_bus() {
  private_bus_start "$SANDBOX" || return 1
  SANDBOX_PIDS+=("$PRIVATE_BUS_PID")
}

# sandbox_write_peer NAME CONNECT [EXTRA OPTION LINES...]: options, peers/NAME
# and a chat script in the seed's style, device = the simulator's link.
sandbox_write_peer() {
  local name=$1 connect=$2; shift 2
  local etc=$SANDBOX/etc/ppp
  cat > "$etc/options" <<'EOF_OPTS'
# Global options, read before every peer file (as pppd does).
noauth
EOF_OPTS
  cat > "$etc/chat-$name" <<'EOF_CHAT'
ABORT BUSY
ABORT 'NO CARRIER'
ABORT 'NO DIALTONE'
TIMEOUT 5
'' ATZ
OK ATDT5551234
CONNECT ''
EOF_CHAT
  {
    echo "# $name: the simulated ISP"
    echo "$SANDBOX/ttySIM 115200"
    echo "local"
    echo "connect \"$connect\""
    echo "noipdefault"
    echo "usepeerdns"
    echo "defaultroute"
    local line
    for line in "$@"; do echo "$line"; done
  } > "$etc/peers/$name"
}

# sandbox_start_sim [pppkit-sim options...]
sandbox_start_sim() {
  "$PPPKIT_BUILD/tests/sim/pppkit-sim" --link "$SANDBOX/ttySIM" "$@" >"$SANDBOX/log/sim.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  wait_until 10 "the simulator's line" test -e "$SANDBOX/ttySIM"
}

sandbox_start_daemon() {
  "$PPPKIT_BUILD/service/pppkitd" --config-dir "$SANDBOX/etc/ppp" --run-dir "$SANDBOX/run" --lock-dir "$SANDBOX/run" \
    >"$SANDBOX/log/pppkitd.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  private_bus_wait_name org.freedesktop.ppp1 10
}

pppctl() { "$PPPKIT_BUILD/service/pppctl/pppctl" "$@"; }
