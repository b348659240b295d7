#!/usr/bin/env bash
# The benchmark, from a fresh clone: release build, synthetic national-scale data in a fresh database,
# `openpledges serve` on a free port, then each request under load. Prints a Markdown table.
#
#   bench/run.sh
#
# Tunables (environment): BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNECTIONS (32),
# BENCH_MUNICIPALITIES (290), BENCH_YEARS (10), BENCH_SEED (1), BENCH_RUST_LOG (info: as deployed,
# one log line per request), BENCH_DATABASE_URL (a server's URL; default: 127.0.0.1:5432 if it
# answers, else a private cluster in target/bench-pgdata).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
MUNICIPALITIES=${BENCH_MUNICIPALITIES:-290}
YEARS=${BENCH_YEARS:-10}
SEED=${BENCH_SEED:-1}
SERVE_LOG_LEVEL=${BENCH_RUST_LOG:-info}
OUT=target/bench
TOOLS=target/bench-tools
BIN=${CARGO_TARGET_DIR:-target}/release/openpledges
mkdir -p "$OUT"

say() { echo "bench: $*" >&2; }

apt_install() {
  say "installing $* (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- tools ---------------------------------------------------------------------------------------
for tool in curl jq; do
  command -v "$tool" >/dev/null || apt_install "$tool"
done
LOADGEN=
if [[ -x $TOOLS/bin/oha ]]; then
  LOADGEN=oha
else
  say "installing oha into $TOOLS (cargo install, a few minutes the first time)"
  if cargo install oha --locked --root "$TOOLS" >"$OUT/oha-install.log" 2>&1; then
    LOADGEN=oha
  else
    say "oha did not build (see $OUT/oha-install.log); falling back to wrk"
    command -v wrk >/dev/null || apt_install wrk
    LOADGEN=wrk
  fi
fi

# --- build ---------------------------------------------------------------------------------------
say "building the release binary"
cargo build --release --quiet

# --- database: fresh, synthetic ------------------------------------------------------------------
unset DATABASE_URL OPENPLEDGES_CLUSTER_DIR
if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
  export DATABASE_URL=$BENCH_DATABASE_URL
  where="DATABASE_URL (BENCH_DATABASE_URL)"
elif port_answers 5432; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/openpledges_bench
  where="the server on 127.0.0.1:5432, database openpledges_bench"
  if command -v psql >/dev/null; then
    psql -q -h 127.0.0.1 -U postgres -d postgres \
      -c "DROP DATABASE IF EXISTS openpledges_bench WITH (FORCE)" >/dev/null
  fi
else
  # The binary's own resolution: a private cluster, here a throwaway one of the benchmark's own.
  export OPENPLEDGES_CLUSTER_DIR=$PWD/target/bench-pgdata
  rm -rf "$OPENPLEDGES_CLUSTER_DIR"
  where="a private cluster in target/bench-pgdata"
fi
say "generating ${MUNICIPALITIES}×${YEARS} synthetic data into $where"
RUST_LOG=warn "$BIN" generate --municipalities "$MUNICIPALITIES" --years "$YEARS" --seed "$SEED" \
  | tee "$OUT/generate.txt" >&2

# --- server --------------------------------------------------------------------------------------
PORT=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! port_answers "$candidate"; then
    PORT=$candidate
    break
  fi
done
[[ -n $PORT ]] || { say "no free port found"; exit 1; }
BASE=http://127.0.0.1:$PORT

SERVER_PID=
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    # Graceful: finishes requests in flight, then stops a private cluster it started.
    for _ in $(seq 150); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# start_server [ENV=VALUE…]: serve on $BASE and wait until ready.
start_server() {
  say "starting the server on $BASE $* (log: $OUT/serve.log)"
  # Rate limits off: the load comes from one address and measures the service, not its budgets.
  env RUST_LOG="$SERVE_LOG_LEVEL" OPENPLEDGES_RATE_LIMITS=off "$@" "$BIN" serve --addr "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { say "the server died; see $OUT/serve.log"; exit 1; }
    sleep 0.2
  done
  curl -fs "$BASE/readyz" >/dev/null || { say "the server never got ready; see $OUT/serve.log"; exit 1; }
}
start_server
pg=
if [[ -n ${DATABASE_URL:-} ]] && command -v psql >/dev/null; then
  pg=$(psql "$DATABASE_URL" -tAc 'SHOW server_version' 2>/dev/null || true)
fi
[[ -n $pg ]] || pg=$(pg_config --version 2>/dev/null | awk '{ print $2 }' || true)

# --- load ----------------------------------------------------------------------------------------
etag_of() { curl -s -D - -o /dev/null "$BASE$1" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }'; }
status_of() { curl -s -o /dev/null -w '%{http_code}' "$BASE$1"; }

PLEDGE="/v1/pledges/syn-0001-2020?include=focus_areas,activities"
MUNICIPALITY="/v1/municipalities/syn-0001"
# name | path | header
CASES=(
  "(a) one pledge with focus areas and activities|$PLEDGE|"
  "(b) 50 activities by theme and status|/v1/activities?theme=alcohol_drugs&status=completed&limit=50|"
  "(c) search|/v1/search?q=narkotika|"
)
pledge_etag=$(etag_of "$PLEDGE")
if [[ -n $pledge_etag ]]; then
  CASES+=("(d) 304 revalidation of (a)|$PLEDGE|If-None-Match: $pledge_etag")
else
  # Without an ETag there is nothing to revalidate; the row says so rather than measure a stand-in.
  CASES+=("(d) 304 revalidation of (a): (a) answers $(status_of "$PLEDGE") without an ETag|$PLEDGE|If-None-Match: \"none\"")
fi
municipality_etag=$(etag_of "$MUNICIPALITY")
CASES+=("(e) stand-in: one municipality|$MUNICIPALITY|")
CASES+=("(f) stand-in: 304 revalidation of (e)|$MUNICIPALITY|If-None-Match: ${municipality_etag:-\"none\"}")

# Prints: req/s | p50 ms | p99 ms | statuses | errors
run_oha() {
  local path=$1 header=$2 json
  local args=(--no-tui -w -c "$CONNECTIONS")
  [[ -n $header ]] && args+=(-H "$header")
  "$TOOLS/bin/oha" "${args[@]}" -z "$WARMUP" --output-format quiet "$BASE$path" >/dev/null 2>&1 || true
  json=$("$TOOLS/bin/oha" "${args[@]}" -z "$DURATION" --output-format json "$BASE$path")
  jq -r '[
      (.summary.requestsPerSec | floor | tostring),
      (.latencyPercentiles.p50 * 1000 * 100 | round / 100 | tostring),
      (.latencyPercentiles.p99 * 1000 * 100 | round / 100 | tostring),
      ([.statusCodeDistribution | to_entries[] | "\(.key)×\(.value)"] | join(", ")),
      ([.errorDistribution | to_entries[] | "\(.key)×\(.value)"] | join(", ") | if . == "" then "none" else . end)
    ] | join(" | ")' <<<"$json"
}

run_wrk() {
  local path=$1 header=$2 out
  local args=(-t 2 -c "$CONNECTIONS" --latency)
  [[ -n $header ]] && args+=(-H "$header")
  wrk "${args[@]}" -d "$WARMUP" "$BASE$path" >/dev/null 2>&1 || true
  out=$(wrk "${args[@]}" -d "$DURATION" "$BASE$path")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = int($2) }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /requests in/ { total = $1 }
    /Non-2xx or 3xx responses/ { bad = $NF }
    /Socket errors/ { sub(/.*Socket errors: /, ""); errs = $0 }
    END { printf "%s | %.2f | %.2f | %d 2xx/3xx, %d other | %s\n", rps, p50, p99, total - bad, bad, (errs == "" ? "none" : errs) }
  ' <<<"$out"
}

say "load: $LOADGEN, $CONNECTIONS connections, ${WARMUP} warm-up then ${DURATION} per request"
rows=()
for case in "${CASES[@]}"; do
  IFS='|' read -r name path header <<<"$case"
  say "  $name"
  if [[ $LOADGEN == oha ]]; then
    rows+=("| $name | \`GET ${path}\`${header:+ with \`$header\`} | $(run_oha "$path" "$header") |")
  else
    rows+=("| $name | \`GET ${path}\`${header:+ with \`$header\`} | $(run_wrk "$path" "$header") |")
  fi
done

say "  GraphQL: the README's query"
graphql_rows=$(BENCH_DURATION=$DURATION BENCH_WARMUP=$WARMUP BENCH_CONNECTIONS=$CONNECTIONS \
  OHA=$TOOLS/bin/oha bench/graphql.sh "$BASE")

# The same reads without the response cache: what a first request (or a cache miss) costs.
stop_server
start_server OPENPLEDGES_RESPONSE_CACHE=false
for case in "${CASES[@]:0:3}"; do
  IFS='|' read -r name path header <<<"$case"
  name="$name, uncached"
  say "  $name"
  if [[ $LOADGEN == oha ]]; then
    rows+=("| $name | \`GET ${path}\`${header:+ with \`$header\`} | $(run_oha "$path" "$header") |")
  else
    rows+=("| $name | \`GET ${path}\`${header:+ with \`$header\`} | $(run_wrk "$path" "$header") |")
  fi
done

stop_server
trap - EXIT

# --- report --------------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
{
  echo "### Benchmark"
  echo
  echo "Machine: $(nproc) CPUs ($cpu), $mem memory; PostgreSQL ${pg:-?} on $where; the load generator ($LOADGEN) runs on the same machine."
  echo "Build: release, commit $commit. Server: \`openpledges serve\`, default workers and pool, RUST_LOG=$SERVE_LOG_LEVEL."
  echo "Data: \`openpledges generate --municipalities $MUNICIPALITIES --years $YEARS --seed $SEED\`: $(head -n1 "$OUT/generate.txt" | sed 's/^[^:]*: //'); $(tail -n1 "$OUT/generate.txt")."
  echo "Load: $CONNECTIONS connections, ${WARMUP} warm-up, then ${DURATION} per row (keep-alive; oha asks for compressed responses)."
  echo
  echo "| case | request | req/s | p50 ms | p99 ms | responses | errors |"
  echo "|---|---|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "GraphQL (\`bench/graphql.sh\`): SQL statements per request as the server counts them (\`X-SQL-Statements\`) and as PostgreSQL does (committed transactions over the run, divided by requests)."
  echo
  echo "| case | request | req/s | p50 ms | p99 ms | SQL statements per request | response bytes | responses | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---|---|"
  echo "$graphql_rows"
} | tee "$OUT/results.md"
say "written to $OUT/results.md"
