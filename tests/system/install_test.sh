#!/usr/bin/env bash
# `cmake --install` into a staging directory puts every file where Debian
# expects it (prefix /usr), and the man pages render without warnings.
#   install_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: install_test.sh BUILD_DIR}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$stage cmake --install "$build" >/dev/null
DESTDIR=$stage cmake --install "$build" --component sim >/dev/null
for f in \
  usr/sbin/pppkitd usr/bin/pppctl usr/bin/pppkit-sim \
  usr/lib/systemd/system/pppkitd.service usr/lib/systemd/system/ppp@.service \
  usr/lib/tmpfiles.d/pppkit.conf \
  usr/share/dbus-1/system.d/org.freedesktop.ppp1.conf \
  usr/share/dbus-1/system-services/org.freedesktop.ppp1.service \
  usr/share/dbus-1/interfaces/org.freedesktop.ppp1.Manager.xml \
  usr/share/dbus-1/interfaces/org.freedesktop.ppp1.Link.xml \
  usr/share/man/man1/pppctl.1.gz usr/share/man/man8/pppkitd.8.gz \
  usr/share/bash-completion/completions/pppctl; do
  [ -e "$stage/$f" ] || fail "$f not installed"
done
[ -x "$stage/usr/sbin/pppkitd" ] && [ -x "$stage/usr/bin/pppctl" ] || fail "binaries not executable"
# Every polkit file of the source tree.
src=$(cd "$(dirname "$0")/../.." && pwd)
for f in "$src"/polkit/*.policy; do [ -e "$f" ] && { [ -e "$stage/usr/share/polkit-1/actions/${f##*/}" ] || fail "${f##*/} not installed"; }; done
for f in "$src"/polkit/*.rules; do [ -e "$f" ] && { [ -e "$stage/usr/share/polkit-1/rules.d/${f##*/}" ] || fail "${f##*/} not installed"; }; done
# The activation file names the unit that exists and the binary it runs.
grep -qx "SystemdService=pppkitd.service" "$stage/usr/share/dbus-1/system-services/org.freedesktop.ppp1.service" \
  || fail "activation file does not name pppkitd.service"
grep -q "^ExecStart=/usr/sbin/pppkitd" "$stage/usr/lib/systemd/system/pppkitd.service" || fail "unit does not run /usr/sbin/pppkitd"
grep -q "^ExecStart=/usr/bin/pppctl connect %i" "$stage/usr/lib/systemd/system/ppp@.service" || fail "ppp@.service does not run /usr/bin/pppctl"
# The man pages render cleanly.
if command -v man >/dev/null; then
  for page in usr/share/man/man1/pppctl.1.gz usr/share/man/man8/pppkitd.8.gz; do
    warnings=$(MANWIDTH=80 man --warnings -l "$stage/$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "$page: $warnings"
    MANWIDTH=80 man -l "$stage/$page" 2>/dev/null | grep -q "^NAME" || fail "$page has no NAME section"
  done
fi
echo PASS
