#!/usr/bin/env bash
# The hardening benchmark (issue 12): the release binary over synthetic national-scale data, four
# scenarios from bench/hardening.py, each against a fresh server. Prints a Markdown table.
# Sends traffic to 127.0.0.1 only; every scenario is bounded in time (about 2 minutes in all,
# plus the build and the data).
#
#   bench/hardening.sh
#
# Environment: BENCH_MUNICIPALITIES (290), BENCH_YEARS (10), BENCH_DATABASE_URL (default: the
# server on 127.0.0.1:5432, database openpledges_hardening).
set -euo pipefail
cd "$(dirname "$0")/.."
MUNICIPALITIES=${BENCH_MUNICIPALITIES:-290}
YEARS=${BENCH_YEARS:-10}
OUT=target/bench
BIN=${CARGO_TARGET_DIR:-target}/release/openpledges
mkdir -p "$OUT"
say() { echo "bench: $*" >&2; }
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

say "building the release binary"
cargo build --release --quiet

unset OPENPLEDGES_CLUSTER_DIR
if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
  export DATABASE_URL=$BENCH_DATABASE_URL
elif port_answers 5432; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/openpledges_hardening
  psql -q -h 127.0.0.1 -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS openpledges_hardening WITH (FORCE)" >/dev/null
else
  say "set BENCH_DATABASE_URL, or run a PostgreSQL server on 127.0.0.1:5432"
  exit 1
fi
say "generating ${MUNICIPALITIES}×${YEARS} synthetic data"
RUST_LOG=warn "$BIN" generate --municipalities "$MUNICIPALITIES" --years "$YEARS" >&2

PORT=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  port_answers "$candidate" || { PORT=$candidate; break; }
done
BASE=http://127.0.0.1:$PORT
SERVER_PID=
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT

# start_server ENV=VALUE…: a fresh server on $BASE, waited for until ready.
start_server() {
  env RUST_LOG=warn OPENPLEDGES_ADDR="127.0.0.1:$PORT" "$@" "$BIN" >"$OUT/hardening-serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  say "the server never got ready; see $OUT/hardening-serve.log"
  exit 1
}

rows=()
say "scenario: starve"
start_server OPENPLEDGES_RATE_LIMITS=off OPENPLEDGES_RESPONSE_CACHE=false
rows+=("$(python3 bench/hardening.py starve "$BASE")")
stop_server

say "scenario: budget"
start_server OPENPLEDGES_RATE_LIMITS=uncached=300 OPENPLEDGES_TRUSTED_PROXIES=127.0.0.1 \
  OPENPLEDGES_RESPONSE_CACHE=false
rows+=("$(python3 bench/hardening.py budget "$BASE")")
stop_server

say "scenario: sigterm"
start_server OPENPLEDGES_RATE_LIMITS=off OPENPLEDGES_DRAIN_SECONDS=2
rows+=("$(python3 bench/hardening.py sigterm "$BASE" "$SERVER_PID")")
wait "$SERVER_PID" 2>/dev/null && rc=0 || rc=$?
rows[-1]="${rows[-1]% |} (exit $rc) |"
SERVER_PID=

say "scenario: rss"
start_server OPENPLEDGES_RATE_LIMITS=off OPENPLEDGES_RESPONSE_CACHE=false
rows+=("$(python3 bench/hardening.py rss "$BASE" "$SERVER_PID")")
stop_server

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(uname -sr); ${MUNICIPALITIES} municipalities × ${YEARS} years."
echo
echo "| scenario | result |"
echo "|---|---|"
printf '%s\n' "${rows[@]}"
