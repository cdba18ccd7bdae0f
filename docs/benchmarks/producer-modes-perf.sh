#!/usr/bin/env bash
# Produce throughput by producer mode: plain (enable.idempotence=false), idempotent, and
# transactional (--transaction-size records per transaction), all acks=all, 1 KiB records, each
# run on a fresh topic of one server, the modes alternating (plain, idempotent, transactional,
# plain, ...) so that drift on a noisy machine spreads over all three. Beside the client's
# throughput and latency it reports what the broker spent: CPU-seconds (user+system from
# /proc/PID/stat) per GB and per request. A markdown table goes to stdout, progress to stderr.
#
# Usage: bash docs/benchmarks/producer-modes-perf.sh
# Environment: RECORDS=500000 per run, ROUNDS=3, PARTITIONS=3, TRANSACTION_SIZE=1000,
#              PORT=19098 (must be free), BUILD=1 (0 uses the existing Release build).
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RECORDS="${RECORDS:-500000}"
ROUNDS="${ROUNDS:-3}"
PARTITIONS="${PARTITIONS:-3}"
TRANSACTION_SIZE="${TRANSACTION_SIZE:-1000}"
PORT="${PORT:-19098}"
# shellcheck source=docs/benchmarks/perf-server.sh
source "$REPO_ROOT/docs/benchmarks/perf-server.sh"
build_release
start_server --override "transaction.state.log.num.partitions=3"

run() { # mode round
  local mode=$1 topic="modes-$1-$2" extra=()
  case "$mode" in
    plain) extra=(--producer-props enable.idempotence=false) ;;
    idempotent) extra=(--producer-props enable.idempotence=true) ;;
    transactional) extra=(--producer-props enable.idempotence=true --transactional-id "perf-$topic" --transaction-size "$TRANSACTION_SIZE") ;;
  esac
  dotnet "$CLI" perf delete-topic --bootstrap-server "$BOOTSTRAP" --topic "$topic" >/dev/null 2>&1
  local before after result
  before="$(cpu_ticks)"
  result="$(dotnet "$CLI" perf produce --bootstrap-server "$BOOTSTRAP" --topic "$topic" --partitions "$PARTITIONS" \
    --num-records "$RECORDS" --record-size 1024 --acks all --linger-ms 5 --json "${extra[@]}" 2>>"$WORK/client.log")" \
    || { echo "produce ($mode) failed:" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }
  after="$(cpu_ticks)"
  # Deleted again so every run starts from the same amount of data on disk and in the page cache.
  dotnet "$CLI" perf delete-topic --bootstrap-server "$BOOTSTRAP" --topic "$topic" >/dev/null 2>&1
  local bytes requests cpu
  bytes="$(json bytes "$result")"
  requests="$(json requests "$result")"
  cpu="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')"
  awk -v mode="$mode" -v round="$2" -v rps="$(json records_per_sec "$result")" -v mbs="$(json mb_per_sec "$result")" \
      -v p50="$(json p50_ms "$result")" -v p99="$(json p99_ms "$result")" -v cpu="$cpu" -v bytes="$bytes" -v req="$requests" \
    'BEGIN { printf "| %s | %s | %.0f | %.1f | %.1f | %.1f | %s | %.2f | %s |\n", mode, round, rps, mbs, p50, p99, cpu,
             cpu / (bytes / 1e9), (req > 0 ? sprintf("%.0f", cpu * 1e6 / req) : "-") }'
  progress "$mode round $2: $(json records_per_sec "$result") records/s"
}

echo "$(nproc) cores; $RECORDS records of 1 KiB per run, $PARTITIONS partitions, acks=all, linger.ms=5;" \
  "transactions of $TRANSACTION_SIZE records"
echo
echo "| Mode | Round | Records/s | MB/s | p50 ms | p99 ms | Broker CPU-s | Broker CPU-s/GB | Broker µs/request |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  for mode in plain idempotent transactional; do
    run "$mode" "$round"
  done
done
