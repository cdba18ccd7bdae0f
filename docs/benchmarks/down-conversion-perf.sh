#!/usr/bin/env bash
# What serving old consumers costs the broker. One topic of 1 KiB records is read from the page
# cache, after a warm-up read, by four consumers in turn:
#   librdkafka             Confluent.Kafka as it is: Fetch v4+, record batches v2 sent with sendfile
#   librdkafka-0.9.0       api.version.request=false, broker.version.fallback=0.9.0: Fetch v1, every
#                          batch down-converted to magic 0 message sets
#   kafka-python-0.11.0    kafka-python 2.0.2 with api_version (0, 11, 0): Fetch v4, no conversion
#   kafka-python-0.10.1    api_version (0, 10, 1): Fetch v3, down-converted to magic 1
# Before measuring, a short read per consumer checks (from the client's debug log) that it really
# sends that Fetch version. Reports each consumer's throughput and the broker's CPU-seconds
# (user+system from /proc/PID/stat) per GB read. A markdown table goes to stdout.
#
# Usage: bash docs/benchmarks/down-conversion-perf.sh
# Needs: python3-kafka (apt) for /usr/bin/python3.
# Environment: RECORDS=300000 (1 KiB each), ROUNDS=3, PORT=19097 (must be free), BUILD=1,
# COMPRESSION=none (the producer's codec: none, gzip, snappy, lz4; down-conversion re-compresses
# each batch with its codec).
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RECORDS="${RECORDS:-300000}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-19097}"
COMPRESSION="${COMPRESSION:-none}"
PYTHON_CONSUMER="$REPO_ROOT/docs/benchmarks/old-fetch-consumer.py"
# librdkafka sizes a Metadata v0 answer from its wire size; a longer name keeps it parseable.
TOPIC=down-conversion-benchmark
MODES=(librdkafka librdkafka-0.9.0 kafka-python-0.11.0 kafka-python-0.10.1)

# shellcheck source=docs/benchmarks/perf-server.sh
source "$REPO_ROOT/docs/benchmarks/perf-server.sh"
fail() { echo "$*" >&2; exit 1; }

/usr/bin/python3 -c 'import kafka' 2>/dev/null || fail "kafka-python is missing: apt-get install python3-kafka"
build_release
start_server

progress "producing $RECORDS records"
dotnet "$CLI" perf produce --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" --partitions 1 --num-records "$RECORDS" \
  --record-size 1024 --acks 1 --compression "$COMPRESSION" --linger-ms 20 --json >/dev/null 2>>"$WORK/client.log" || { tail -5 "$WORK/client.log" >&2; exit 1; }

consume() { # mode messages [debug]: prints the consumer's JSON line; client logs go to $WORK/client.log
  local mode=$1 messages=$2 debug=${3:-}
  case $mode in
    librdkafka*)
      local props=()
      [[ $mode == librdkafka-0.9.0 ]] && props=(api.version.request=false broker.version.fallback=0.9.0)
      [[ -n $debug ]] && props+=(debug=protocol)
      dotnet "$CLI" perf consume --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" --messages "$messages" --json \
        ${props[@]+--consumer-props "${props[@]}"} 2>>"$WORK/client.log" | grep '^{' ;;
    kafka-python-*)
      /usr/bin/python3 "$PYTHON_CONSUMER" --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" --messages "$messages" \
        --api-version "${mode#kafka-python-}" ${debug:+--show-requests} 2>>"$WORK/client.log" ;;
  esac
}

fetch_versions() { # the Fetch versions a client's debug log shows, one line each
  grep -oE 'Sent FetchRequest \(v[0-9]+|FetchRequest_v[0-9]+' "$WORK/client.log" | grep -oE '[0-9]+$' | sort -u
}

expected_fetch() { # mode: a pattern for the Fetch version it must send
  case $1 in
    librdkafka) echo '^([4-9]|1[0-9])$' ;;
    librdkafka-0.9.0) echo '^1$' ;;
    kafka-python-0.11.0) echo '^4$' ;;
    kafka-python-0.10.1) echo '^3$' ;;
  esac
}

declare -A SEEN
for mode in "${MODES[@]}"; do
  : >"$WORK/client.log"
  consume "$mode" 2000 debug >/dev/null || { tail -5 "$WORK/client.log" >&2; fail "$mode: the check read failed"; }
  versions="$(fetch_versions | paste -sd, -)"
  [[ -n $versions ]] && ! fetch_versions | grep -vqE "$(expected_fetch "$mode")" || fail "$mode sent Fetch versions '$versions'"
  SEEN[$mode]=$versions
  progress "$mode sends Fetch v$versions"
  consume "$mode" "$RECORDS" >/dev/null || { tail -5 "$WORK/client.log" >&2; fail "$mode: the warm-up read failed"; }
done

echo "$(nproc) cores; $RECORDS records of 1 KiB ($COMPRESSION) in one partition, read from the page cache"
echo
echo "| Consumer | Fetch version | Round | MB/s | Broker CPU-s | Broker CPU-s/GB |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  for mode in "${MODES[@]}"; do
    before="$(cpu_ticks)"
    result="$(consume "$mode" "$RECORDS")" || { tail -5 "$WORK/client.log" >&2; exit 1; }
    after="$(cpu_ticks)"
    records="$(json records "$result")"
    [[ ${records%.*} -ge $RECORDS ]] || fail "$mode read $records of $RECORDS records"
    awk -v mode="$mode" -v fetch="${SEEN[$mode]}" -v round="$round" -v mbs="$(json mb_per_sec "$result")" -v t=$((after - before)) -v hz="$CLK_TCK" -v mb="$(json mb "$result")" \
      'BEGIN { cpu = t / hz; printf "| %s | %s | %s | %.1f | %.2f | %.2f |\n", mode, fetch, round, mbs, cpu, cpu / (mb * 1048576 / 1e9) }'
    progress "$mode round $round done"
  done
done
