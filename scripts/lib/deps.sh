# shellcheck shell=bash
# Installs, idempotently, the Debian packages the build, the demo and the
# tests need. Sourced by scripts/demo and scripts/test.

PPPKIT_BUILD_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libsdbus-c++-dev libsdbus-c++-bin libsystemd-dev
  libgtest-dev nettle-dev
  scdoc dpkg-dev
  qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools
)
PPPKIT_RUN_PACKAGES=(dbus iproute2 iputils-ping util-linux procps libqt6svg6)
# xvfb, xauth, trayer (a tray host) and xdotool: tests/tray/screenshots.sh;
# debootstrap and systemd-container: the nspawn system test.
PPPKIT_TEST_PACKAGES=(ppp socat python3 polkitd qemu-system-x86 busybox-static cpio debootstrap systemd-container xvfb xauth trayer xdotool)

# ensure_packages PKG...: installs those not installed yet (needs root).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    return 1
  fi
  echo "==> installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_and_build BUILD_DIR [cmake args...]: configures (again, so new
# options reach an existing build dir) and builds everything.
configure_and_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$PPPKIT_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  else
    cmake "$dir" "$@" >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)"
}
