#!/usr/bin/env bash
# pppkit-tray against the real service: a private system bus, pppkit-sim and
# a peer file in a network namespace of their own (scripts/lib/sandbox.sh);
# the QtTest binary given as $1 starts and restarts pppkitd itself.
#
#   integration_test.sh PATH/TO/test_tray_integration
# Needs PPPKIT_ROOT and PPPKIT_BUILD; runs as root (network namespace, TUN).
set -euo pipefail
: "${PPPKIT_ROOT:?}" "${PPPKIT_BUILD:?}"
source "$PPPKIT_ROOT/scripts/lib/sandbox.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root for a network namespace and a TUN device"
  exit 77
fi
sandbox_enter_netns bash "$0" "$@"
test_binary=${1:?usage: integration_test.sh TEST_BINARY}

sandbox_init
sandbox_start_bus
sandbox_write_peer isp "chat -v -f $SANDBOX/etc/ppp/chat-isp"
# A peer whose modem is not there: Connect fails with the service's message.
cat > "$SANDBOX/etc/ppp/peers/nomodem" <<EOF_PEER
$SANDBOX/ttyNONE 115200
local
noipdefault
EOF_PEER
sandbox_start_sim --local-ip 10.64.0.1 --remote-ip 10.64.0.2 --dns 10.64.0.53

export PPPKIT_TEST_PPPKITD="$PPPKIT_BUILD/service/pppkitd"
export PPPKIT_TEST_CONFIG_DIR="$SANDBOX/etc/ppp" PPPKIT_TEST_RUN_DIR="$SANDBOX/run"
export PPPKIT_TEST_LOG="$SANDBOX/log/pppkitd.log"
set +e
"$test_binary"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  for f in "$SANDBOX"/log/*.log; do echo "----- $f"; tail -n 40 "$f"; done >&2
fi
exit $rc
