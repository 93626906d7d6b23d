#!/bin/bash
# rootfs.sh CACHE_ROOT: prints the path of a minimal Debian 12 (bookworm) tree
# for the nspawn system test, building it with debootstrap on first use.
#
# The tree lives in CACHE_ROOT/bookworm-KEY, where KEY changes whenever the
# package list or this recipe changes, so a stale cache is rebuilt instead of
# reused. It holds everything the pppkit package depends on, so installing the
# .deb later needs no network (the sanitizer runtimes too, for a package built
# with PPPKIT_SANITIZE). Builders hold CACHE_ROOT/.lock exclusively, users of
# a tree hold it shared; a caller that already holds it exclusively sets
# PPPKIT_ROOTFS_LOCKED=1. PPPKIT_DEBOOTSTRAP names another debootstrap (tests).
set -euo pipefail

cache_root=${1:?usage: rootfs.sh CACHE_ROOT}
recipe=2
packages=(
  systemd systemd-sysv libpam-systemd dbus polkitd
  libsdbus-c++1 libsystemd0 libnettle8
  iproute2 procps util-linux
  libasan8 libubsan1
)
key=$( (echo "$recipe"; printf '%s\n' "${packages[@]}") | sha256sum | cut -c1-12)
tree=$cache_root/bookworm-$key

mirror=${PPPKIT_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # The first http(s) Debian archive URI apt on this machine uses.
  mirror=$(grep -rhoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
           | grep -oE 'https?://[^ ]+' | head -1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

mkdir -p "$cache_root"
if [ -z "${PPPKIT_ROOTFS_LOCKED:-}" ]; then
  exec 9>"$cache_root/.lock"
  flock 9
fi

if [ ! -f "$tree/.complete" ]; then
  # Remove stale trees of older recipes (and a half-built one of ours).
  for old in "$cache_root"/bookworm-*; do
    [ -e "$old" ] && rm -rf --one-file-system "$old"
  done
  work=$tree.tmp
  rm -rf --one-file-system "$work"
  echo "rootfs: debootstrap bookworm from $mirror into $tree (once; takes a few minutes)" >&2
  include=$(IFS=,; echo "${packages[*]}")
  if ! "${PPPKIT_DEBOOTSTRAP:-debootstrap}" --variant=minbase --include="$include" bookworm "$work" "$mirror" >"$cache_root/debootstrap.log" 2>&1; then
    echo "rootfs: debootstrap failed; see $cache_root/debootstrap.log:" >&2
    tail -20 "$cache_root/debootstrap.log" >&2
    exit 1
  fi
  rm -rf "$work"/var/cache/apt/archives/*.deb "$work"/var/lib/apt/lists/*
  echo pppkit-test >"$work/etc/hostname"
  touch "$work/.complete"
  mv "$work" "$tree"
fi
echo "$tree"
