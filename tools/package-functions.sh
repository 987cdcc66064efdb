#!/usr/bin/env bash
# Builds the Functions app's deployment package: artifacts/scorefunctions.zip, the `dotnet publish` output of
# src/ScoreFunctions zipped with host.json, functions.metadata and .azurefunctions/ at its root, as
#   az functionapp deployment source config-zip -g RESOURCE_GROUP -n APP_NAME --src artifacts/scorefunctions.zip
# takes it. Pass --no-build when the Release build is already there (test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/functions
zip=artifacts/scorefunctions.zip
rm -rf "$out" "$zip"
dotnet publish src/ScoreFunctions/ScoreFunctions.csproj -c Release -o "$out" -nologo -clp:ErrorsOnly "$@"
(cd "$out" && zip -qr -X ../scorefunctions.zip .)
echo "$zip ($(du -h "$zip" | cut -f1))"
