#!/usr/bin/env bash
# Crash durability, repeated: runs tests/durability.rs (the real binary, concurrent creates and
# updates, kill -9 mid-load, restart on the same SQLite file, every acknowledged revision read
# back) RUNS times, with DURABILITY_CYCLES kill/restart cycles each.
#
#   scripts/crash-durability.sh                 # 5 runs x 5 cycles, 6 concurrent clients
#   RUNS=20 DURABILITY_CYCLES=10 DURABILITY_WORKERS=12 scripts/crash-durability.sh
#   PROFILE=release scripts/crash-durability.sh # against the optimised binary (a longer build)
#
# The test itself starts and kills only the server processes it spawned (by their pid), on
# 127.0.0.1 ports the kernel picks; `cargo test` (debug) runs the same test with 3 cycles in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
export DURABILITY_CYCLES=${DURABILITY_CYCLES:-5}
export DURABILITY_WORKERS=${DURABILITY_WORKERS:-6}

PROFILE_FLAGS=()
[ "${PROFILE:-debug}" = release ] && PROFILE_FLAGS=(--release)

echo "==> building (${PROFILE:-debug})" >&2
cargo test "${PROFILE_FLAGS[@]}" --test durability --no-run --quiet

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

passed=0
for run in $(seq 1 "$RUNS"); do
  if cargo test "${PROFILE_FLAGS[@]}" --quiet --test durability -- --nocapture >"$LOG" 2>&1; then
    passed=$((passed + 1))
    echo "run $run: ok — $(grep '^durability:' "$LOG" || true)"
  else
    echo "run $run: FAILED" >&2
    cat "$LOG" >&2
    exit 1
  fi
done
echo "$passed of $RUNS runs: every acknowledged save survived kill -9 (${DURABILITY_CYCLES} cycles each, ${DURABILITY_WORKERS} clients)."
