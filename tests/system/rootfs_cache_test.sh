#!/usr/bin/env bash
# rootfs.sh's cache, with a stand-in for debootstrap that only records its
# calls: the first call builds, the next ones reuse the tree, a tree of an
# older recipe is removed, a half-built one is never used.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$tmp/fake-debootstrap" <<'EOS'
#!/bin/sh
# debootstrap [options] SUITE TARGET MIRROR: a tree with one file.
eval "target=\${$(($# - 1))}"
echo call >>"$FAKE_CALLS"
mkdir -p "$target/etc" "$target/var/cache/apt/archives" "$target/var/lib/apt/lists"
echo bookworm >"$target/etc/debian_version"
[ -z "${FAKE_FAIL:-}" ] || exit 1
EOS
chmod +x "$tmp/fake-debootstrap"
export PPPKIT_DEBOOTSTRAP=$tmp/fake-debootstrap FAKE_CALLS=$tmp/calls PPPKIT_DEBIAN_MIRROR=http://mirror.invalid/debian
cache=$tmp/cache
calls() { [ -f "$FAKE_CALLS" ] && wc -l <"$FAKE_CALLS" || echo 0; }

mkdir -p "$cache/bookworm-0ldrecipe0/etc"
touch "$cache/bookworm-0ldrecipe0/.complete"
tree=$(bash "$here/rootfs.sh" "$cache" 2>/dev/null) || fail "first build failed"
[ "$(calls)" = 1 ] || fail "first use ran debootstrap $(calls) times"
[ -f "$tree/.complete" ] && [ -f "$tree/etc/debian_version" ] || fail "no complete tree at $tree"
[ "$(cat "$tree/etc/hostname")" = pppkit-test ] || fail "hostname not set"
[ ! -e "$cache/bookworm-0ldrecipe0" ] || fail "the older recipe's tree was not removed"
echo "ok: built $tree, removed the stale tree"

again=$(bash "$here/rootfs.sh" "$cache" 2>/dev/null) || fail "second use failed"
[ "$again" = "$tree" ] && [ "$(calls)" = 1 ] || fail "the cached tree was not reused"
echo "ok: reused the cached tree"

# A build that fails leaves no tree that a later run would take for complete.
rm -rf "$tree"
set +e; FAKE_FAIL=1 bash "$here/rootfs.sh" "$cache" >/dev/null 2>&1; rc=$?; set -e
[ "$rc" != 0 ] || fail "a failed debootstrap was reported as success"
[ ! -e "$tree" ] || fail "a failed build left $tree"
bash "$here/rootfs.sh" "$cache" >/dev/null 2>&1 || fail "rebuild after a failure failed"
[ "$(calls)" = 3 ] && [ -f "$tree/.complete" ] || fail "no rebuild after the failure"
echo "ok: a failed build is rebuilt next time"
echo PASS
