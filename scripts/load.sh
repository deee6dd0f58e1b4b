#!/usr/bin/env bash
# Load test on loopback: builds the release binary, starts it on a free 127.0.0.1 port with a
# temporary SQLite database, seeds assessments from examples/ through the API, and drives each
# endpoint with wrk for a bounded time. GETs send `Accept-Encoding: br, gzip` as browsers do.
# Prints a Markdown table (requests/s, p50/p90/p99 latency, non-2xx answers, socket errors,
# the server's peak RSS), the report page's requests/s as a share of /healthz's measured
# back to back in this run (16 and 64 connections), the page's transferred size, and the
# server's RSS after the largest scenario the validator accepts has filled the report cache.
#
#   scripts/load.sh                      # 15 s per endpoint, 1 wrk thread, 16 connections
#   LOAD_DURATION=30s LOAD_CONNECTIONS=64 scripts/load.sh
#
# Only loopback is targeted; every run stops by itself after LOAD_DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${LOAD_DURATION:-15s}
THREADS=${LOAD_THREADS:-1}
CONNECTIONS=${LOAD_CONNECTIONS:-16}
SAVE_WRITERS=${LOAD_SAVE_WRITERS:-4}
LARGEST_COPIES=${LOAD_LARGEST_COPIES:-6}
EXAMPLE=examples/small-azure-ingestion.json
LARGE=examples/large-multi-team-estate.json
ACCEPT='Accept-Encoding: br, gzip'
export LOAD_LUA_DIR="$PWD/scripts/load"

need() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing $pkg" >&2
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; }
  fi
  command -v "$cmd" >/dev/null 2>&1 || { echo "error: $cmd is required (apt-get install $pkg)" >&2; exit 1; }
}
need wrk wrk
need curl curl

echo "==> cargo build --release" >&2
cargo build --release --quiet --bin connect-advisor
BIN=target/release/connect-advisor

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Production defaults except the address (a free loopback port), the database (temporary) and
# the per-address creation limit (off: every create below comes from this one address).
RUST_LOG=${RUST_LOG:-connect_advisor=info,tower_http=info} \
  "$BIN" serve --addr 127.0.0.1:0 --database-url "sqlite://$WORK/load.db" --log-format json \
  --create-rate-per-minute 0 \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ADDR=
for _ in $(seq 1 200); do
  ADDR=$(grep -o '"addr":"127\.0\.0\.1:[0-9]*"' "$WORK/server.log" | head -n 1 | cut -d'"' -f4 || true)
  [ -n "$ADDR" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$ADDR" ] || { echo "error: the server did not report its address" >&2; cat "$WORK/server.log" >&2; exit 1; }
BASE="http://$ADDR"
echo "==> server pid $SERVER_PID on $BASE" >&2

create() {
  curl -sS -f -XPOST "$BASE/api/assessments" -H 'content-type: application/json' --data-binary @"${1:-$EXAMPLE}"
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }

# Reads need a capability: every request below carries the assessment's edit key, as the
# browser that created it would (a Bearer token is read like the key cookie).
CREATED=$(create)
ID=$(printf '%s' "$CREATED" | field id)
AUTH="Authorization: Bearer $(printf '%s' "$CREATED" | field edit_key)"
LARGE_CREATED=$(create "$LARGE")
LARGE_ID=$(printf '%s' "$LARGE_CREATED" | field id)
LARGE_AUTH="Authorization: Bearer $(printf '%s' "$LARGE_CREATED" | field edit_key)"
# One assessment per save writer for the If-Match chain (each wrk thread edits its own).
: >"$WORK/targets"
for _ in $(seq 1 "$SAVE_WRITERS"); do
  c=$(create)
  printf '%s %s\n' "$(printf '%s' "$c" | field id)" "$(printf '%s' "$c" | field edit_key)" >>"$WORK/targets"
done
export LOAD_TARGETS="$WORK/targets"

# Every endpoint answers 200 before it is loaded (wrk itself counts only status >= 400).
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report")
[ "$code" = 200 ] || { echo "error: GET /assessments/$LARGE_ID/report answered $code" >&2; exit 1; }
for path in "/assessments/$ID/report" "/api/assessments/$ID/report" "/api/assessments/$ID/report.csv" \
  "/healthz" "/api/assessments/$ID"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$path")
  [ "$code" = 200 ] || { echo "error: GET $path answered $code" >&2; exit 1; }
done
# Without the key the report is not there.
code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/assessments/$ID/report")
[ "$code" = 404 ] || { echo "error: GET /assessments/$ID/report without the key answered $code" >&2; exit 1; }

rss_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }

ROWS=()
run() {
  local label=$1 threads=$2 conns=$3
  shift 3
  echo "==> $label: wrk -t$threads -c$conns -d$DURATION $*" >&2
  local out
  out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 5s "$@")
  local line
  line=$(printf '%s\n' "$out" | grep '^RESULT ' || true)
  [ -n "$line" ] || { printf '%s\n' "$out" >&2; echo "error: wrk printed no RESULT" >&2; exit 1; }
  echo "    $line" >&2
  get() { printf '%s\n' "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
  LAST_RPS=$(get rps)
  LAST_P99=$(get p99_ms)
  ROWS+=("| $label | $conns | $(get rps) | $(get p50_ms) | $(get p90_ms) | $(get p99_ms) | $(get non2xx) | $(get socket_errors) | $(($(rss_kb VmHWM) / 1024)) |")
}

# Warm caches (and the page cache of the database) before measuring.
wrk -t1 -c4 -d2s -H "$ACCEPT" -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report" >/dev/null
wrk -t1 -c4 -d2s -H "$ACCEPT" -H "$AUTH" "$BASE/assessments/$ID/report" >/dev/null

# What a browser downloads for the largest example's page, and what it would without compression.
size() { curl -sS -o /dev/null -w '%{size_download}' "$@"; }
PAGE_BR=$(size -H 'Accept-Encoding: br' -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report")
PAGE_GZIP=$(size -H 'Accept-Encoding: gzip' -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report")
PAGE_PLAIN=$(size -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report")

GET_LUA="$LOAD_LUA_DIR/report.lua"
# The page against the floor, back to back at each connection count: the machine is shared,
# so only ratios measured side by side mean much.
RATIOS=()
for conns in "$CONNECTIONS" "$((CONNECTIONS * 4))"; do
  run "GET /healthz (HTTP stack floor)" "$THREADS" "$conns" -s "$GET_LUA" -H "$ACCEPT" "$BASE/healthz"
  floor=$LAST_RPS
  run "GET /assessments/{id}/report (largest example, br)" "$THREADS" "$conns" -s "$GET_LUA" -H "$ACCEPT" -H "$LARGE_AUTH" "$BASE/assessments/$LARGE_ID/report"
  RATIOS+=("| $conns | $LAST_RPS | $floor | $(awk -v a="$LAST_RPS" -v b="$floor" 'BEGIN { printf "%.1f %%", 100 * a / b }') | $LAST_P99 |")
done
run "GET /assessments/{id}/report (small example, br)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" -H "$ACCEPT" -H "$AUTH" "$BASE/assessments/$ID/report"
run "GET /api/assessments/{id}/report (JSON, br)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" -H "$ACCEPT" -H "$AUTH" "$BASE/api/assessments/$ID/report"
run "GET /api/assessments/{id}/report.csv (br)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" -H "$ACCEPT" -H "$AUTH" "$BASE/api/assessments/$ID/report.csv"
run "GET /api/assessments/{id} (DB read + scenario JSON)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" -H "$ACCEPT" -H "$AUTH" "$BASE/api/assessments/$ID"
run "POST /api/assessments (create)" "$THREADS" "$CONNECTIONS" -s "$LOAD_LUA_DIR/create.lua" "$BASE" -- "$PWD/$EXAMPLE"
run "PUT /api/assessments/{id} (If-Match chain)" "$SAVE_WRITERS" "$SAVE_WRITERS" -s "$LOAD_LUA_DIR/update.lua" "$BASE" -- "$PWD/$EXAMPLE"

# Memory: copies of the largest scenario the validator accepts, each one's report page, JSON
# and CSV requested, so they compete for every slot of the report cache.
need python3 python3
python3 "$LOAD_LUA_DIR/largest.py" "$LARGE" >"$WORK/largest.json"
metric() { curl -sS "$BASE/metrics" | awk -v k="$1" '$1 == k { print $2 }'; }
LARGEST_SECONDS=()
for _ in $(seq 1 "$LARGEST_COPIES"); do
  lc=$(create "$WORK/largest.json")
  lid=$(printf '%s' "$lc" | field id)
  lauth="Authorization: Bearer $(printf '%s' "$lc" | field edit_key)"
  read -r code t < <(curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H "$ACCEPT" -H "$lauth" "$BASE/assessments/$lid/report")
  [ "$code" = 200 ] || { echo "error: the largest scenario's report page answered $code after $t s" >&2; exit 1; }
  LARGEST_SECONDS+=("$t")
  for path in "/api/assessments/$lid/report" "/api/assessments/$lid/report.csv"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$ACCEPT" -H "$lauth" "$BASE$path")
    [ "$code" = 200 ] || { echo "error: GET $path answered $code" >&2; exit 1; }
  done
done

ALIVE=yes
kill -0 "$SERVER_PID" 2>/dev/null || ALIVE=no
cat <<EOF

Load on $(nproc) cores, loopback, wrk $DURATION per row; server: release build, SQLite (WAL, synchronous=FULL), default logging.
Peak RSS is the server's VmHWM after the row (it only grows). Server alive at the end: $ALIVE.

| Endpoint | Connections | Requests/s | p50 ms | p90 ms | p99 ms | Non-2xx | Socket errors | Peak RSS MiB |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
printf '%s\n' "${ROWS[@]}"
cat <<EOF

Report page (largest example, brotli) against /healthz, measured back to back in this run:

| Connections | Report page req/s | /healthz req/s | Ratio | Report p99 ms |
|---:|---:|---:|---:|---:|
EOF
printf '%s\n' "${RATIOS[@]}"
cat <<EOF

Largest example's report page transferred: $PAGE_BR bytes with brotli, $PAGE_GZIP with gzip, $PAGE_PLAIN uncompressed.
Largest scenario the validator accepts ($(wc -c <"$WORK/largest.json") bytes of JSON), $LARGEST_COPIES copies: first page view in ${LARGEST_SECONDS[*]} s;
report cache $(metric report_cache_bytes) of $(metric report_cache_capacity_bytes) bytes in $(metric report_cache_entries) entries.
EOF
echo

echo "Server at the end: VmRSS $(($(rss_kb VmRSS) / 1024)) MiB, VmHWM $(($(rss_kb VmHWM) / 1024)) MiB; database $(du -sh "$WORK" | cut -f1)."
