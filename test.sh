#!/usr/bin/env bash
# Runs every test suite from a clean clone: installs what the tests need (Azurite, the OpenAPI validator and
# playwright-core from npm, Debian's chromium), builds, packages the Functions app, runs the xunit projects (the Functions
# app's under a real Functions host: FUNCTIONS_HOST_PATH, else func, else ../shared/functions-host), the
# browser tests and the short fault harness, then prints the totals over all suites alone on the last
# line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
passed=0
failed=0
skipped=0
status=0

say() { printf '\n== %s\n' "$*"; }
count() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + ${3:-0})); }

install_npm() { # folder
  if [ -f "$1/package-lock.json" ] && { [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; }; then
    say "npm ci --prefix $1"
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error || { echo "npm ci failed in $1"; exit 1; }
  fi
}

export SCOREJOBS_SERVER_DLL="$ROOT/src/ScoreJobs.Server/bin/Release/net10.0/ScoreJobs.Server.dll"
[ -d tools/azurite ] && install_npm tools/azurite
[ -d tools/openapi ] && install_npm tools/openapi
if [ -d tests/site ]; then
  say "browser test prerequisites (chromium, CJK fonts, playwright-core)"
  bash tests/site/setup.sh || { echo "could not install the browser tests' prerequisites"; exit 1; }
fi

say "Bicep CLI for tests/ScoreJobs.Infra.Tests (tools/bicep/install.sh, from NuGet)"
if SCOREJOBS_BICEP=$(bash tools/bicep/install.sh); then export SCOREJOBS_BICEP; else echo "could not install the Bicep CLI: the infra tests will fail"; fi

say "dotnet build ScoreJobs.sln -c Release (Core, server, Functions app, tests, bench)"
dotnet build ScoreJobs.sln -c Release -nologo -clp:ErrorsOnly || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

# The OpenAPI document the server's build wrote (and the Functions app embeds), checked by an independent validator: one check.
say "OpenAPI document (tools/openapi: @readme/openapi-parser)"
if node tools/openapi/validate.mjs 2>&1 | tee "$RESULTS/openapi.log"; then count 1 0; else count 0 1; status=1; fi

# The Functions app's tests read and run the deployment package itself, unpacked, under a real Functions host.
say "package the Functions app (tools/package-functions.sh) and unpack it for its tests"
command -v zip >/dev/null && command -v unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq zip unzip >/dev/null; } || { echo "zip and unzip are needed"; exit 1; }
tools/package-functions.sh --no-build || { echo "packaging the Functions app failed"; echo "0 passed, 1 failed"; exit 1; }
rm -rf artifacts/functions-package && unzip -q artifacts/scorefunctions.zip -d artifacts/functions-package
export SCOREJOBS_FUNCTIONS_APP="$ROOT/artifacts/functions-package"

say "dotnet test (xunit)"
dotnet test ScoreJobs.sln -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS" 2>&1 | tee "$RESULTS/dotnet-test.log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
while read -r f p k; do count "$p" "$f" "$k"; done < <(grep -oE "Failed:[[:space:]]+[0-9]+, Passed:[[:space:]]+[0-9]+, Skipped:[[:space:]]+[0-9]+" "$RESULTS/dotnet-test.log" | sed -E 's/Failed:[[:space:]]+([0-9]+), Passed:[[:space:]]+([0-9]+), Skipped:[[:space:]]+([0-9]+)/\1 \2 \3/')

if [ -d tests/site ]; then
  say "browser tests (node --test tests/site, headless chromium)"
  node --test --test-concurrency=1 tests/site/ 2>&1 | tee "$RESULTS/site-test.log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  p=$(grep -oE "^# pass [0-9]+" "$RESULTS/site-test.log" | tail -1 | grep -oE "[0-9]+" || echo 0)
  f=$(grep -oE "^# fail [0-9]+" "$RESULTS/site-test.log" | tail -1 | grep -oE "[0-9]+" || echo 1)
  k=$(grep -oE "^# skipped [0-9]+" "$RESULTS/site-test.log" | tail -1 | grep -oE "[0-9]+" || echo 0)
  count "$p" "$f" "$k"
fi

if [ -f bench/ScoreJobs.Bench/ScoreJobs.Bench.csproj ]; then
  say "fault harness, short run"
  dotnet run --project bench/ScoreJobs.Bench -c Release --no-build -- faults --short 2>&1 | tee "$RESULTS/faults.log"
  rc=${PIPESTATUS[0]}
  # Each scenario prints "== name: pass" or "== name: FAIL"; a harness that failed without saying which counts as one failure.
  p=$(grep -ciE "^== .*: pass" "$RESULTS/faults.log" || true)
  f=$(grep -ciE "^== .*: fail" "$RESULTS/faults.log" || true)
  if [ "$rc" != 0 ]; then status=1; [ "$f" -gt 0 ] || f=1; fi
  count "$p" "$f"
fi

[ "$failed" = 0 ] || status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
