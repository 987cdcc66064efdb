#!/usr/bin/env bash
# Installs the Bicep CLI for the infra tests and prints the path of its binary on stdout (nothing else).
# NuGet serves the CLI as a package with the native binary inside: BicepCli.csproj names it (one version,
# pinned there) as a PackageDownload, and `dotnet restore` puts it under tools/bicep/.packages/ (git-ignored).
# A second run finds it there and costs a no-op restore (a second or two).
#   ./tools/bicep/install.sh            -> /…/tools/bicep/.packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "tools/bicep/install.sh: only linux-x64 is set up (the package Azure.Bicep.CommandLine.linux-x64); this is $(uname -s)-$(uname -m)" >&2
  exit 1
fi

package=azure.bicep.commandline.linux-x64
version=$(grep -oE 'Include="Azure.Bicep.CommandLine.linux-x64" Version="\[[0-9.]+\]"' "$here/BicepCli.csproj" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
binary="$here/.packages/$package/$version/tools/bicep"

dotnet restore "$here/BicepCli.csproj" --packages "$here/.packages" -nologo -v quiet >&2 \
  || { echo "tools/bicep/install.sh: dotnet restore of the Bicep CLI package failed" >&2; exit 1; }
[ -f "$binary" ] || { echo "tools/bicep/install.sh: restored, but $binary is missing" >&2; exit 1; }
chmod +x "$binary"
"$binary" --version >&2 || { echo "tools/bicep/install.sh: $binary does not run" >&2; exit 1; }
echo "$binary"
