#!/usr/bin/env bash
# Does a page cost what the page holds, not what the tables hold? The same uncached requests on
# synthetic data at 1× (290 municipalities × 10 years) and at 10× (× 100 years), one database
# each, in one run: 50 activities for a random filter or pair of filters, and one pledge's tree,
# each rotating so no cache answers. Prints a Markdown table with the 10×/1× ratio of the p50s.
#
#   bench/scale.sh
#
# Environment: BENCH_SECONDS (15), BENCH_CONNECTIONS (8), BENCH_MUNICIPALITIES (290),
# BENCH_YEARS (10; the large database has ten times as many), BENCH_SERVER_URL (default: the
# server on 127.0.0.1:5432), BENCH_REUSE=1 (keep the databases when they exist). Connections to
# the database are made without TLS (`sslmode=disable`, see bench/peers.sh) unless BENCH_SSLMODE
# names another mode.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
MUNICIPALITIES=${BENCH_MUNICIPALITIES:-290}
YEARS=${BENCH_YEARS:-10}
SERVER=${BENCH_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
OUT=target/bench
BIN=${CARGO_TARGET_DIR:-target}/release/openpledges
mkdir -p "$OUT"
say() { echo "bench: $*" >&2; }
for tool in psql wrk curl; do
  command -v "$tool" >/dev/null || { say "$tool is missing (Debian: postgresql-client, wrk, curl)"; exit 1; }
done
say "building the release binary"
cargo build --release --quiet

# prepare NAME YEARS: a database of that many years, made afresh unless reused.
prepare() {
  local url=$SERVER/$1?sslmode=${BENCH_SSLMODE:-disable}
  # Reused when it holds synthetic data (the table states the counts it was measured on); a
  # database that holds only the bundled dataset is made afresh.
  local have
  have=$(psql "$url" -tAc "SELECT count(*) FROM pledges WHERE public_id LIKE 'syn-%'" 2>/dev/null || echo 0)
  if [[ ${BENCH_REUSE:-} == 1 && ${have:-0} -gt 0 ]]; then
    say "reusing $url"
    DATABASE_URL=$url RUST_LOG=warn "$BIN" migrate >&2
  else
    psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    say "generating ${MUNICIPALITIES}×$2 synthetic data into $1"
    DATABASE_URL=$url RUST_LOG=warn "$BIN" generate --municipalities "$MUNICIPALITIES" --years "$2" >&2
  fi
  psql -q "$url" -c "VACUUM ANALYZE" >/dev/null
}

SERVER_PID=
stop() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop EXIT

# measure NAME: prints "activities-row<TAB>tree-row<TAB>pledges<TAB>activities" for that database
# (the rows hold `|` themselves).
measure() {
  local url=$SERVER/$1?sslmode=${BENCH_SSLMODE:-disable} port=$((20000 + RANDOM % 40000)) ids=$OUT/scale-$1-pledges.txt
  local munis=$OUT/scale-$1-municipalities.txt
  psql "$url" -tAc "SELECT public_id FROM pledges ORDER BY id" >"$ids"
  psql "$url" -tAc "SELECT o.public_id FROM municipalities m JOIN organizations o ON o.id = m.organization_id" >"$munis"
  DATABASE_URL=$url RUST_LOG=warn OPENPLEDGES_RATE_LIMITS=off OPENPLEDGES_RESPONSE_CACHE=false \
    "$BIN" serve --addr "127.0.0.1:$port" >"$OUT/scale-serve-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.2; done
  local load="wrk -t 2 -c $CONNECTIONS -d ${SECS}s -s bench/wrk/rotate.lua http://127.0.0.1:$port"
  # A short first pass of each kind warms the connections' prepared statements (a statement's
  # first generic plan costs 10–150 ms) and the database's caches.
  local kind
  for kind in activities rest; do
    KIND=$kind IDS_FILE=$ids MUNICIPALITIES_FILE=$munis wrk -t 2 -c "$CONNECTIONS" -d 3s \
      -s bench/wrk/rotate.lua "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  done
  local a t
  a=$(KIND=activities IDS_FILE=$ids MUNICIPALITIES_FILE=$munis $load | tail -n 1)
  t=$(KIND=rest IDS_FILE=$ids MUNICIPALITIES_FILE=$munis $load | tail -n 1)
  stop
  printf '%s\t%s\t%s\t%s\n' "$a" "$t" "$(wc -l <"$ids")" "$(psql "$url" -tAc 'SELECT count(*) FROM activities')"
}

prepare openpledges_scale_1 "$YEARS"
prepare openpledges_scale_10 "$((YEARS * 10))"
IFS=$'\t' read -r a1 t1 p1 x1 < <(measure openpledges_scale_1)
IFS=$'\t' read -r a10 t10 p10 x10 < <(measure openpledges_scale_10)
p50() { awk -F' [|] ' '{ print $2 }' <<<"$1"; }
ratio() { awk -v a="$(p50 "$1")" -v b="$(p50 "$2")" 'BEGIN { printf "%.2f", b / a }'; }

echo
echo "Uncached, $CONNECTIONS connections, ${SECS} s per row, $(date -u +%F), $(nproc) cores, load generator wrk on the same machine."
echo "1×: $p1 pledges, $x1 activities; 10×: $p10 pledges, $x10 activities."
echo
echo "| request | 1×: req/s \\| p50 ms \\| p99 ms \\| statuses | 10×: req/s \\| p50 ms \\| p99 ms \\| statuses | p50 10×/1× |"
echo "|---|---|---|---|"
echo "| 50 activities, a random filter or pair (\`/v1/activities?…&limit=50\`) | ${a1//|/\\|} | ${a10//|/\\|} | $(ratio "$a1" "$a10") |"
echo "| one pledge's tree (\`/v1/pledges/{id}?include=focus_areas,activities\`) | ${t1//|/\\|} | ${t10//|/\\|} | $(ratio "$t1" "$t10") |"
