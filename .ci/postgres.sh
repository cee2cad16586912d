#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: a fresh data directory under the temp folder, its own port on loopback, run as
# a normal user (PostgreSQL refuses to run as root; as root this runs it as the "postgres" user that Debian's package creates).
# Durability is switched off (fsync, full-page writes): the cluster lives for one test run.
#
#   .ci/postgres.sh start [PORT]   installs Debian's postgresql package when no server is found, starts a cluster and prints
#                                  "export VENDORRISK_TEST_POSTGRES=..." and "export VENDORRISK_PG_DIR=..." lines for eval
#   .ci/postgres.sh stop DIR       stops the cluster in DIR and deletes DIR
#
# By hand: eval "$(.ci/postgres.sh start)"; VENDORRISK_TEST_PROVIDER=postgres dotnet test ...; .ci/postgres.sh stop "$VENDORRISK_PG_DIR"
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

# Runs a PostgreSQL program as the cluster's owner: ourselves, or "postgres" when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local port="${1:-55432}"
    local bin
    bin="$(bindir)"
    if [ -z "$bin" ]; then
        echo "==> Installing PostgreSQL from the distribution's packages" >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
        # The package's own scripts also create and start a default cluster (port 5432); where a machine cannot start
        # services that step fails without harming ours, so the result is judged by the server programs being there.
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >&2 || true
        bin="$(bindir)"
        if [ -z "$bin" ]; then echo "No PostgreSQL server after installing the postgresql package." >&2; exit 1; fi
    fi
    # Debian's package starts a cluster of its own on port 5432 as a service; ours is separate and does not need it.
    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/vendorrisk-pg.XXXXXX")"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U vendorrisk --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Each test class has a database of its own and each database a pool of connections: room for two classes at a time with
    # their app and job storage connections, and for the databases being dropped.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export VENDORRISK_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=vendorrisk;Database=postgres'"
    echo "export VENDORRISK_PG_DIR='$dir'"
}

stop() {
    local dir="${1:?data directory}"
    local bin
    bin="$(bindir)"
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [PORT] | stop DIR" >&2; exit 2 ;;
esac
