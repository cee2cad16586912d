#!/usr/bin/env bash
# Migrations for EVERY provider at once: SQLite, PostgreSQL and SQL Server (tests fail when any set lags behind the model).
#   add-migration.sh MigrationName   adds a migration to each provider's set
#   add-migration.sh --squash        replaces each provider's set with one migration named Initial; use it while no
#                                    database exists in the field (ADR-002), and to resolve a merge of two model changes
# Needs the EF tool once: dotnet tool install --global dotnet-ef --version 10.0.15 (installed here when missing).
# No database server is needed: each provider's design-time factory (DesignTimeFactories.cs) names a server it never reaches.
set -euo pipefail
name=${1:?"migration name, or --squash"}
cd "$(dirname "$0")/../../.."
export PATH="$PATH:$HOME/.dotnet/tools"
if ! dotnet ef --version >/dev/null 2>&1; then dotnet tool install --global dotnet-ef --version 10.0.15; fi
project=src/VendorRisk.Infrastructure
providers=(Sqlite PostgreSql SqlServer)
if [ "$name" = "--squash" ]; then
  name=Initial
  for provider in "${providers[@]}"; do rm -f "$project/Persistence/Migrations/$provider"/*.cs; done
fi
dotnet build "$project" -v q -nologo
for provider in "${providers[@]}"; do
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" --output-dir "Persistence/Migrations/$provider"
done
if [ "$name" = Initial ]; then
  # The designer of the first migration repeats the model snapshot line for line (3,000 lines per provider). Applying a
  # migration that only creates tables needs no target model, and later migrations are diffed against the snapshot, so
  # only the designer's attributes are kept (ADR-002).
  for designer in "$project"/Persistence/Migrations/*/*_Initial.Designer.cs; do
    python3 - "$designer" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8-sig").read()
text = re.sub(r"\n        /// <inheritdoc />\n        protected override void BuildTargetModel\(ModelBuilder modelBuilder\)\n        \{.*?\n        \}\n",
              "\n", text, flags=re.S)
text = re.sub(r"^using (?!Microsoft\.EntityFrameworkCore;|Microsoft\.EntityFrameworkCore\.Infrastructure;|Microsoft\.EntityFrameworkCore\.Migrations;|VendorRisk\.).*\n", "", text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
PY
  done
fi
