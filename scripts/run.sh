#!/usr/bin/env bash
# Runs the gateway on its embedded defaults: local disk under ./data, SQLite-backed Hangfire, ffmpeg from PATH,
# API on http://127.0.0.1:8080. Installs ffmpeg (recording) and npm (the build vendors hls.js for the player page)
# first when they are missing. Extra arguments go to the gateway
# (for example --Gateway:DataDirectory=/srv/gateway).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Gateway.Api -c Release -- "$@"
