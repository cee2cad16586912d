#!/usr/bin/env bash
# CPU time per autosave in the steady state (issue 17 budget, ADR-045): runs the autosave harness (closed loop) and, after a
# warm-up that leaves the JIT and the first saves out, samples the process's CPU time (/proc/PID/stat, client and server: the
# harness runs both) and the number of saves stored (the sum of the answers' versions: each save adds one) at the start and at
# the end of a window. Prints saves/s and CPU ms per save over the window, and the load average. On a machine shared with other
# work the CPU per save is the figure to compare; saves/s follows how much of the 2 cores the harness got.
#
#   bash .ci/measure-autosave-cpu.sh [harness.dll] [contacts=50] [warm-up s=20] [window s=30]
#
# With VENDORRISK_LOAD_POSTGRES set (see tests/VendorRisk.LoadTests/Program.cs) the saves are counted with psql.
set -euo pipefail
dll="${1:-tests/VendorRisk.LoadTests/bin/Release/net10.0/VendorRisk.LoadTests.dll}"
contacts="${2:-50}"
warm="${3:-20}"
window="${4:-30}"
out="$(mktemp)"
dotnet "$dll" "$contacts" $((warm + window + 5)) 0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
until grep -q "Autosave for" "$out"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$out"; exit 1; fi
    sleep 0.5
done
saves() {
    if [ -n "${VENDORRISK_LOAD_POSTGRES:-}" ]; then
        local db
        db="$(sed -n 's/^Seeding .* into \([^ ]*\) (PostgreSQL).*/\1/p' "$out")"
        local host port user
        host="$(echo "$VENDORRISK_LOAD_POSTGRES" | sed -n 's/.*Host=\([^;]*\).*/\1/p')"
        port="$(echo "$VENDORRISK_LOAD_POSTGRES" | sed -n 's/.*Port=\([^;]*\).*/\1/p')"
        user="$(echo "$VENDORRISK_LOAD_POSTGRES" | sed -n 's/.*Username=\([^;]*\).*/\1/p')"
        psql -h "$host" -p "$port" -U "$user" -d "$db" -Atc 'SELECT COALESCE(SUM("Version"),0) FROM "AssessmentAnswers"'
    else
        local folder
        folder="$(sed -n 's/^Seeding .* into \([^ ]*\) \.\.\..*/\1/p' "$out")"
        sqlite3 "file:$folder/vendorrisk.db?mode=ro" 'PRAGMA busy_timeout=5000; SELECT COALESCE(SUM(Version),0) FROM AssessmentAnswers;' | tail -n 1
    fi
}
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks="$(getconf CLK_TCK)"
sleep "$warm"
c1="$(cpu)"; s1="$(saves)"; t1="$(date +%s.%N)"
sleep "$window"
c2="$(cpu)"; s2="$(saves)"; t2="$(date +%s.%N)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
wait "$pid" || true
grep -E "^autosave|^health" "$out" || cat "$out"
awk -v c1="$c1" -v c2="$c2" -v s1="$s1" -v s2="$s2" -v t1="$t1" -v t2="$t2" -v hz="$ticks" -v load="$load" 'BEGIN {
    saves = s2 - s1; secs = t2 - t1; cpu = (c2 - c1) / hz;
    printf "steady window: %d saves in %.1f s = %.0f saves/s; CPU %.2f s = %.3f ms per save (client and server); %.2f cores busy; load average %s\n",
        saves, secs, saves / secs, cpu, 1000 * cpu / saves, cpu / secs, load
}'
