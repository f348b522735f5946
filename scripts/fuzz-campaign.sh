#!/usr/bin/env bash
# Long random-input fuzz campaign: each named target for SECONDS, one after the other, niced, against the kept corpus
# in tests/testdata/fuzz. Runs a private copy of the fuzz build (STAGE, default the Release output) so rebuilding the
# repository meanwhile cannot touch a running campaign. One line per target goes to LOG (and stdout).
#   scripts/fuzz-campaign.sh <log> <seconds> <seed> <target>...
# e.g. scripts/fuzz-campaign.sh fuzz.log 600 20261203 $(dotnet tests/Gateway.Fuzz/bin/Release/net10.0/Gateway.Fuzz.dll list)
#      scripts/fuzz-campaign.sh turn.log 600 20261203 turn        (one target: TURN ChannelData)
# Targets are found by reflection (tests/Gateway.Fuzz/Targets), so `list` above always names every one of them.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LOG="$1"; SECONDS_PER_TARGET="$2"; SEED="$3"; shift 3
STAGE="${STAGE:-$ROOT/tests/Gateway.Fuzz/bin/Release/net10.0}"
status=0
for target in "$@"; do
  run_dir="$(mktemp -d)"
  cp -a "$STAGE/." "$run_dir/"
  started="$(date -u +%FT%TZ)"
  out="$(nice -n 19 dotnet "$run_dir/Gateway.Fuzz.dll" random "$target" "$SECONDS_PER_TARGET" "$SEED" "$ROOT/tests/testdata/fuzz" 2>&1)"
  rc=$?
  [ $rc -eq 0 ] || status=1
  printf '%s %s exit %d: %s\n' "$started" "$target" "$rc" "$out" | tee -a "$LOG"
  rm -rf "$run_dir"
done
exit $status
