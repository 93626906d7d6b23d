#!/usr/bin/env bash
# A private, system-like D-Bus daemon for tests (config: system-bus.conf next
# to this file, i.e. Debian's default-deny system policy plus the repo's
# dbus/org.freedesktop.ppp1.conf). It listens on a unix:path socket, never an
# abstract one, so processes in other network namespaces can reach it.
#
# As a command:
#   private-bus.sh start DIR      starts the bus on DIR/system_bus_socket; prints
#                                 DBUS_SYSTEM_BUS_ADDRESS=... and PRIVATE_BUS_PID=...
#                                 (eval-able) once the bus accepts connections
#   private-bus.sh stop PID       stops it
#   private-bus.sh wait-name NAME SECONDS
#                                 waits until NAME has an owner on the bus in
#                                 $DBUS_SYSTEM_BUS_ADDRESS (exit 1 at the deadline)
# As a library (source it): private_bus_start DIR (exports
# DBUS_SYSTEM_BUS_ADDRESS and PRIVATE_BUS_PID), private_bus_stop,
# private_bus_wait_name NAME SECONDS; and the assertions the bus tests share:
# fail, pass, wait_for, bus, expect_exit, expect_output (a script that needs
# another fail, e.g. one that dumps its logs, defines it after sourcing).

# PRIVATE_BUS_CONFIG may name another config (e.g. polkit-bus.conf) before sourcing.
PRIVATE_BUS_CONFIG=${PRIVATE_BUS_CONFIG:-"$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/system-bus.conf"}

# private_bus_start DIR: dbus-daemon forks once it listens and prints its
# address and pid, so no waiting loop is needed.
private_bus_start() {
  local dir=$1 out
  mkdir -p "$dir"
  out=$(dbus-daemon --config-file="$PRIVATE_BUS_CONFIG" --address="unix:path=$dir/system_bus_socket" \
          --fork --nopidfile --print-address=1 --print-pid=1) || return 1
  DBUS_SYSTEM_BUS_ADDRESS=$(sed -n 1p <<<"$out")
  PRIVATE_BUS_PID=$(sed -n 2p <<<"$out")
  export DBUS_SYSTEM_BUS_ADDRESS PRIVATE_BUS_PID
  [ -n "$DBUS_SYSTEM_BUS_ADDRESS" ] && [ -n "$PRIVATE_BUS_PID" ]
}

# private_bus_stop [PID]
private_bus_stop() {
  local pid=${1:-${PRIVATE_BUS_PID:-}}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  PRIVATE_BUS_PID=""
}

private_bus_name_has_owner() {
  busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" call org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus NameHasOwner s "$1" 2>/dev/null | grep -q '^b true$'
}

# private_bus_wait_name NAME SECONDS: polls NameHasOwner until NAME is owned
# or the deadline passes.
private_bus_wait_name() {
  local name=$1 deadline=$((SECONDS + $2))
  until private_bus_name_has_owner "$name"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after $2 s waiting for $name on $DBUS_SYSTEM_BUS_ADDRESS" >&2
      return 1
    fi
    sleep 0.05
  done
}

# --- shared by the tests that source this file
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
wait_for() {  # wait_for SECONDS WHAT CMD...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for $what"
    sleep 0.05
  done
}
bus() { busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" "$@"; }
# expect_exit CODE CMD...: runs CMD, asserts its exit status, keeps stdout+stderr in $OUT.
expect_exit() {
  local want=$1; shift
  set +e; OUT=$("$@" 2>&1); local got=$?; set -e
  printf '%s\n' "$OUT" | sed 's/^/    | /'
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
expect_output() { grep -qE -- "$1" <<<"$OUT" || fail "output lacks /$1/"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case ${1:-} in
    start)
      private_bus_start "${2:?usage: private-bus.sh start DIR}"
      echo "DBUS_SYSTEM_BUS_ADDRESS=$DBUS_SYSTEM_BUS_ADDRESS"
      echo "PRIVATE_BUS_PID=$PRIVATE_BUS_PID"
      ;;
    stop) private_bus_stop "${2:?usage: private-bus.sh stop PID}" ;;
    wait-name) private_bus_wait_name "${2:?usage: private-bus.sh wait-name NAME SECONDS}" "${3:-10}" ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
fi
