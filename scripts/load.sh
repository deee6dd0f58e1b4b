#!/usr/bin/env bash
# Load test on loopback: builds the release binary, starts it on a free 127.0.0.1 port with a
# temporary SQLite database, seeds assessments from examples/small-azure-ingestion.json through
# the API, and drives each endpoint with wrk for a bounded time. Prints a Markdown table:
# requests/s, p50/p90/p99 latency, non-2xx answers, socket errors, and the server's peak RSS.
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
EXAMPLE=examples/small-azure-ingestion.json
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

# Production defaults except the address (a free loopback port) and the database (temporary).
RUST_LOG=${RUST_LOG:-connect_advisor=info,tower_http=info} \
  "$BIN" serve --addr 127.0.0.1:0 --database-url "sqlite://$WORK/load.db" --log-format json \
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
  curl -sS -f -XPOST "$BASE/api/assessments" -H 'content-type: application/json' --data-binary @"$EXAMPLE"
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }

CREATED=$(create)
ID=$(printf '%s' "$CREATED" | field id)
# One assessment per save writer for the If-Match chain (each wrk thread edits its own).
: >"$WORK/targets"
for _ in $(seq 1 "$SAVE_WRITERS"); do
  c=$(create)
  printf '%s %s\n' "$(printf '%s' "$c" | field id)" "$(printf '%s' "$c" | field edit_key)" >>"$WORK/targets"
done
export LOAD_TARGETS="$WORK/targets"

# Every endpoint answers 200 before it is loaded (wrk itself counts only status >= 400).
for path in "/assessments/$ID/report" "/api/assessments/$ID/report" "/api/assessments/$ID/report.csv" \
  "/healthz" "/api/assessments/$ID"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE$path")
  [ "$code" = 200 ] || { echo "error: GET $path answered $code" >&2; exit 1; }
done

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
  ROWS+=("| $label | $conns | $(get rps) | $(get p50_ms) | $(get p90_ms) | $(get p99_ms) | $(get non2xx) | $(get socket_errors) | $(($(rss_kb VmHWM) / 1024)) |")
}

# Warm caches (and the page cache of the database) before measuring.
wrk -t1 -c4 -d2s "$BASE/assessments/$ID/report" >/dev/null

GET_LUA="$LOAD_LUA_DIR/report.lua"
run "GET /assessments/{id}/report (HTML page)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" "$BASE/assessments/$ID/report"
run "GET /assessments/{id}/report (HTML page)" "$THREADS" "$((CONNECTIONS * 4))" -s "$GET_LUA" "$BASE/assessments/$ID/report"
run "GET /api/assessments/{id}/report (JSON)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" "$BASE/api/assessments/$ID/report"
run "GET /api/assessments/{id}/report.csv" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" "$BASE/api/assessments/$ID/report.csv"
# Floors, to see where report time goes: the HTTP stack alone, then one revision read + JSON.
run "GET /healthz (HTTP stack floor)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" "$BASE/healthz"
run "GET /api/assessments/{id} (DB read + scenario JSON)" "$THREADS" "$CONNECTIONS" -s "$GET_LUA" "$BASE/api/assessments/$ID"
run "POST /api/assessments (create)" "$THREADS" "$CONNECTIONS" -s "$LOAD_LUA_DIR/create.lua" "$BASE" -- "$PWD/$EXAMPLE"
run "PUT /api/assessments/{id} (If-Match chain)" "$SAVE_WRITERS" "$SAVE_WRITERS" -s "$LOAD_LUA_DIR/update.lua" "$BASE" -- "$PWD/$EXAMPLE"

ALIVE=yes
kill -0 "$SERVER_PID" 2>/dev/null || ALIVE=no
cat <<EOF

Load on $(nproc) cores, loopback, wrk $DURATION per row; server: release build, SQLite (WAL, synchronous=FULL), default logging.
Peak RSS is the server's VmHWM after the row (it only grows). Server alive at the end: $ALIVE.

| Endpoint | Connections | Requests/s | p50 ms | p90 ms | p99 ms | Non-2xx | Socket errors | Peak RSS MiB |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
printf '%s\n' "${ROWS[@]}"
echo
echo "Server at the end: VmRSS $(($(rss_kb VmRSS) / 1024)) MiB, VmHWM $(($(rss_kb VmHWM) / 1024)) MiB; database $(du -sh "$WORK" | cut -f1)."
