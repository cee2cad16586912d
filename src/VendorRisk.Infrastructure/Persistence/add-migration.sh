#!/usr/bin/env bash
# Adds a migration for BOTH providers (tests fail when either set lags behind the model).
# Usage: src/VendorRisk.Infrastructure/Persistence/add-migration.sh MigrationName
# Needs the EF tool once: dotnet tool install --global dotnet-ef --version 10.0.15
set -euo pipefail
name=${1:?migration name}
cd "$(dirname "$0")/../../.."
export PATH="$PATH:$HOME/.dotnet/tools"
project=src/VendorRisk.Infrastructure
dotnet build "$project" -v q -nologo
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" --output-dir "Persistence/Migrations/$provider"
done
