#!/usr/bin/env bash
# Ensure a throwaway PostgreSQL server is running for the test suite and print
# its connection URL as the only line on stdout, e.g.
#
#   postgres://wushe:wushe@127.0.0.1:55432/postgres
#
# Usage:
#   scripts/pg-test-cluster.sh          start (or reuse) the server, print URL
#   scripts/pg-test-cluster.sh stop     stop the server and delete its data dir
#   scripts/pg-test-cluster.sh restart  start it again on its port after it was killed
#
# Environment:
#   WUSHE_PG_DIR   data directory (default /tmp/wushe-pg); also holds the
#                  server log (DIR/log) and the Unix socket
#   WUSHE_PG_PORT  preferred TCP port (default 55432); if something else is
#                  listening there, the first free port in 55433..55500 is used
#   WUSHE_PG_DURABLE=1  keep fsync, synchronous_commit and full_page_writes on (for
#                  benchmarks of durable writes and the crash harness; give it its own
#                  WUSHE_PG_DIR and port)
#
# A running server is reused; a stopped one's data directory is deleted and made afresh, so a
# database kept for measuring again must stay running (or be started with pg_ctl, not this).
#
# Never use this for real data: fsync is off and every local connection is
# trusted. The role `wushe` (password `wushe`) is a SUPERUSER because tests
# create and drop one database each.
#
# Run as root (PostgreSQL itself runs as the `postgres` system user via
# runuser) or as an unprivileged user, who then owns the server. Diagnostics
# go to stderr.
set -euo pipefail

# Only the URL may reach stdout: keep it on fd 3, send everything else to stderr.
exec 3>&1 1>&2

PG_DIR="${WUSHE_PG_DIR:-/tmp/wushe-pg}"
PG_PORT="${WUSHE_PG_PORT:-55432}"
ROLE=wushe
ROLE_PASSWORD=wushe
FALLBACK_PORTS=$(seq 55433 55500)

log() { printf 'pg-test-cluster: %s\n' "$*" >&2; }
die() {
    printf 'pg-test-cluster: error: %s\n' "$*" >&2
    exit 1
}

[[ $PG_PORT =~ ^[0-9]+$ ]] || die "WUSHE_PG_PORT must be a port number, got '$PG_PORT'"
[[ $PG_DIR == /* ]] || PG_DIR="$PWD/$PG_DIR"
PG_DIR="${PG_DIR%/}"
[[ -n $PG_DIR ]] || die "WUSHE_PG_DIR must not be /"
[[ $PG_DIR != *"'"* ]] || die "WUSHE_PG_DIR must not contain a single quote: $PG_DIR"
# The socket path (DIR/.s.PGSQL.PORT) must fit in sockaddr_un (107 bytes).
((${#PG_DIR} <= 90)) || die "WUSHE_PG_DIR is too long for a Unix socket path (max 90 chars): $PG_DIR"
# Everything below uses absolute paths; the postgres user may not be able to
# enter the caller's working directory (e.g. /root).
cd /

if ((EUID == 0)); then
    PG_OS_USER=postgres
else
    PG_OS_USER=$(id -un)
fi

# Run a PostgreSQL program as the server's OS user (PostgreSQL refuses root).
as_pg() {
    if ((EUID == 0)); then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

# ---------------------------------------------------------------------------
# Locate (or install) the PostgreSQL server binaries.
# ---------------------------------------------------------------------------

# Prints the bin dir of the highest PostgreSQL version under
# /usr/lib/postgresql that has both pg_ctl and initdb; falls back to PATH.
find_pg_bin() {
    local dir found=""
    while IFS= read -r dir; do
        [[ -x $dir/pg_ctl && -x $dir/initdb ]] && found=$dir
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
    if [[ -z $found ]] && command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        found=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    fi
    [[ -n $found ]] && printf '%s\n' "$found"
}

# Runs apt-get quietly, waiting while another apt/dpkg process holds the lock.
# Output is shown only on failure.
apt_get() {
    local out attempt
    out=$(mktemp)
    for attempt in $(seq 1 120); do
        if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 "$@" >"$out" 2>&1; then
            rm -f "$out"
            return 0
        fi
        if grep -qiE 'could not get lock|unable to acquire|another process' "$out"; then
            ((attempt == 1)) && log "apt/dpkg is busy (another install running?); waiting for the lock..."
            sleep 5
        elif grep -q 'dpkg --configure -a' "$out" && ((attempt == 1)); then
            log "dpkg was interrupted; running dpkg --configure -a"
            "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >"$out" 2>&1 || true
        else
            break
        fi
    done
    cat "$out"
    rm -f "$out"
    return 1
}

install_postgresql() {
    SUDO=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "PostgreSQL is not installed and this is not root (install Debian's 'postgresql' package)"
        SUDO=(sudo -n)
    fi
    command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is unavailable"
    log "installing PostgreSQL with apt-get..."
    if ! apt_get install -y -qq --no-install-recommends postgresql; then
        log "install failed; running apt-get update and retrying"
        apt_get update -qq || die "apt-get update failed"
        apt_get install -y -qq --no-install-recommends postgresql || die "apt-get install postgresql failed"
    fi
}

PG_BIN=$(find_pg_bin) || true
if [[ -z $PG_BIN ]]; then
    install_postgresql
    PG_BIN=$(find_pg_bin) || die "PostgreSQL was installed but pg_ctl/initdb were not found under /usr/lib/postgresql/*/bin"
fi
PSQL="$PG_BIN/psql"
[[ -x $PSQL ]] || PSQL=$(command -v psql) || die "psql not found"

# ---------------------------------------------------------------------------
# Server helpers.
# ---------------------------------------------------------------------------

server_running() {
    [[ -f $PG_DIR/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1
}

# Port of the running server (4th line of postmaster.pid).
running_port() {
    sed -n 4p "$PG_DIR/postmaster.pid" 2>/dev/null
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null; then
        [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
    else
        (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

pick_port() {
    local port
    for port in "$PG_PORT" $FALLBACK_PORTS; do
        if ! port_in_use "$port"; then
            [[ $port == "$PG_PORT" ]] || log "port $PG_PORT is in use; using $port"
            printf '%s\n' "$port"
            return 0
        fi
    done
    return 1
}

# Runs a command with only fds 0-2 open. pg_ctl's server inherits every other
# open fd; if it kept our stdout pipe (fd 3) or a pipe of the caller, then
# `URL=$(pg-test-cluster.sh)` and CI log readers would wait forever for EOF.
with_std_fds_only() {
    (
        for fd in /proc/"$BASHPID"/fd/*; do
            fd=${fd##*/}
            [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)) && exec {fd}>&-
        done
        exec 3>&-
        "$@"
    )
}

# Creates or updates the test role; safe to run repeatedly.
ensure_role() {
    local port=$1
    as_pg "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$port" -U postgres -d postgres -c "
        DO \$\$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
                CREATE ROLE $ROLE LOGIN SUPERUSER PASSWORD '$ROLE_PASSWORD';
            ELSE
                ALTER ROLE $ROLE LOGIN SUPERUSER PASSWORD '$ROLE_PASSWORD';
            END IF;
        END \$\$;" >/dev/null || die "could not create role '$ROLE' (server log: $PG_DIR/log)"
}

print_url() {
    printf 'postgres://%s:%s@127.0.0.1:%s/postgres\n' "$ROLE" "$ROLE_PASSWORD" "$1" >&3
}

# The server's options. Benchmarks of durable writes and the crash harness need a server that
# syncs its commits (and writes whole pages after a checkpoint, so that a kill tears none).
server_opts() {
    local port=$1 opts
    opts="-p $port -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    opts+=" -c full_page_writes=off"
    if [[ ${WUSHE_PG_DURABLE:-} == 1 ]]; then
        opts="-p $port -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on"
    fi
    printf '%s -c max_connections=300\n' "$opts"
}

# Deletes the data dir, refusing anything that does not look like ours.
remove_data_dir() {
    [[ -e $PG_DIR ]] || return 0
    if [[ -f $PG_DIR/PG_VERSION ]] || [[ -d $PG_DIR && -z $(ls -A "$PG_DIR") ]]; then
        rm -rf -- "$PG_DIR"
    else
        die "$PG_DIR exists but is not a PostgreSQL data directory; refusing to delete it (set WUSHE_PG_DIR)"
    fi
}

# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------

# After a crash (the crash harness kills the server with SIGKILL): start the same data directory
# again on the port it had, waiting for the killed server's backends to go.
if [[ ${1:-} == restart ]]; then
    port=$(running_port)
    [[ $port =~ ^[0-9]+$ ]] || die "no port recorded in $PG_DIR/postmaster.pid"
    for _ in $(seq 1 60); do
        if with_std_fds_only as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/log" -o "$(server_opts "$port")" -w -t 60 start >/dev/null 2>&1; then
            print_url "$port"
            exit 0
        fi
        sleep 0.5
    done
    die "PostgreSQL in $PG_DIR did not start again (log: $PG_DIR/log)"
fi

if [[ ${1:-} == stop ]]; then
    if server_running; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null || die "could not stop the server in $PG_DIR"
    fi
    remove_data_dir
    exit 0
elif [[ $# -gt 0 ]]; then
    die "unknown argument '$1' (usage: $0 [stop|restart])"
fi

if server_running; then
    port=$(running_port)
    [[ $port =~ ^[0-9]+$ ]] || die "server in $PG_DIR is running but its port is unknown (bad postmaster.pid)"
    log "reusing running server in $PG_DIR on port $port"
    ensure_role "$port"
    print_url "$port"
    exit 0
fi

# Fresh cluster. A stale dir from an earlier (stopped/crashed) run is discarded.
remove_data_dir
mkdir -p -- "$PG_DIR"
chmod 700 "$PG_DIR"
if ((EUID == 0)); then
    id -u "$PG_OS_USER" >/dev/null 2>&1 || die "system user '$PG_OS_USER' does not exist (is the postgresql package installed?)"
    chown "$PG_OS_USER": "$PG_DIR"
fi
{ as_pg test -w "$PG_DIR" && as_pg test -x "$PG_DIR"; } ||
    die "user '$PG_OS_USER' cannot write to $PG_DIR (is a parent directory private?); set WUSHE_PG_DIR"

locale_opt=(--locale=C)
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale_opt=(--locale=C.UTF-8)
fi
initdb_log=$(mktemp)
if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust --encoding=UTF8 "${locale_opt[@]}" \
    >"$initdb_log" 2>&1; then
    cat "$initdb_log"
    rm -f "$initdb_log"
    die "initdb failed for $PG_DIR"
fi
rm -f "$initdb_log"

port=$(pick_port) || die "no free TCP port found in $PG_PORT, 55433..55500"
if ! with_std_fds_only as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/log" -o "$(server_opts "$port")" -w -t 60 start >/dev/null 2>&1; then
    printf 'pg-test-cluster: error: PostgreSQL failed to start (data dir %s, port %s); last lines of %s/log:\n' \
        "$PG_DIR" "$port" "$PG_DIR"
    tail -n 25 "$PG_DIR/log" 2>/dev/null | sed 's/^/    /' || true
    exit 1
fi

ensure_role "$port"
log "started PostgreSQL $(cat "$PG_DIR/PG_VERSION") in $PG_DIR on port $port"
print_url "$port"
