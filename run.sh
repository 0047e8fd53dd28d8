#!/usr/bin/env bash
# Runs the web app on http://localhost:5000. Extra arguments go to the app; the last --urls wins, so
# `./run.sh --urls http://localhost:5080` serves on port 5080 (workspaces then at http://acme.localhost:5080).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec dotnet run --project src/Web/TenantSessions.Web.csproj --urls http://localhost:5000 --Demo:Seed=true "$@"
