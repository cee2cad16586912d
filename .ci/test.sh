#!/usr/bin/env bash
# Builds and runs every test project of VendorRisk (domain, integration, browser) in Release, scheduled for two cores, and
# the database-layer integration tests a second time on PostgreSQL (ADR-023).
# Works from any directory on a machine with only the .NET 10 SDK: it installs a headless Chromium for the
# browser tests, Debian's postgresql package, and the outside validators of the output tests (qpdf from Debian; node and
# the npm packages pinned in tests/validators, ADR-031; Azurite pinned in tests/azurite, ADR-038) when they are missing, and runs PostgreSQL on a throwaway cluster of its
# own (.ci/postgres.sh) that it stops at the end. Ends with a line "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
results="$root/test-output/results"

log() { printf '==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}

apt_updated=0
apt_update_once() {
    if [ "$apt_updated" -eq 0 ]; then
        as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
        apt_updated=1
    fi
}

# Playwright's own installer, from the Microsoft.Playwright package in the E2E build output: for machines
# without apt (or whose apt has no usable chromium package).
install_chromium_with_playwright() {
    log "Installing Chromium with Playwright's installer"
    dotnet build tests/VendorRisk.E2ETests -c Release -nologo -v quiet
    local out="tests/VendorRisk.E2ETests/bin/Release/net10.0"
    if command -v pwsh >/dev/null 2>&1; then
        pwsh "$out/playwright.ps1" install --with-deps chromium
    else
        local node
        node="$(find "$out/.playwright/node" -type f -name node -perm -u+x | head -n 1)"
        "$node" "$out/.playwright/package/cli.js" install chromium
    fi
    local chrome
    chrome="$(find "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}" -type f \( -name chrome -o -name headless_shell \) -perm -u+x 2>/dev/null | sort | tail -n 1)"
    if [ -z "$chrome" ]; then
        echo "Playwright installed no Chromium." >&2
        exit 1
    fi
    export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$chrome"
}

if [ -z "${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-}" ] && [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null 2>&1 && [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; then
        log "Installing Chromium from the distribution's packages"
        apt_update_once
        apt_install chromium || true
    fi
    if [ ! -x /usr/bin/chromium ]; then
        install_chromium_with_playwright
    fi
fi

# Screenshots need at least one font, or every glyph renders as a box.
if command -v apt-get >/dev/null 2>&1 && ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -n 1)" ]; }; then
    log "Installing fonts for readable screenshots"
    apt_update_once
    apt_install fonts-dejavu-core fontconfig || true
fi

# The validators the output tests read VendorRisk's files with (tests/VendorRisk.IntegrationTests/Outputs, ADR-031): qpdf for the
# PDF report; node with exceljs, SheetJS, ical.js, mailparser, redocly and openapi-typescript/tsc at the exact versions of
# tests/validators/package-lock.json. Installed here so that in CI those tests never skip.
if command -v apt-get >/dev/null 2>&1 && ! command -v qpdf >/dev/null 2>&1; then
    log "Installing qpdf for the PDF checks"
    apt_update_once
    apt_install qpdf || true
fi
# The PDF report's fallback fonts for Chinese and Japanese (Droid Sans Fallback) and Korean Hangul (NanumGothic) text (ADR-031,
# ADR-044), as operators install them.
if command -v apt-get >/dev/null 2>&1 && [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]; then
    log "Installing the fallback font for CJK text in PDF reports"
    apt_update_once
    apt_install fonts-droid-fallback || true
fi
if command -v apt-get >/dev/null 2>&1 && [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then
    log "Installing the fallback font for Korean text in PDF reports"
    apt_update_once
    apt_install fonts-nanum || true
fi
if command -v apt-get >/dev/null 2>&1 && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
    log "Installing node and npm for the output validators"
    apt_update_once
    apt_install nodejs npm || true
fi
rm -rf "$results" "$root/test-output/screenshots"
mkdir -p "$results"

# Stops the PostgreSQL cluster and removes the in-memory test folder (below) however the script ends.
tests_tmp=""
our_pg_dir=""
postgres_env_file="$results/postgres-env.sh"
cleanup() {
    # A cluster that started while the build ran, if the script ends before reading its settings.
    if [ -z "$our_pg_dir" ] && [ -s "$postgres_env_file" ]; then our_pg_dir="$(sed -nE "s/^export VENDORRISK_PG_DIR='(.*)'$/\1/p" "$postgres_env_file")"; fi
    if [ -n "$our_pg_dir" ]; then bash .ci/postgres.sh stop "$our_pg_dir" || true; fi
    if [ -n "$tests_tmp" ]; then rm -rf "$tests_tmp"; fi
}
trap cleanup EXIT

# What the tests need besides the build is prepared while the solution builds (ADR-051): the npm installs wait on the network and
# the disk, PostgreSQL's start on initdb, and the solution build itself leaves a core idle in its serial stretches (restore, one
# project waiting for the one it references). Each writes a log of its own in test-output/results and is waited for after the build.
background_pids=()
background_names=()
in_background() { # name command...
    local name="$1"
    shift
    "$@" >"$results/$name.log" 2>&1 &
    background_pids+=("$!")
    background_names+=("$name")
}

# The output validators, again when the lock file changed since the last install (a copy of it is kept in node_modules).
if command -v npm >/dev/null 2>&1 && ! cmp -s tests/validators/package-lock.json tests/validators/node_modules/.installed-lock.json; then
    log "Installing the output validators (npm ci in tests/validators), beside the build"
    in_background npm-validators bash -c 'cd tests/validators && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json'
fi

# Azurite, Microsoft's Azure Storage emulator, for the tests of evidence in object storage (ADR-038): the exact version of
# tests/azurite/package-lock.json, started by the tests themselves on a free loopback port with a throwaway folder.
if command -v npm >/dev/null 2>&1 && ! cmp -s tests/azurite/package-lock.json tests/azurite/node_modules/.installed-lock.json; then
    log "Installing Azurite (npm ci in tests/azurite), beside the build"
    in_background npm-azurite bash -c 'cd tests/azurite && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json'
fi

# The offline audit verifier (tools/verify-audit.cs), which the audit tests run as the README documents it (`dotnet run
# tools/verify-audit.cs -- ...`): built here once, into the cache `dotnet run` keeps per file, so that no test waits for its
# compilation (48 s in the test that first ran it, on a busy machine).
log "Building tools/verify-audit.cs, beside the build"
in_background verify-audit-build dotnet build tools/verify-audit.cs -nologo -v quiet

# PostgreSQL for the second integration pass: installed when missing, a cluster of its own on a free port, stopped on exit.
postgres_port="${VENDORRISK_PG_PORT:-55432}"
while (exec 3<>"/dev/tcp/127.0.0.1/$postgres_port") 2>/dev/null; do postgres_port=$((postgres_port + 1)); done
log "Starting PostgreSQL on port $postgres_port, beside the build"
( bash .ci/postgres.sh start "$postgres_port" >"$postgres_env_file" 2>"$results/postgres-start.log" ) & postgres_pid=$!

# Two cores, used well but not oversubscribed: build once; then the domain, integration and browser tests side by side, each
# assembly running its own test collections in parallel as its xunit.runner.json says (integration: three at a time; browser:
# two portals shared by most tests, one more for the tests that move its clock). Each assembly writes its own log and TRX file.
log "dotnet build VendorRisk.sln -c Release"
set +e
dotnet build VendorRisk.sln -c Release -nologo 2>&1 | tee "$results/dotnet-build.log"
build_status=${PIPESTATUS[0]}
set -e

# A preparation that failed fails the run (as it did when it ran before the build), after the tests have run.
preparation_failed=0
for i in "${!background_pids[@]}"; do
    if ! wait "${background_pids[$i]}"; then
        echo "${background_names[$i]} failed:" >&2
        cat "$results/${background_names[$i]}.log" >&2
        preparation_failed=1
    fi
done

postgres_ready=0
if wait "$postgres_pid"; then
    eval "$(cat "$postgres_env_file")"
    our_pg_dir="$VENDORRISK_PG_DIR"
    postgres_ready=1
else
    cat "$results/postgres-start.log" >&2
    echo "PostgreSQL could not be started: the PostgreSQL pass cannot run." >&2
fi

# The integration tests that touch the database layer, run again on PostgreSQL: the data layer itself (migrations, seeding,
# the keys and job storage nodes share), tenant isolation (query filters and save checks), the audit chain (parallel writers,
# tamper checks with raw SQL), the dashboard counters (upserts, recounts), and every concurrency test (committee votes,
# concurrent decisions, autosave conflicts, reminder and reassessment keys, outbox claims and their takeover between nodes, the
# last-admin check, concurrent invitations, three nodes running the jobs at once), the readiness checks (job storage in the
# database), plus the vendor search (case-insensitive on both). Pages and operations above the data layer behave the
# same on either provider and run on SQLite only. Listed in ADR-023.
postgres_filter="FullyQualifiedName~.Persistence.|FullyQualifiedName~.Tenancy.|FullyQualifiedName~.Audit.|FullyQualifiedName~.Dashboard."
postgres_filter+="|FullyQualifiedName~.Reviews.|FullyQualifiedName~.Portal."
for class in ObligationReminderTests ContractIsolationTests AssessmentReminderTests ReassessmentJobAndPageTests \
    UserAdministrationTests InvitationTests SmtpDeliveryTests OperatorMailPageTests VendorInventoryTests \
    OutboxTakeoverTests NodeRoleAndHealthTests EvidenceObjectStorageTests; do
    postgres_filter+="|FullyQualifiedName~.$class."
done

run_tests() { # name project [dotnet test arguments...]
    local name="$1" project="$2"
    shift 2
    dotnet test "$project" -c Release --no-build -nologo \
        --results-directory "$results" \
        --logger "trx;LogFileName=$name.trx" \
        --blame-hang-timeout 10m --blame-hang-dump-type none \
        "$@" >"$results/$name.log" 2>&1
}

# The tests' files (each host's SQLite database, Hangfire's file, mail and evidence folders, the data-protection keys, Chromium's
# profiles, the Azurite folders) go to a folder of their own in memory when /dev/shm has room: nothing of a test run must
# survive it, and on a disk shared with other work every SQLite write-ahead checkpoint and Hangfire commit waits for fsync
# (ADR-051). Elsewhere the temp folder as before.
shm_free_kib="$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }' || true)"
if [ -n "$shm_free_kib" ] && [ "$shm_free_kib" -gt $((4 * 1024 * 1024)) ] && tests_tmp="$(mktemp -d /dev/shm/vendorrisk-tests.XXXXXX 2>/dev/null)"; then
    log "Test files in memory: $tests_tmp"
else
    tests_tmp=""
fi

status=0
if [ "$build_status" -ne 0 ]; then
    echo "The build failed; no test ran." >&2
    status=$build_status
else
    # The domain tests take seconds and need no host; they run beside the rest instead of before it. The browser assembly takes
    # longest; the PostgreSQL pass follows the SQLite integration pass on the core it frees, while the browser tests go on.
    log "Domain, integration and browser tests, side by side; then the PostgreSQL pass beside the browser tests"
    (
        if [ -n "$tests_tmp" ]; then export TMPDIR="$tests_tmp"; fi
        run_tests domain tests/VendorRisk.Domain.Tests
    ) & domain_pid=$!
    (
        if [ -n "$tests_tmp" ]; then export TMPDIR="$tests_tmp"; fi
        run_tests integration tests/VendorRisk.IntegrationTests
    ) & integration_pid=$!
    (
        if [ -n "$tests_tmp" ]; then export TMPDIR="$tests_tmp"; fi
        run_tests browser tests/VendorRisk.E2ETests
    ) & browser_pid=$!
    wait "$domain_pid" || status=1
    cat "$results/domain.log"
    wait "$integration_pid" || status=1
    cat "$results/integration.log"
    if [ "$postgres_ready" -eq 1 ]; then
        log "Integration tests of the database layer on PostgreSQL"
        (
            if [ -n "$tests_tmp" ]; then export TMPDIR="$tests_tmp"; fi
            # Two classes at a time, not the assembly's three: the cluster's max_connections is sized for two (.ci/postgres.sh).
            VENDORRISK_TEST_PROVIDER=postgres run_tests integration-postgres tests/VendorRisk.IntegrationTests --filter "$postgres_filter" \
                -- xUnit.MaxParallelThreads=2
        ) || status=1
        cat "$results/integration-postgres.log"
    else
        status=1
    fi
    wait "$browser_pid" || status=1
    cat "$results/browser.log"
fi
if [ "$preparation_failed" -ne 0 ]; then
    echo "A preparation beside the build failed (see above): the run counts as failed." >&2
    status=1
fi

# Sum the summary line that each test assembly prints, e.g.
#   Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 29 s - X.Tests.dll (net10.0)
passed=0
failed=0
skipped=0
assemblies=0
while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s)); assemblies=$((assemblies + 1))
done < <(cat "$results"/domain.log "$results"/integration.log "$results"/integration-postgres.log "$results"/browser.log 2>/dev/null \
    | sed -nE 's/^.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+),.*$/\2 \3 \4/p')

if [ "$status" -eq 0 ] && [ "$failed" -gt 0 ]; then status=1; fi
if [ "$status" -eq 0 ] && [ "$assemblies" -lt 4 ]; then
    echo "Only $assemblies of 4 test runs (domain, integration, integration on PostgreSQL, browser) reported a result." >&2
    status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "No test ran." >&2
    status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # The build or a test host failed before any test could report: count it, so the line never reads as green.
    failed=1
fi

echo "Screenshots: test-output/screenshots/   Test results: test-output/results/"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
