#!/usr/bin/env bash
# The GraphQL benchmark: POSTs the README's query (issue 5) to a running server under load and
# prints Markdown table rows, one client then BENCH_CONNECTIONS: req/s | p50 ms | p99 ms |
# SQL statements per request (the server's count, and PostgreSQL's) | response bytes | responses |
# errors.
#
#   bench/graphql.sh BASE_URL        (bench/run.sh calls it against its synthetic national-scale server)
#
# Environment: BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNECTIONS (32), OHA (the oha binary;
# default target/bench-tools/bin/oha), DATABASE_URL (optional: with psql, PostgreSQL's own count of
# statements is reported beside the server's).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:?usage: bench/graphql.sh BASE_URL}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
OHA=${OHA:-target/bench-tools/bin/oha}
OUT=target/bench
mkdir -p "$OUT"

QUERY='{ municipalities(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name code
  pledges(first: 10) { edges { node { id title periodStart periodEnd municipality { id }
  focusAreas(first: 10) { edges { node { id title themes { code labelSv labelEn }
  activities(first: 20) { edges { node { id title status statusHistory { status effectiveOn } } } } } } }
  sources { id title } } } } } } } }'
BODY=$OUT/graphql-body.json
jq -n --arg q "$QUERY" '{query: $q}' >"$BODY"

if [[ ! -x $OHA ]]; then
  echo "| the README's query | needs oha ($OHA) | | | | | | |"
  exit 0
fi

# One request first: it must succeed, and it says what it cost.
headers=$(curl -s -D - -o "$OUT/graphql-response.json" -H 'content-type: application/json' \
  --data-binary "@$BODY" "$BASE/graphql" | tr -d '\r')
statements=$(awk 'tolower($1) == "x-sql-statements:" { print $2 }' <<<"$headers")
bytes=$(wc -c <"$OUT/graphql-response.json")
if jq -e '.errors' "$OUT/graphql-response.json" >/dev/null; then
  echo "bench: the query failed: $(jq -c '.errors' "$OUT/graphql-response.json")" >&2
  exit 1
fi

# PostgreSQL's count: every statement outside a transaction commits one.
pg_commits() {
  [[ -n ${DATABASE_URL:-} ]] && command -v psql >/dev/null || return 0
  psql "$DATABASE_URL" -tAc "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null | tail -n1
}

# -w: requests still running at the deadline finish, so none is counted in the next window.
# Idle backends report their statistics within PGSTAT_IDLE_INTERVAL (10 s): wait that long around
# each measured run, or PostgreSQL's count misses the last statements.
measure() {
  local connections=$1 json before after requests measured
  local args=(--no-tui -w -c "$connections" -m POST -T application/json -D "$BODY")
  "$OHA" "${args[@]}" -z "$WARMUP" --output-format quiet "$BASE/graphql" >/dev/null 2>&1 || true
  [[ -n ${DATABASE_URL:-} ]] && sleep 11
  before=$(pg_commits)
  json=$("$OHA" "${args[@]}" -z "$DURATION" --output-format json "$BASE/graphql")
  [[ -n ${DATABASE_URL:-} ]] && sleep 11
  after=$(pg_commits)
  requests=$(jq '[.statusCodeDistribution | to_entries[] | .value] | add // 0' <<<"$json")
  measured=
  if [[ -n $before && -n $after && $requests -gt 0 ]]; then
    measured=$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN { printf "%.2f", (a - b) / n }')
  fi
  jq -r --arg c "$connections" --arg st "$statements" --arg pg "${measured:-n/a}" --arg bytes "$bytes" '[
      "the README'"'"'s query, " + $c + " connection" + (if $c == "1" then "" else "s" end),
      "`POST /graphql`",
      (.summary.requestsPerSec | floor | tostring),
      (.latencyPercentiles.p50 * 1000 * 100 | round / 100 | tostring),
      (.latencyPercentiles.p99 * 1000 * 100 | round / 100 | tostring),
      ($st + " (PostgreSQL: " + $pg + ")"),
      $bytes,
      ([.statusCodeDistribution | to_entries[] | "\(.key)×\(.value)"] | join(", ")),
      ([.errorDistribution | to_entries[] | "\(.key)×\(.value)"] | join(", ") | if . == "" then "none" else . end)
    ] | "| " + join(" | ") + " |"' <<<"$json"
}

# One client shows the latency of a request alone; many show throughput (and queueing).
measure 1
measure "$CONNECTIONS"
