#!/usr/bin/env bash
# Installs what the browser tests need: Debian chromium (plus CJK fonts, so screenshots show
# Chinese), playwright-core from tests/site/package-lock.json, and a Release build of the server
# unless SCOREJOBS_SERVER_DLL names one. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi

if [ ! -d "$here/node_modules/playwright-core" ]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

if [ -z "${SCOREJOBS_SERVER_DLL:-}" ]; then
  dotnet build "$root/src/ScoreJobs.Server" -c Release --nologo -v q
fi
