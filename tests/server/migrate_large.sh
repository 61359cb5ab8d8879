#!/usr/bin/env bash
# The move to PostgreSQL on a customer that grew out of SQLite: large_portal writes the demo plus
# 10,000 rooms (licensed, two devices each) and a year of telemetry for 100 of them;
# scripts/migrate-to-postgresql copies it into a new database of the test PostgreSQL and checks
# it (every table's rows, both loaded states, the start-up check); then a portal-server on each
# database answers the main reads, compared byte for byte. Prints the times.
#
# Usage: migrate_large.sh LARGE_PORTAL PORTAL_MIGRATE PORTAL_SERVER
#   PORTAL_TEST_POSTGRESQL  the admin URL of a PostgreSQL to create the database in (unset: the
#                           check is skipped, exit 77)
#   LARGE_ROOMS, LARGE_TELEMETRY_ROOMS, LARGE_DAYS  the size (10000, 100, 365)
set -euo pipefail
(($# == 3)) || { sed -n '/^# Usage/,/^set/p' "$0" | sed '$d' | cut -c3- >&2; exit 2; }
large_portal=$1 migrate=$2 server=$3
admin=${PORTAL_TEST_POSTGRESQL:-}
[[ -n $admin ]] || { echo "PORTAL_TEST_POSTGRESQL is not set: skipped"; exit 77; }
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-migrate-large.XXXXXX")
database=migrate_large_$$
url=${admin%/*}/$database
server_pids=()

cleanup() {
    local pid
    for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

started=$(now)
"$large_portal" --rooms "${LARGE_ROOMS:-10000}" --telemetry-rooms "${LARGE_TELEMETRY_ROOMS:-100}" \
    --days "${LARGE_DAYS:-365}" "$work/portal.db"
echo "generated in $(took "$started"): $(du -h "$work/portal.db" | cut -f1)"

psql -X -q "$admin" -c "CREATE DATABASE $database"
started=$(now)
PORTAL_MIGRATE_BIN=$migrate "$root/scripts/migrate-to-postgresql" "$work/portal.db" "$url"
echo "migrate-to-postgresql took $(took "$started")"

# Starts portal-server with the given environment; sets $port from its "listening on" line.
start_server() {
    local name=$1
    shift
    env PORTAL_PORT=0 PORTAL_BIND=127.0.0.1 PORTAL_LOG_LEVEL=warn PORTAL_DB="$work/portal.db" \
        PORTAL_SECRET_KEY_FILE="$work/portal.db.key" "$@" "$server" >"$work/$name.log" 2>&1 &
    server_pids+=($!)
    local line=""
    for _ in $(seq 600); do
        line=$(grep -m1 'listening on' "$work/$name.log" || true)
        [[ -n $line ]] && break
        kill -0 "${server_pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n $line ]] || { cat "$work/$name.log" >&2; echo "error: the $name server did not start" >&2; exit 1; }
    port=${line##*:}
}

started=$(now)
start_server sqlite
sqlite_port=$port
start_server postgresql PORTAL_DATABASE_URL="$url"
postgres_port=$port
echo "both servers started in $(took "$started")"

# Signs in as email on both servers (cookie jars in $work).
sign_in() {
    local who=$1 email=$2 password=$3 p
    for p in $sqlite_port $postgres_port; do
        curl -sf -o /dev/null -c "$work/$who-$p.jar" -H 'X-Requested-With: portal' \
            -H 'Content-Type: application/json' \
            -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
            "http://127.0.0.1:$p/api/v1/auth/login" ||
            { echo "error: $email cannot sign in on port $p" >&2; exit 1; }
    done
}

differences=0
reads=0
# GETs path as who on both servers and compares status and body.
compare() {
    local who=$1 path=$2 p status=()
    for p in $sqlite_port $postgres_port; do
        status+=("$(curl -s -o "$work/answer-$p" -w '%{http_code}' -b "$work/$who-$p.jar" \
            -H 'X-Requested-With: portal' "http://127.0.0.1:$p$path")")
    done
    reads=$((reads + 1))
    # The moment of the answer ("asOf": the two reads may straddle a second) is not data.
    sed -i -E 's/"asOf":"[^"]*"/"asOf":""/' "$work/answer-$sqlite_port" "$work/answer-$postgres_port"
    if [[ ${status[0]} != 200 || ${status[1]} != 200 ]] ||
        ! cmp -s "$work/answer-$sqlite_port" "$work/answer-$postgres_port"; then
        differences=$((differences + 1))
        echo "DIFFERS: $who GET $path: SQLite ${status[0]} ($(wc -c <"$work/answer-$sqlite_port") bytes)," \
            "PostgreSQL ${status[1]} ($(wc -c <"$work/answer-$postgres_port") bytes)"
        diff <(head -c 4000 "$work/answer-$sqlite_port" | fold -w 200) \
            <(head -c 4000 "$work/answer-$postgres_port" | fold -w 200) | head -n 8 || true
    fi
}

sign_in dana dana.lee@contoso.example contoso-admin
sign_in olivia olivia.ops@portal.example portal-operator
curl -sf -b "$work/dana-$sqlite_port.jar" -H 'X-Requested-With: portal' \
    "http://127.0.0.1:$sqlite_port/api/v1/accounts" >"$work/accounts.json"
contoso=$(jq '.accounts[] | select(.name == "Contoso Ltd") | .id' "$work/accounts.json")
curl -sf -b "$work/dana-$sqlite_port.jar" -H 'X-Requested-With: portal' \
    "http://127.0.0.1:$sqlite_port/api/v1/accounts/$contoso/rooms" >"$work/rooms.json"
first_room=$(jq '[.rooms[] | select(.name == "Room 00000") | .id][0]' "$work/rooms.json")
ten_rooms=$(jq -r '[.rooms[] | select(.name >= "Room 00000" and .name < "Room 00010") | .id] | join(",")' \
    "$work/rooms.json")
year_ago=$(date -u -d '-365 days' +%Y-%m-%dT00:00:00Z)
today=$(date -u +%Y-%m-%dT00:00:00Z)

started=$(now)
account=/api/v1/accounts/$contoso
compare dana /api/v1/accounts
compare dana "$account"
compare dana "$account/rooms"
compare dana "/api/v1/rooms/$first_room"
compare dana "/api/v1/rooms/$first_room/entitlements"
compare dana "$account/devices"
compare dana "$account/contracts"
compare dana "$account/spares"
compare dana "$account/members"
compare dana "$account/insights?rooms=$ten_rooms&from=$year_ago&to=$today&resolution=day"
compare dana "$account/insights?rooms=$first_room&from=$year_ago&to=$today&resolution=hour"
compare dana "$account/insights/summary?days=30"
compare dana "$account/alerts"
compare dana "$account/alert-rules"
compare dana "$account/tickets"
compare dana "$account/audit?limit=50"
compare dana "$account/home"
compare dana /api/v1/home
compare olivia /api/v1/accounts
compare olivia /api/v1/orders
compare olivia /api/v1/support/tickets
compare olivia /api/v1/operator/home
echo "$reads reads compared in $(took "$started"): $differences differ"
if ((differences > 0)); then
    echo "errors the servers logged:"
    grep -h -i -A2 'error' "$work/sqlite.log" "$work/postgresql.log" | head -n 20 || true
fi
((differences == 0))
