#!/usr/bin/env bash
# The uncached comparison of issue 13, on one database in one run: the release binary with its
# response cache off, beside (a) pgbench running one prepared statement that builds the pledge
# tree as JSON (the database's own limit for that answer) and (b) PostGraphile 4 over the same
# tables. Every request picks a pledge (or a filter) at random, so no cache answers. Prints a
# Markdown table. Traffic to 127.0.0.1 only; each row is bounded in time.
#
#   bench/peers.sh
#
# Environment: BENCH_SECONDS (15), BENCH_CONNECTIONS (16), BENCH_MUNICIPALITIES (290),
# BENCH_YEARS (10), BENCH_DATABASE_URL (default: the server on 127.0.0.1:5432, database
# openpledges_peers, made afresh), BENCH_REUSE=1 (keep that database when it exists),
# BENCH_SSLMODE (`disable`).
#
# Every party reaches the database the same way: over loopback without TLS. PostGraphile's
# node-postgres does not ask for TLS; libpq (pgbench, and diesel in this server) asks for it by
# default whenever the server offers it, and encrypting every result cost this server 40% of
# its uncached throughput. The URL's own `sslmode` wins when it has one.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
MUNICIPALITIES=${BENCH_MUNICIPALITIES:-290}
YEARS=${BENCH_YEARS:-10}
OUT=target/bench
TOOLS=$PWD/target/bench-tools
BIN=${CARGO_TARGET_DIR:-target}/release/openpledges
mkdir -p "$OUT" "$TOOLS"
say() { echo "bench: $*" >&2; }
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    port_answers "$p" || { echo "$p"; return; }
  done
  return 1
}
for tool in pgbench psql node npm wrk; do
  command -v "$tool" >/dev/null || { say "$tool is missing (Debian: postgresql, nodejs, npm, wrk)"; exit 1; }
done

say "building the release binary"
cargo build --release --quiet

export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/openpledges_peers}
[[ $DATABASE_URL == *sslmode=* ]] || DATABASE_URL+="$([[ $DATABASE_URL == *\?* ]] && echo '&' || echo '?')sslmode=${BENCH_SSLMODE:-disable}"
if [[ ${BENCH_REUSE:-} == 1 ]] && psql "$DATABASE_URL" -tAc "SELECT 1 FROM pledges LIMIT 1" >/dev/null 2>&1; then
  say "reusing the data in $DATABASE_URL"
  RUST_LOG=warn "$BIN" migrate >&2
else
  admin=${DATABASE_URL%/*}/postgres
  name=${DATABASE_URL##*/}
  name=${name%%\?*}
  psql -q "$admin" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
  say "generating ${MUNICIPALITIES}×${YEARS} synthetic data"
  RUST_LOG=warn "$BIN" generate --municipalities "$MUNICIPALITIES" --years "$YEARS" >&2
fi
psql -q "$DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
psql "$DATABASE_URL" -tAc "SELECT public_id FROM pledges ORDER BY id" >"$OUT/pledge-ids.txt"
psql "$DATABASE_URL" -tAc "SELECT o.public_id FROM municipalities m JOIN organizations o ON o.id = m.organization_id" \
  >"$OUT/municipality-ids.txt"
read -r lo hi n < <(psql "$DATABASE_URL" -tAF' ' -c "SELECT min(id), max(id), count(*) FROM pledges")
[[ $((hi - lo + 1)) == "$n" ]] || { say "pledge ids are not contiguous; pgbench picks by id"; exit 1; }
say "$n pledges"

# (a) The database's own limit: one prepared statement that builds the answer as JSON, for the
# REST answer (every field it holds) and for the fields the GraphQL query asks for.
pg() {
  pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -T "$SECS" -D lo="$lo" -D hi="$hi" -f "bench/sql/$1.sql" \
    "$DATABASE_URL" >"$OUT/pgbench-$1.txt" 2>&1
  echo "$(awk '/^tps/ { print int($3); exit }' "$OUT/pgbench-$1.txt") | mean $(awk '/latency average/ { print $4; exit }' "$OUT/pgbench-$1.txt") | – | –"
}
say "pgbench: the pledge tree as one prepared statement"
pgbench_full=$(pg pledge-tree-full)
pgbench_rows=$(pg pledge-tree-rows)
pgbench_light=$(pg pledge-tree-light)
# A text query's page and exact total, at 8 clients as the server's row with `q` is measured:
# latencies from pgbench's per-transaction log, so that its p99 stands beside the server's.
say "pgbench: a text query's page of 50 activities and its exact total"
rm -f "$OUT"/pgbench-text-log.*
PGOPTIONS="-c enable_seqscan=off -c plan_cache_mode=force_custom_plan" \
  pgbench -n -M prepared -c 8 -j 2 -T "$SECS" -f bench/sql/activities-text.sql \
  -l --log-prefix="$OUT/pgbench-text-log" "$DATABASE_URL" >"$OUT/pgbench-text.txt" 2>&1
pgbench_text="$(cat "$OUT"/pgbench-text-log.* | awk '{ print $3 }' | sort -n | awk '{ a[NR] = $1 }
  END { printf "%d | %.1f | %.1f | –", NR / '"$SECS"', a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000 }')"

# (b) PostGraphile 4 over the same tables.
PG_DIR=$TOOLS/postgraphile
if [[ ! -x $PG_DIR/node_modules/.bin/postgraphile ]]; then
  say "installing postgraphile@4 into $PG_DIR (npm)"
  npm install --silent --prefix "$PG_DIR" postgraphile@4 >&2
fi

SERVER_PID=
stop() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop EXIT
wait_for() {
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { say "the server died"; return 1; }
    sleep 0.2
  done
  return 1
}

rows=()
row() { rows+=("| $1 | $2 |"); }
load() {
  KIND=$1 IDS_FILE=$OUT/pledge-ids.txt MUNICIPALITIES_FILE=$OUT/municipality-ids.txt \
    wrk -t 2 -c "${3:-$CONNECTIONS}" -d "${SECS}s" -s bench/wrk/rotate.lua "$2" | tail -n 1
}
# warm KIND URL: the same requests for a few seconds, not measured, so that every party is
# measured warm (its connections' prepared statements, its own caches, Node's JIT).
warm() {
  KIND=$1 IDS_FILE=$OUT/pledge-ids.txt MUNICIPALITIES_FILE=$OUT/municipality-ids.txt \
    wrk -t 2 -c "$CONNECTIONS" -d 4s -s bench/wrk/rotate.lua "$2" >/dev/null 2>&1 || true
}

# postgraphile LABEL: one row for PostGraphile 4, started afresh and warmed. It runs before and
# after this server's rows: a shared machine's speed drifts, and the two rows show by how much.
postgraphile() {
  PORT=$(free_port)
  say "PostGraphile 4 on :$PORT"
  "$PG_DIR/node_modules/.bin/postgraphile" -c "$DATABASE_URL" -s public -p "$PORT" -n 127.0.0.1 \
    --disable-query-log >"$OUT/postgraphile.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/graphiql"
  warm postgraphile "http://127.0.0.1:$PORT"
  row "$1" "$(load postgraphile "http://127.0.0.1:$PORT")"
  stop
}
postgraphile "PostGraphile 4: the pledge tree, rotating over all pledges"

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
say "openpledges (response cache off) on :$PORT"
RUST_LOG=warn OPENPLEDGES_RATE_LIMITS=off OPENPLEDGES_RESPONSE_CACHE=false \
  "$BIN" serve --addr "127.0.0.1:$PORT" >"$OUT/peers-serve.log" 2>&1 &
SERVER_PID=$!
wait_for "$BASE/readyz"
row "this generator's ceiling (\`/healthz\`)" "$(load ceiling "$BASE")"
warm graphql "$BASE"
row "OpenPledges GraphQL, uncached: the pledge tree, rotating" "$(load graphql "$BASE")"
warm rest "$BASE"
row "OpenPledges REST, uncached: \`/v1/pledges/{id}?include=focus_areas,activities\`, rotating" "$(load rest "$BASE")"
warm activities "$BASE"
row "OpenPledges REST, uncached: 50 activities for a random filter or pair of filters" "$(load activities "$BASE")"
row "the same at 8 connections" "$(load activities "$BASE" 8)"
warm activities_all "$BASE"
row "OpenPledges REST, uncached: 50 activities, any filter or pair of the seven (also \`active_on\`, \`as_of\`, \`q\`), 8 connections" "$(load activities_all "$BASE" 8)"
row "OpenPledges REST, uncached: 50 activities for a text query alone (\`q\`, the ten words), 8 connections" "$(load activities_text "$BASE" 8)"
stop
postgraphile "PostGraphile 4 again, after the rows above"

cpus=$(nproc)
mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
pgv=$(psql "$DATABASE_URL" -tAc 'SHOW server_version')
echo
echo "Uncached, $n pledges (${MUNICIPALITIES} municipalities × ${YEARS} years), $CONNECTIONS connections, ${SECS} s per row, $(date -u +%F), $cpus cores, $mem, PostgreSQL $pgv, load generator wrk (bench/wrk/rotate.lua) on the same machine."
echo
echo "| what | req/s (pgbench: tps) | p50 ms | p99 ms | statuses |"
echo "|---|---|---|---|---|"
echo "| pgbench: one prepared statement building the REST answer as JSON, every field (\`bench/sql/pledge-tree-full.sql\`) | $pgbench_full |"
echo "| pgbench: the same content as rows and JSON arrays, the shape of the server's own tree statement (\`bench/sql/pledge-tree-rows.sql\`) | $pgbench_rows |"
echo "| pgbench: one prepared statement building the fields the GraphQL query asks for (\`bench/sql/pledge-tree-light.sql\`) | $pgbench_light |"
echo "| pgbench, 8 clients: a text query's page of 50 activities and its exact total, one statement (\`bench/sql/activities-text.sql\`) | $pgbench_text |"
printf '%s\n' "${rows[@]}"
