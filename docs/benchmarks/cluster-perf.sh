#!/usr/bin/env bash
# Replication on the three-node local cluster (docker/cluster/start-local-cluster.sh: three
# processes with combined broker and controller roles on 127.0.0.1).
#  1. Produce throughput of acks=all to a topic with replication factor 3 (min.insync.replicas=2)
#     against acks=1 to replication factor 1: same records, `kafkanet perf produce`, each run on a
#     fresh topic deleted after the run, the two alternating for ROUNDS rounds (round 1 includes
#     the brokers' JIT warm-up). Beside the client's throughput, the brokers' CPU-seconds (user+system of all three
#     processes from /proc/PID/stat) per GB of record values.
#  2. Failover time: a producer with acks=all sends to one partition of a replication factor 3
#     topic, its leader is killed with SIGKILL, and the time from the kill to the first successful
#     produce to that partition is measured (docs/benchmarks/cluster-failover.py); the killed node
#     is restarted and the partition back to three in-sync replicas before the next run.
# Markdown tables go to stdout, progress to stderr.
#
# Usage: bash docs/benchmarks/cluster-perf.sh
# Environment: RECORDS=200000 per run, RECORD_SIZE=1024, PARTITIONS=3, ROUNDS=2, FAILOVERS=3,
#              SESSION_TIMEOUT_MS (broker.session.timeout.ms; the server's default, 9000, if unset),
#              BUILD=1 (0 uses the existing Release build). Ports 19092-19094 and 19192-19194 must be free.
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RECORDS="${RECORDS:-200000}"
RECORD_SIZE="${RECORD_SIZE:-1024}"
PARTITIONS="${PARTITIONS:-3}"
ROUNDS="${ROUNDS:-2}"
FAILOVERS="${FAILOVERS:-3}"
PORT=19092
PY=/usr/bin/python3
# shellcheck source=docs/benchmarks/perf-server.sh
source "$REPO_ROOT/docs/benchmarks/perf-server.sh"
BOOTSTRAP="127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
SERVER_DLL="$SERVER"
CLUSTER_DATA="$WORK/data"
CLUSTER_LOGS="$WORK"
CLUSTER_OVERRIDES=()
[[ -z ${SESSION_TIMEOUT_MS:-} ]] || CLUSTER_OVERRIDES=(--override "broker.session.timeout.ms=$SESSION_TIMEOUT_MS")
# shellcheck source=compat-tests/cluster/nodes.sh
source "$REPO_ROOT/compat-tests/cluster/nodes.sh"
trap 'stop_nodes; cleanup' EXIT
mkdir -p "$CLUSTER_DATA"

build_release
KC=(kcat -b "$BOOTSTRAP" -m 10)
brokers_listed() { timeout 15 "${KC[@]}" -L 2>/dev/null | grep -q "^ 3 brokers:"; }
in_sync() { # TOPIC: every partition has a leader and three in-sync replicas
  timeout 15 "${KC[@]}" -L -J -t "$1" 2>/dev/null | "$PY" "$REPO_ROOT/compat-tests/cluster/metadata.py" "$1" "$PARTITIONS" 3 3
}
wait_for() { # SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [[ $SECONDS -lt $deadline ]] || { echo "timed out waiting for: $*" >&2; exit 1; }
    sleep 0.5
  done
}
create_topic() { # TOPIC REPLICATION_FACTOR
  "$PY" "$REPO_ROOT/compat-tests/cluster/create_topic.py" "$BOOTSTRAP" "$1" "$PARTITIONS" "$2" 2 >/dev/null \
    || { echo "cannot create $1" >&2; exit 1; }
}
cluster_ticks() { # user+system of the three server processes, in clock ticks
  local id total=0
  for id in 1 2 3; do
    PID="$(node_pid "$id")"
    total=$((total + $(cpu_ticks)))
  done
  PID=""
  echo "$total"
}

progress "starting three nodes"
for id in 1 2 3; do start_node "$id"; done
wait_for 60 brokers_listed

run() { # KIND ROUND: KIND is rf3-all or rf1-1
  local kind=$1 topic="repl-$1-$2" rf acks
  case "$kind" in
    rf3-all) rf=3 acks=all ;;
    rf1-1) rf=1 acks=1 ;;
  esac
  create_topic "$topic" "$rf"
  local before after result
  before="$(cluster_ticks)"
  result="$(dotnet "$CLI" perf produce --bootstrap-server "$BOOTSTRAP" --topic "$topic" --num-records "$RECORDS" \
    --record-size "$RECORD_SIZE" --acks "$acks" --linger-ms 5 --json 2>>"$WORK/client.log")" \
    || { echo "produce ($kind) failed:" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }
  after="$(cluster_ticks)"
  # Deleted again so that every run starts with the same partitions for the followers to fetch,
  # and the next one writes into page cache this one freed.
  dotnet "$CLI" perf delete-topic --bootstrap-server "$BOOTSTRAP" --topic "$topic" >/dev/null 2>&1
  local bytes cpu
  bytes="$(json bytes "$result")"
  cpu="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')"
  awk -v rf="$rf" -v acks="$acks" -v round="$2" -v rps="$(json records_per_sec "$result")" -v mbs="$(json mb_per_sec "$result")" \
      -v p50="$(json p50_ms "$result")" -v p99="$(json p99_ms "$result")" -v cpu="$cpu" -v bytes="$bytes" \
    'BEGIN { printf "| %s | %s | %s | %.0f | %.1f | %.1f | %.1f | %s | %.2f |\n", rf, acks, round, rps, mbs, p50, p99, cpu, cpu / (bytes / 1e9) }'
  progress "RF $rf acks=$acks round $2: $(json records_per_sec "$result") records/s"
}

echo "$(nproc) cores shared by the three brokers and the client; $RECORDS records of $RECORD_SIZE bytes per run," \
  "$PARTITIONS partitions, linger.ms=5"
echo
echo "| Replication factor | acks | Round | Records/s | MB/s | p50 ms | p99 ms | Brokers' CPU-s | Brokers' CPU-s/GB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  run rf3-all "$round"
  run rf1-1 "$round"
done

echo
echo "Failover (broker.session.timeout.ms=${SESSION_TIMEOUT_MS:-9000 (default)}): SIGKILL of partition 0's leader" \
  "while a producer with acks=all sends to it"
echo
echo "| Run | Killed node | Kill to first acknowledged produce (ms) | Acknowledged before the kill | Sends failed after the kill |"
echo "| --- | --- | --- | --- | --- |"
create_topic failover 3
wait_for 30 in_sync failover
leader_of_partition_0() {
  timeout 15 "${KC[@]}" -L -J -t failover 2>/dev/null |
    "$PY" -c 'import json,sys; m=json.load(sys.stdin); print([p["leader"] for p in m["topics"][0]["partitions"] if p["partition"] == 0][0])'
}
for run in $(seq 1 "$FAILOVERS"); do
  leader="$(leader_of_partition_0)"
  result="$("$PY" "$REPO_ROOT/docs/benchmarks/cluster-failover.py" "$BOOTSTRAP" failover 0 "$(node_pid "$leader")" 2>>"$WORK/client.log")" \
    || { echo "failover run $run failed: $result" >&2; tail -5 "$WORK/client.log" >&2; exit 1; }
  wait "${CLUSTER_SCRIPT_PIDS[$leader]}" 2>/dev/null
  echo "| $run | $leader | $(json failover_ms "$result") | $(json acked_before_kill "$result") | $(json failed_sends_after_kill "$result") |"
  progress "failover run $run: $(json failover_ms "$result") ms"
  start_node "$leader"
  wait_for 60 brokers_listed
  wait_for 90 in_sync failover
done
