# shellcheck shell=bash
# Shared by the end-to-end dial tests (dial_test.sh, dial_auth_test.sh,
# dial_ipv6_test.sh), sourced after scripts/lib/sandbox.sh: failing with the
# sandbox's logs, asserting an exit code, reading the link's status.

fail() { echo "FAIL: $*" >&2; dump_logs; exit 1; }
dump_logs() {
  local f
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 80 "$f"; done >&2
}
# expect_exit CODE CMD...: runs CMD, asserts its exit code, keeps its output
# in $OUT (and in the sandbox's pppctl.log).
expect_exit() {
  local want=$1; shift
  set +e; OUT=$("$@" 2>&1); local got=$?; set -e
  printf '%s\n' "$OUT" | tee -a "$SANDBOX/log/pppctl.log"
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
# json_field NAME: one field of `pppctl status isp --json`.
json_field() { pppctl status isp --json | sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -n1; }
