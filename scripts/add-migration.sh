#!/usr/bin/env bash
# Adds one migration, under the same name, to each provider's migrations set (Sqlite, Postgres, SqlServer), from the
# model as it is now. Usage: scripts/add-migration.sh <Name>   (e.g. scripts/add-migration.sh OutboxDeadLetters)
# No database is needed: dotnet ef builds each provider's context from its design-time factory (DesignTimeFactories.cs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: scripts/add-migration.sh <Name>}
dotnet tool restore >/dev/null
dotnet build src/Infrastructure -c Debug -nologo -v quiet
for provider in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" --no-build --project src/Infrastructure --startup-project src/Infrastructure \
    --context "${provider}AppDbContext" --output-dir "Data/Migrations/${provider}" --namespace "TenantSessions.Infrastructure.Data.Migrations.${provider}"
done
