#!/usr/bin/env bash
# Start-up benchmark: time from process start until GET /account/login answers 200, on an existing database.
# Builds the portal in Release, runs it once to create and seed its SQLite database, stops it, then starts it
# RUNS times (default 7) and prints each time and the median, min and max in milliseconds.
# Usage: bash .ci/measure-startup.sh [runs]      Environment: PORT (default 5181), ASPNETCORE_ENVIRONMENT (default Production),
#   SKIP_BUILD=1 (measure the existing build), READY_TO_RUN=1 (measure a ReadyToRun publish for linux-x64 instead of the build:
#   what docs/deploy.md recommends for servers; the publish takes minutes).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
runs="${1:-7}"
port="${PORT:-5181}"
url="http://127.0.0.1:$port"
data="$(mktemp -d "${TMPDIR:-/tmp}/vendorrisk-startup.XXXXXX")"
out="$root/src/VendorRisk.Web/bin/Release/net10.0"
pid=""

cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$data"
}
trap cleanup EXIT

if curl -s -o /dev/null "$url/health"; then
    echo "Something already answers on $url; set PORT to a free port." >&2
    exit 1
fi

if [ "${READY_TO_RUN:-}" = "1" ]; then
    out="$root/src/VendorRisk.Web/bin/Release/net10.0/linux-x64/publish"
    if [ "${SKIP_BUILD:-}" != "1" ]; then
        dotnet publish src/VendorRisk.Web -c Release -r linux-x64 --self-contained false -o "$out" -nologo -v quiet
    fi
elif [ "${SKIP_BUILD:-}" != "1" ]; then
    dotnet build src/VendorRisk.Web -c Release -nologo -v quiet
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
export ASPNETCORE_URLS="$url"
export Database__SqlitePath="$data/vendorrisk.db"
export Jobs__SqlitePath="$data/hangfire.db"
export Email__PickupFolder="$data/mail"
export Seed__DemoData=true
# Production refuses to start without its public address (links in mails); the loopback address will do here.
export App__PublicBaseUrl="${App__PublicBaseUrl:-$url}"

# Milliseconds from bash's own clock: the polling loop forks nothing but curl, and curl only once the port is
# open, so the measurement does not compete with the portal for the CPU.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; now=$((t / 1000)); }
exec {nap}<> <(:)
pause() { read -r -t 0.02 -u "$nap" _ || true; }
port_open() { { exec {probe}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1; exec {probe}>&-; }

# Starts the portal and sets $elapsed to the milliseconds until /account/login answers 200 (fails after 120 s).
# Not called in a subshell: it keeps the portal's process id in $pid for stop.
start_and_time() {
    local started status
    now_ms; started=$now
    (cd "$out" && exec dotnet VendorRisk.Web.dll >"$data/app.log" 2>&1) &
    pid=$!
    while true; do
        if port_open; then
            status="$(curl -s -o /dev/null -w '%{http_code}' "$url/account/login" || true)"
            if [ "$status" = "200" ]; then break; fi
        fi
        if ! kill -0 "$pid" 2>/dev/null; then echo "The portal exited; its log:" >&2; cat "$data/app.log" >&2; exit 1; fi
        now_ms; if [ $((now - started)) -gt 120000 ]; then echo "No answer within 120 s." >&2; exit 1; fi
        pause
    done
    now_ms; elapsed=$((now - started))
    # CPU time (user + system) the portal used until then: on a busy machine the wall clock mostly measures the
    # other processes, this does not.
    cpu=""
    if [ -r "/proc/$pid/stat" ]; then
        local fields ticks
        read -r -a fields < <(sed 's/^.*) //' "/proc/$pid/stat")
        ticks=$(getconf CLK_TCK)
        cpu=$(( (fields[11] + fields[12]) * 1000 / ticks ))
    fi
}

stop() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
}

echo "Machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
start_and_time
echo "First start (creates and seeds the database): $elapsed ms (CPU ${cpu:-n/a} ms)"
stop

times=()
cpus=()
for i in $(seq 1 "$runs"); do
    start_and_time
    stop
    echo "Run $i: $elapsed ms (CPU ${cpu:-n/a} ms)"
    times+=("$elapsed")
    if [ -n "$cpu" ]; then cpus+=("$cpu"); fi
done

# Prints "median X ms, min Y ms, max Z ms" of its arguments.
summary() {
    local sorted n median
    sorted=($(printf '%s\n' "$@" | sort -n))
    n=${#sorted[@]}
    if [ $((n % 2)) -eq 1 ]; then median=${sorted[$((n / 2))]}; else median=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 )); fi
    echo "median ${median} ms, min ${sorted[0]} ms, max ${sorted[$((n - 1))]} ms"
}
echo "Start-up to first page over $runs runs: $(summary "${times[@]}")"
if [ ${#cpus[@]} -gt 0 ]; then echo "CPU time of the portal until then: $(summary "${cpus[@]}")"; fi
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
