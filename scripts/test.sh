#!/usr/bin/env bash
# Runs every test of the gateway. Installs what the tests need first (idempotent), builds once, runs the unit and
# interop suites inside a loopback-only network namespace (so real peers such as Chromium can only see 127.0.0.1),
# then a short time-boxed random-input pass over every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# --- what the tests need, installed only when missing -------------------------------------------------------------
PACKAGES=(ffmpeg chromium iproute2 nftables util-linux python3 postgresql coturn nginx libnginx-mod-rtmp janus)
missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
# npm vendors hls.js at build time; a nodejs from elsewhere (NodeSource) ships its own npm, which Debian's would conflict with.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -f tests/peers/package.json ]; then
  (cd tests/peers && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# --- build once ---------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet build Gateway.sln -c Release -nologo -v quiet

# --- tests, in a namespace with only loopback when the kernel lets us make one ------------------------------------
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
run_tests() {
  # Unit test projects first, then the interop tests alone: they drive real ffmpeg/browser processes in real
  # time, and sharing two cores with the other suites made their timing-sensitive checks flaky.
  local rc=0
  for p in tests/Gateway.*.Tests; do
    [ "$p" = tests/Gateway.Interop.Tests ] && continue
    dotnet test "$p" -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS" "$@" || rc=$?
  done
  dotnet test tests/Gateway.Interop.Tests -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS" "$@" || rc=$?
  return $rc
}
status=0
if $SUDO unshare -n true 2>/dev/null; then
  export -f run_tests; export RESULTS
  ${SUDO:+$SUDO --preserve-env} unshare -n bash -c 'ip link set lo up && run_tests' || status=$?
else
  echo "warning: cannot create a network namespace; running tests on the host's loopback"
  run_tests || status=$?
fi

# --- fuzz smoke pass: random and mutated-corpus inputs for every target, time-boxed ------------------------------
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
dotnet tests/Gateway.Fuzz/bin/Release/net10.0/Gateway.Fuzz.dll random all "$FUZZ_SECONDS" "${FUZZ_SEED:-$RANDOM}" \
  "$ROOT/tests/testdata/fuzz" || status=$?

# --- one closing line counting every test ------------------------------------------------------------------------
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $status
