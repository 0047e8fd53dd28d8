#!/usr/bin/env bash
# Runs the web app on http://localhost:5000. Extra arguments are passed to `dotnet run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec dotnet run --project src/Web/TenantSessions.Web.csproj --urls http://localhost:5000 --Demo:Seed=true "$@"
