#!/usr/bin/env bash
# unit_security.sh UNIT_FILE MAX: `systemd-analyze security --offline=true` on
# a unit file; prints the exposure score and fails when it is above MAX.
set -euo pipefail
unit=${1:?usage: unit_security.sh UNIT_FILE MAX} max=${2:?}
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze not installed (package systemd)"
  exit 77
fi
# The unit name is what the analysis reports on; a template needs an instance.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
name=$(basename "$unit")
[[ $name == *@.service ]] && name=${name%@.service}@test.service
cp "$unit" "$dir/$name"
out=$(systemd-analyze security --offline=true "$dir/$name" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$out")
if [ -z "$score" ]; then
  printf '%s\n' "$out" >&2
  echo "FAIL: no exposure score from systemd-analyze for $name" >&2
  exit 1
fi
echo "$name: exposure $score (limit $max)"
if awk -v s="$score" -v m="$max" 'BEGIN { exit !(s > m) }'; then
  grep '✗' <<<"$out" >&2 || true
  echo "FAIL: $name exposure $score is above $max" >&2
  exit 1
fi
