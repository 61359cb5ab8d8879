# PostgreSQL servers the scripts start for themselves: one folder each (the cluster in DIR/data,
# its unix socket in DIR, its log in DIR/postgres.log), trust authentication, 127.0.0.1 only.
# Used by scripts/test (a throwaway database server for the server_pg suite) and scripts/cluster.
# Sourced after common.sh, not run.

# Debian's server binaries are not on PATH: the newest /usr/lib/postgresql/*/bin, else where
# pg_config says.
postgres_bindir() {
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null |
          sort -V | tail -n1)
    if [[ -z $dir ]] && command -v pg_config >/dev/null; then dir=$(pg_config --bindir); fi
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] ||
        die "PostgreSQL's server binaries not found (apt-get install postgresql)"
    echo "$dir"
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres system user (from /,
# which that user can read).
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# A free TCP port on 127.0.0.1 (the kernel's choice: free now, not reserved).
free_tcp_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# The port of the server running in DIR (the 4th line of postmaster.pid), if one is.
running_postgres_port() {
    local dir=$1
    [[ -f $dir/data/postmaster.pid ]] || return 1
    as_postgres "$(postgres_bindir)/pg_ctl" status -D "$dir/data" >/dev/null 2>&1 || return 1
    sed -n 4p "$dir/data/postmaster.pid"
}

# Starts (or finds running) a PostgreSQL server in DIR listening on 127.0.0.1:PORT and prints its
# admin URL. Without --durable it trades durability for speed (tests only: a crash can lose or
# corrupt the data); --durable keeps PostgreSQL's defaults (the cluster, benchmarks).
# Usage: start_throwaway_postgres DIR PORT [--durable]
start_throwaway_postgres() {
    local dir=$1 port=$2 durable=0
    [[ ${3:-} == --durable ]] && durable=1
    local bin running
    bin=$(postgres_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running=$(running_postgres_port "$dir"); then
        log "PostgreSQL already running in $dir (port $running)"
        echo "postgresql://postgres@127.0.0.1:$running/postgres"
        return 0
    fi
    # The socket's path must fit in sun_path (107 bytes).
    ((${#dir} + 20 <= 107)) || die "$dir: too long a path for PostgreSQL's unix socket"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no postgres system user (apt-get install postgresql)"
        chown -R postgres: "$dir"
        as_postgres test -w "$dir" ||
            die "$dir: the postgres user cannot reach it (a parent folder it may not enter?)"
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        log "creating a PostgreSQL cluster in $dir/data"
        as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --auth-local=trust -E UTF8 \
            --locale=C >"$dir/initdb.log" 2>&1 || {
            tail -n 20 "$dir/initdb.log" >&2
            die "initdb failed (log: $dir/initdb.log)"
        }
        echo "include_if_exists = 'portal.conf'" >>"$dir/data/postgresql.conf"
    fi
    # Rewritten on every start: the port, and durability, may differ from the last start.
    local conf=$dir/data/portal.conf
    {
        echo "# Written by scripts/lib/postgres.sh on each start."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '${dir//\'/\'\'}'"
        echo "max_connections = 300"
        echo "shared_buffers = 128MB"
        if ((durable)); then
            echo "fsync = on"
            echo "synchronous_commit = on"
            echo "full_page_writes = on"
        else
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >"$conf"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$conf"; fi
    log "starting PostgreSQL on 127.0.0.1:$port$( ((durable)) || echo " (fsync off: tests only)")"
    if ! as_postgres "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/postgres.log" \
        >/dev/null; then
        tail -n 20 "$dir/postgres.log" >&2
        die "PostgreSQL did not start (log: $dir/postgres.log)"
    fi
    local tries=0
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        ((++tries < 100)) || die "PostgreSQL does not accept connections on port $port"
        sleep 0.1
    done
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

# Stops the server running in DIR, if one is (fast: open sessions are ended); the folder stays.
# Usage: stop_throwaway_postgres DIR
stop_throwaway_postgres() {
    local dir=$1
    running_postgres_port "$dir" >/dev/null || return 0
    as_postgres "$(postgres_bindir)/pg_ctl" stop -w -t 60 -m fast -D "$dir/data" >/dev/null
}

# Restarts the server running in DIR as a crash would: immediate mode ends every process without
# a checkpoint, and the start replays the WAL. For the faults tests' own instance, never a shared
# one. Usage: restart_throwaway_postgres DIR
restart_throwaway_postgres() {
    local dir=$1
    as_postgres "$(postgres_bindir)/pg_ctl" restart -w -t 60 -m immediate -D "$dir/data" \
        -l "$dir/postgres.log" >/dev/null
}
