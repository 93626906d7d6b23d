#!/usr/bin/env bash
# The bash completion of pppctl: subcommands, options, peer names from the
# peers directory (backups and dpkg leftovers left out).
#   completion_test.sh COMPLETION_FILE
set -euo pipefail
file=${1:?usage: completion_test.sh COMPLETION_FILE}
peers=$(mktemp -d)
trap 'rm -rf "$peers"' EXIT
touch "$peers/isp" "$peers/isp-backup" "$peers/work" "$peers/isp~" "$peers/work.dpkg-old"
mkdir "$peers/subdir"
export PPPCTL_PEERS_DIR=$peers
# shellcheck disable=SC1090
source "$file"

fail() { echo "FAIL: $*" >&2; exit 1; }
# complete WORDS...: the candidates for the last word (which may be "").
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _pppctl
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
    local want=$1; shift
    local got
    got=$(complete_words "$@")
    [ "$got" = "$want" ] || fail "'$*': got '$got', expected '$want'"
    echo "ok: '$*' -> $got"
}

expect "connect" pppctl con
expect "check connect" pppctl c
expect "disconnect" pppctl di
expect "isp isp-backup work" pppctl connect ""
expect "isp isp-backup" pppctl status is
expect "work" pppctl disconnect w
expect "isp isp-backup work" pppctl connect --wait ""
expect "" pppctl connect isp ""
expect "--notify" pppctl connect isp --n
expect "--json" pppctl list --j
expect "" pppctl version ""
expect "115200" pppctl probe --speed 115
expect "isp isp-backup work" pppctl check --config-dir /etc ""
expect "--config-dir" pppctl check --conf
echo PASS
