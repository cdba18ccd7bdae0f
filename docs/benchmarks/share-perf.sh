#!/usr/bin/env bash
# Share groups against a consumer group on the same topic, and what dead-letter writes cost. One server on
# 127.0.0.1; a topic of $PARTITIONS partitions filled once with $RECORDS records of 1 KiB (page cache warm after
# the fill); then each mode reads all of it with $CONSUMERS consumers in one client process (librdkafka 2.16:
# its share consumer for the share modes, its consumer for the group), the modes alternating round by round:
#   group             a classic consumer group, from the earliest offset
#   share             a new share group, every record accepted (explicit acknowledgement)
#   share-reject      every record rejected, the group without a dead-letter topic (archived at once)
#   share-reject-dlq  every record rejected, the group with a dead-letter topic (a header-only record each)
# Beside the client's records/s it reports the broker's CPU-seconds (user+system from /proc/PID/stat) per GB
# read and per record. A markdown table goes to stdout, progress to stderr.
#
# Usage: bash docs/benchmarks/share-perf.sh
# Environment: RECORDS=200000, ROUNDS=2, PARTITIONS=2, CONSUMERS=2, PORT=19099 (must be free),
#              BUILD=1 (0 uses the existing Release builds).
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RECORDS="${RECORDS:-200000}"
ROUNDS="${ROUNDS:-2}"
PARTITIONS="${PARTITIONS:-2}"
CONSUMERS="${CONSUMERS:-2}"
PORT="${PORT:-19099}"
TOPIC="share-bench"
DLQ="dlq.share-bench"
# shellcheck source=docs/benchmarks/perf-server.sh
source "$REPO_ROOT/docs/benchmarks/perf-server.sh"
BENCH="$REPO_ROOT/compat-tests/share-consumer/bin/Release/net10.0/ShareConsumerCompat.dll"
build_release
if [[ ${BUILD:-1} != 0 ]]; then
  dotnet build "$REPO_ROOT/compat-tests/share-consumer" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
# No initial rebalance delay: the classic group is timed from its consumers' creation, joining included.
start_server --override "group.share.enable=true" --override "group.initial.rebalance.delay.ms=0"

progress "filling $TOPIC with $RECORDS records"
dotnet "$CLI" perf produce --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" --partitions "$PARTITIONS" \
  --num-records "$RECORDS" --record-size 1024 --acks 1 --linger-ms 5 --json >/dev/null 2>>"$WORK/client.log" \
  || { echo "the fill failed:" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }
dotnet "$CLI" topics --bootstrap-server "$BOOTSTRAP" --create --topic "$DLQ" --partitions "$PARTITIONS" \
  --config errors.deadletterqueue.group.enable=true >/dev/null 2>>"$WORK/client.log" \
  || { echo "creating $DLQ failed:" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }

dead_letters() { # the records on the dead-letter topic: the sum of its partitions' end offsets
  dotnet "$CLI" get-offsets --bootstrap-server "$BOOTSTRAP" --topic "$DLQ" 2>/dev/null | awk -F: '{ sum += $NF } END { print sum + 0 }'
}

run() { # mode round
  local mode=$1 bench_mode=$1 extra=() before after result
  case "$mode" in
    share-reject-dlq) bench_mode=share-reject; extra=(--dead-letter-topic "$DLQ") ;;
  esac
  local dlq_before
  dlq_before="$(dead_letters)"
  before="$(cpu_ticks)"
  result="$(dotnet "$BENCH" --bench "$BOOTSTRAP" "$TOPIC" "$RECORDS" "$CONSUMERS" "$bench_mode" "${extra[@]}" 2>>"$WORK/client.log")" \
    || { echo "$mode failed:" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }
  if [[ $mode == share-reject-dlq ]]; then
    # The dead-letter records are written after the rejections are answered: the broker's cost counts them all.
    for _ in $(seq 1 600); do (( $(dead_letters) - dlq_before >= RECORDS )) && break; sleep 0.1; done
    (( $(dead_letters) - dlq_before >= RECORDS )) || { echo "the dead-letter topic did not get $RECORDS records" >&2; exit 1; }
  fi
  after="$(cpu_ticks)"
  local rate seconds
  rate="$(sed -nE 's/.*rate=([0-9.]+).*/\1/p' <<<"$result")"
  seconds="$(sed -nE 's/.*seconds=([0-9.]+).*/\1/p' <<<"$result")"
  awk -v mode="$mode" -v round="$2" -v rate="$rate" -v s="$seconds" -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$RECORDS" \
    'BEGIN { cpu = t / hz; printf "| %s | %s | %.0f | %.1f | %.2f | %.2f | %.1f |\n", mode, round, rate, s, cpu, cpu / (n * 1024 / 1e9), cpu * 1e6 / n }'
  progress "$mode round $2: $rate records/s"
}

echo "$(nproc) cores; $RECORDS records of 1 KiB on $PARTITIONS partitions, $CONSUMERS consumers, page cache warm"
echo
echo "| Mode | Round | Records/s | Seconds | Broker CPU-s | Broker CPU-s/GB | Broker µs/record |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  for mode in group share share-reject share-reject-dlq; do
    run "$mode" "$round"
  done
done
