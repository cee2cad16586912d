#!/usr/bin/env bash
# The multi-node harness (issue 17, ADR-038) in one command: PostgreSQL (a throwaway cluster, .ci/postgres.sh), Azurite for the
# evidence, three app nodes built from this checkout (Node:Role=All) and Debian's nginx (round robin, no sticky sessions), all on
# loopback ports. It drives vendors autosaving, reviewers deciding and the reminder job through nginx, kills one node with
# SIGKILL half-way and starts it again, then checks: no acknowledged answer lost, one decision per assessment, each reminder
# and mail once, counters equal to a recount. It prints autosaves/s and CPU per autosave (nodes, PostgreSQL) with one node and
# with three. Not part of .ci/test.sh (it takes minutes); figures are in docs/benchmarks.md.
#
#   bash .ci/multi-node.sh [seconds per phase=20] [contacts=16] [reviews=24]
#
# Installs nginx (Debian's package), node/npm and Azurite (tests/azurite) when missing. VENDORRISK_KEEP_WORK=1 keeps the work
# folder (node logs, nginx configuration, mail) for a look afterwards.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-20}"
contacts="${2:-16}"
reviews="${3:-24}"

log() { printf '==> %s\n' "$*"; }
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then as_root apt-get -o DPkg::Lock::Timeout=600 update -qq; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    log "Installing nginx from the distribution's packages"
    # The package's own service (port 80) may fail to start where no service manager runs; the harness runs its own nginx.
    apt_install nginx || true
fi
export PATH="$PATH:/usr/sbin"
command -v nginx >/dev/null 2>&1 || { echo "nginx is not installed and could not be installed." >&2; exit 1; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "Installing node and npm for Azurite"
    apt_install nodejs npm
fi
if ! cmp -s tests/azurite/package-lock.json tests/azurite/node_modules/.installed-lock.json; then
    log "Installing Azurite (npm ci in tests/azurite)"
    (cd tests/azurite && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json)
fi

# The harness (load generator, checks, SMTP server) and the app it runs as nodes, published as an operator deploys it (wwwroot and
# the static asset manifest beside the DLL). Build output goes to a log, shown when the build fails.
out="$(pwd)/tests/VendorRisk.LoadTests/bin/multi-node"
mkdir -p "$out"
log "dotnet build tests/VendorRisk.LoadTests -c Release; dotnet publish src/VendorRisk.Web -c Release --no-build"
if ! dotnet build tests/VendorRisk.LoadTests -c Release -nologo -v quiet >"$out/build.log" 2>&1 \
    || ! dotnet publish src/VendorRisk.Web -c Release --no-build -nologo -v quiet -o "$out/web" >>"$out/build.log" 2>&1; then
    grep -E 'error|rror\(s\)' "$out/build.log" >&2 || tail -n 30 "$out/build.log" >&2
    exit 1
fi
export VENDORRISK_MULTINODE_WEB="$out/web"

port="${VENDORRISK_PG_PORT:-56432}"
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
log "Starting PostgreSQL on port $port"
eval "$(bash .ci/postgres.sh start "$port")"
harness_pid=""
cleanup() {
    # Stopped early (Ctrl-C, a timeout): the harness stops its nodes, nginx and Azurite on SIGTERM; then PostgreSQL goes.
    if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
        kill -TERM "$harness_pid" 2>/dev/null || true
        wait "$harness_pid" 2>/dev/null || true
    fi
    bash .ci/postgres.sh stop "$VENDORRISK_PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Harness: $seconds s per phase, $contacts contacts, $reviews reviews ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet tests/VendorRisk.LoadTests/bin/Release/net10.0/VendorRisk.LoadTests.dll multinode "$VENDORRISK_TEST_POSTGRES" "$seconds" "$contacts" "$reviews" &
harness_pid=$!
status=0
wait "$harness_pid" || status=$?
harness_pid=""
exit "$status"
