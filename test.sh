#!/usr/bin/env bash
# The one command that runs all tests: starts local services, builds, runs every
# test project, and ends with a single "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

fail() { echo "test.sh: $*" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

bash scripts/services.sh || fail "scripts/services.sh failed; cannot run tests"

export TENANTSESSIONS_POSTGRES="${TENANTSESSIONS_POSTGRES:-Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=tenantsessions_test}"
export TENANTSESSIONS_REDIS="${TENANTSESSIONS_REDIS:-127.0.0.1:6379}"
export TENANTSESSIONS_CHROMIUM="${TENANTSESSIONS_CHROMIUM:-/usr/bin/chromium}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet tool restore || fail "dotnet tool restore failed"
(cd tests/Web.ContractTests/client && npm ci --no-audit --no-fund) || fail "npm ci failed in tests/Web.ContractTests/client (Better Auth's client for the contract test)"
(cd tests/Web.BrowserTests/axe && npm ci --no-audit --no-fund) || fail "npm ci failed in tests/Web.BrowserTests/axe (axe-core for the browser tests)"
(cd tests/TestSupport/IdentityProvider && npm ci --no-audit --no-fund) || fail "npm ci failed in tests/TestSupport/IdentityProvider (oidc-provider, the IdP of the SSO tests)"
dotnet build TenantSessions.sln -c Release || fail "build failed"

results=artifacts/test-results
rm -rf "$results"
test_rc=0
dotnet test TenantSessions.sln -c Release --no-build --logger trx --results-directory "$results" || test_rc=$?
[ "$test_rc" -eq 0 ] || echo "test.sh: dotnet test exited with code $test_rc" >&2

summary_rc=0
bash scripts/summarize-trx.sh "$results" || summary_rc=$?
exit $(( test_rc != 0 || summary_rc != 0 ))
