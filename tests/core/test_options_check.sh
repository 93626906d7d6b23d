#!/usr/bin/env bash
# `pppctl check`, offline (no bus, no root needed): the demo's configuration
# checks clean (exit 0); a broken one prints file:line diagnostics (exit 1);
# --config-dir maps /etc/ppp/... paths; permissions and an unreadable chat
# script are warnings; --json is valid JSON in both cases.
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
# shellcheck source=../../scripts/lib/sandbox.sh
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
PPPCTL="$PPPKIT_BUILD/service/pppctl/pppctl"
# No bus at all: check must not need one.
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/pppkit-check-test"

sandbox_init
etc=$SANDBOX/etc/ppp
out=$SANDBOX/out
err=$SANDBOX/err

# check_run EXPECTED_STATUS ARGS...: runs pppctl check, keeping stdout/stderr.
check_run() {
  local want=$1 rc=0; shift
  "$PPPCTL" check "$@" >"$out" 2>"$err" || rc=$?
  if [ "$rc" -ne "$want" ]; then
    cat "$out" "$err" >&2
    fail "pppctl check $* exited $rc, expected $want"
  fi
}
valid_json() { python3 -m json.tool "$out" >/dev/null || { cat "$out" >&2; fail "--json output is not valid JSON"; }; }

# 1. The demo's configuration (scripts/demo writes it this way): exit 0.
sandbox_write_peer isp "chat -v -f $etc/chat-isp"
check_run 0 --config-dir "$etc" isp
grep -q "^isp: 0 errors" "$out" || fail "no clean summary: $(cat "$out")"
grep -Eq "^  connect chat -v -f $etc/chat-isp +# $etc/peers/isp:4$" "$out" || fail "connect and its origin not shown"
grep -Eq "^  noauth +# $etc/options:2$" "$out" || fail "noauth from options not shown"
grep -q "error" "$err" && fail "errors on the demo config: $(cat "$err")"
grep -q "mode 0" "$err" && fail "the sandbox's /etc/ppp is mode 700, yet: $(cat "$err")"
check_run 0 --json --config-dir "$etc" isp
valid_json
grep -q '"ok": true' "$out" || fail "json: not ok"

# 2. A broken peer: every error with its file:line, exit 1.
cat > "$etc/peers/broken" <<'EOF_PEER'
ttyS0 115200
usepeerdsn
mru 12
connect "chat -v -f /etc/ppp/chat-missing"
EOF_PEER
check_run 1 --config-dir "$etc" broken
grep -Fxq "$etc/peers/broken:2: error: unknown option 'usepeerdsn' (did you mean 'usepeerdns'?)" "$err" ||
  fail "no file:line for the unknown option: $(cat "$err")"
grep -Fxq "$etc/peers/broken:3: error: option 'mru': 12 is out of range (128..16384)" "$err" ||
  fail "no file:line for the bad number: $(cat "$err")"
# /etc/ppp/chat-missing is looked for under --config-dir, and reported where connect was set.
grep -Fxq "$etc/peers/broken:4: warning: the chat script $etc/chat-missing cannot be read" "$err" ||
  fail "unreadable chat script not reported: $(cat "$err")"
grep -q "^broken: 2 errors" "$out" || fail "summary: $(cat "$out")"
check_run 1 --config-dir "$etc" --json broken
valid_json
grep -q '"ok": false' "$out" || fail "json: ok on a broken config"
grep -q '"line": 3' "$out" || fail "json: no line numbers"

# 3. /etc/ppp/... paths are read under DIR; a chat script error is an error.
printf "TIMEOUT\n" > "$etc/chat-bad"
printf '/dev/ttyS1\nconnect "chat -f /etc/ppp/chat-bad"\nfile /etc/ppp/extra\n' > "$etc/peers/mapped"
printf 'lcp-echo-interval 9\n' > "$etc/extra"
check_run 1 --config-dir "$etc" mapped
grep -Eq "^  lcp-echo-interval 9 +# $etc/extra:1$" "$out" || fail "file /etc/ppp/extra not read under DIR"
grep -q "^$etc/chat-bad:1: error: " "$err" || fail "chat script error not reported: $(cat "$err")"

# An external connect program that is not there.
printf '/dev/ttyS1\nconnect "/usr/local/bin/no-such-dialer --fast"\n' > "$etc/peers/external"
check_run 0 --config-dir "$etc" external
grep -Fxq "$etc/peers/external:2: warning: the connect program /usr/local/bin/no-such-dialer is not an executable file" "$err" ||
  fail "missing connect program not reported: $(cat "$err")"

# 4. Permissions: /etc/ppp not 700, secrets readable by others, no options file.
chmod 755 "$etc"
printf '* * secret\n' > "$etc/chap-secrets"
chmod 644 "$etc/chap-secrets"
rm "$etc/options"
check_run 0 --config-dir "$etc" isp
grep -Fq "$etc:0: warning: mode 0755" "$err" || fail "directory mode not reported: $(cat "$err")"
grep -Fq "$etc/chap-secrets:0: warning: world-readable (mode 0644)" "$err" || fail "secrets mode not reported"
grep -Fq "$etc/options:0: warning: cannot read $etc/options" "$err" || fail "missing options not reported"
grep -q "secret" "$out" && fail "a secret was printed"

# 5. As a user who may not read the files (root reads everything, so drop to nobody).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  rc=0
  setpriv --reuid=65534 --regid=65534 --clear-groups "$PPPCTL" check --config-dir "$etc" isp >"$out" 2>"$err" || rc=$?
  [ "$rc" -eq 1 ] || fail "unreadable config as nobody exited $rc, expected 1"
  grep -Fq "$etc/peers/isp:0: error: permission denied" "$err" || fail "permission problem not explained: $(cat "$err")"
else
  echo "note: not root, the unreadable-file case is covered only when run as root"
fi

# 6. Usage errors.
rc=0; "$PPPCTL" check >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "check without NAME exited $rc, expected 2"
rc=0; "$PPPCTL" check --config-dir >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--config-dir without DIR exited $rc, expected 2"
check_run 1 --config-dir "$etc" nosuchpeer
grep -q "no such peer 'nosuchpeer'" "$err" || fail "missing peer not reported"

echo "pppctl check: all cases passed"
