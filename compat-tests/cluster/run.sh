#!/usr/bin/env bash
# kcat and kafka-python against a three-node KafkaNet cluster (three processes with combined
# broker and controller roles on 127.0.0.1, started by docker/cluster/start-local-cluster.sh):
# replication factor 3 with min.insync.replicas=2, acks=all, and brokers killed with SIGKILL;
# then against three controllers and three brokers with separate roles, and against a dynamic quorum.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO_ROOT/compat-tests/cluster"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

command -v kcat >/dev/null || { apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }; }
PY=/usr/bin/python3
if ! "$PY" -c 'import kafka' 2>/dev/null; then
  { apt-get install -y -qq python3-kafka >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-kafka >/dev/null 2>&1; }; }
fi
build_server
# kafkanet's perf tool is a Confluent.Kafka (librdkafka) producer and consumer.
build_cli
CLI_DLL="$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll"

WORK="$(mktemp -d)"; echo "work: $WORK"
DATA="$WORK/data"
BOOTSTRAP="127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
# Short timeouts so that a killed broker is fenced, and dropped from the ISR, within seconds.
OVERRIDES=(--override broker.session.timeout.ms=3000 --override broker.heartbeat.interval.ms=500
  --override replica.lag.time.max.ms=3000 "${GROUP_OVERRIDES[@]}")
CLUSTER_DATA="$DATA"; CLUSTER_LOGS="$WORK"; CLUSTER_OVERRIDES=("${OVERRIDES[@]}")
source "$HERE/nodes.sh"
dump_logs() {
  local id
  for id in 1 2 3; do echo "--- node $id"; tail -n 15 "$DATA/node-$id.log"; done
  echo "--- kcat"; tail -n 15 "$WORK/kcat.err"
}
trap 'stop_nodes; [ "$FAILED" -eq 0 ] || dump_logs; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
mkdir -p "$DATA"; : >"$WORK/kcat.err"

KC=(kcat -b "$BOOTSTRAP" -m 10)
brokers_listed() { timeout 15 "${KC[@]}" -L 2>/dev/null | grep -q "^ $1 brokers:"; }
# partitions TOPIC COUNT REPLICAS ISR [EXCLUDED_LEADER]: metadata as metadata.py describes it.
partitions() { timeout 15 "${KC[@]}" -L -J -t "$1" 2>/dev/null | "$PY" "$HERE/metadata.py" "$@"; }
produce() { # TOPIC FIRST LAST: values FIRST..LAST with acks=all; succeeds only if all were delivered
  seq "$2" "$3" | timeout 60 "${KC[@]}" -P -t "$1" -X acks=all -X linger.ms=5 2>>"$WORK/kcat.err"
}
consumed_values() { timeout 30 "${KC[@]}" -C -t "$1" -o beginning -e -q -f '%s\n' 2>>"$WORK/kcat.err" | sort -n; }

# 1. Three processes, every one a broker and a controller voter.
for id in 1 2 3; do start_node "$id"; done
check "kcat -L lists 3 brokers" wait_until 60 brokers_listed 3
check "kafka-python creates topic rf3: 3 partitions, replication factor 3, min.insync.replicas=2" \
  "$PY" "$HERE/create_topic.py" "$BOOTSTRAP" rf3 3 3 2
check "kafka-python creates topic min3: 1 partition, replication factor 3, min.insync.replicas=3" \
  "$PY" "$HERE/create_topic.py" "$BOOTSTRAP" min3 1 3 3
check "Metadata (kcat -L -t rf3): every partition has a leader, replicas [3] and ISR [3]" wait_until 20 partitions rf3 3 3 3
check "kcat produces 1000 records with acks=all" produce rf3 1 1000
check "kcat consumes the 1000 records back exactly" test "$(consumed_values rf3)" = "$(seq 1 1000)"
json_field() { sed -nE "s/.*\"$1\": *([0-9]+).*/\1/p" <<<"$2"; }
check "kafka-python creates topic rf3-confluent: 3 partitions, replication factor 3, min.insync.replicas=2" \
  "$PY" "$HERE/create_topic.py" "$BOOTSTRAP" rf3-confluent 3 3 2
sent="$(timeout 60 dotnet "$CLI_DLL" perf produce --bootstrap-server "$BOOTSTRAP" --topic rf3-confluent --num-records 5000 \
  --record-size 100 --acks all --json 2>>"$WORK/kcat.err")"
check "Confluent.Kafka produces 5000 records with acks=all, none failed" \
  test "$(json_field records "$sent") $(json_field errors "$sent")" = "5000 0"
received="$(timeout 60 dotnet "$CLI_DLL" perf consume --bootstrap-server "$BOOTSTRAP" --topic rf3-confluent --messages 5000 \
  --timeout-ms 10000 --json 2>>"$WORK/kcat.err")"
check "Confluent.Kafka consumes the 5000 records back" test "$(json_field records "$received")" = 5000

# 2. One broker killed: leaders move, the ISR shrinks to 2, acks=all still succeeds.
kill_node 3
check "after SIGKILL of broker 3: leaders elsewhere, ISR [2] on every partition" wait_until 45 partitions rf3 3 3 2 3
check "with broker 3 down, kcat -L lists 2 brokers" wait_until 20 brokers_listed 2
check "with 2 of 3 in sync, produce with acks=all succeeds (min.insync.replicas=2)" produce rf3 1001 1100
wait_until 20 partitions min3 1 3 2 3
# min.insync.replicas=3 with an ISR of 2: the leader refuses before appending; retries=0 makes
# librdkafka report the broker's error instead of retrying until its message timeout.
echo x | timeout 30 "${KC[@]}" -P -t min3 -X acks=all -X retries=0 -X message.timeout.ms=10000 >"$WORK/min3.out" 2>&1
check "min.insync.replicas=3 with ISR [2]: acks=all fails with NOT_ENOUGH_REPLICAS" grep -q "Broker: Not enough in-sync replicas" "$WORK/min3.out"

# 3. Two brokers killed: the one left is no quorum and cannot shrink the ISR, so no acks=all
# produce is acknowledged. Kafka answers the same way in this layout: the surviving leader's
# partition times out in the broker (REQUEST_TIMED_OUT), the others have no live leader.
kill_node 2
sleep 1
# retries=0: librdkafka reports the broker's own answer; request.timeout.ms (the Produce timeout
# the broker waits for the ISR) is shorter than message.timeout.ms, so that answer comes first.
lost_pids=()
for p in 0 1 2; do
  echo "lost-$p" | timeout 40 "${KC[@]}" -P -t rf3 -p "$p" -X acks=all -X retries=0 -X request.timeout.ms=3000 \
    -X message.timeout.ms=10000 >"$WORK/lost-$p.out" 2>&1 &
  lost_pids+=($!)
done
failures=0
for pid in "${lost_pids[@]}"; do wait "$pid" || failures=$((failures + 1)); done
check "with 2 of 3 brokers killed, no acks=all produce succeeds (3 partitions, 3 failures)" test "$failures" -eq 3
check "each failed produce is reported as a refusal or a timeout of that record" \
  bash -c "for p in 0 1 2; do grep -qE 'Delivery failed for message: (Broker: Not enough in-sync replicas|Broker: Request timed out|Local: Message timed out)' \"$WORK/lost-\$p.out\" || exit 1; done"
check "the surviving broker answers its partitions with NOT_ENOUGH_REPLICAS or REQUEST_TIMED_OUT" \
  grep -qE 'Delivery failed for message: Broker: (Not enough in-sync replicas|Request timed out)' "$WORK"/lost-?.out

# 4. Both restarted: the quorum returns, the replicas catch up, and acks=all succeeds again.
start_node 2; start_node 3
check "after restarting brokers 2 and 3, kcat -L lists 3 brokers" wait_until 90 brokers_listed 3
check "after the restart every partition is back to ISR [3]" wait_until 60 partitions rf3 3 3 3
check "produce with acks=all succeeds again" produce rf3 1101 2100
# Records whose produce failed were never acknowledged, so they may or may not be present.
check "every acknowledged record (1..2100) is read back exactly once" \
  test "$(consumed_values rf3 | grep -v '^lost-')" = "$(seq 1 2100)"
stop_nodes

# 5. Separate roles (docker/cluster/start-separate-roles.sh): three controllers (node.id 1-3) and
# three brokers (node.id 4-6) that follow the metadata log without voting.
ROLES_DATA="$WORK/roles"; mkdir -p "$ROLES_DATA"
ROLES_BOOTSTRAP="127.0.0.1:19094,127.0.0.1:19095,127.0.0.1:19096"
# Each node under its own copy of the script, which stops its siblings when one exits.
ROLES_PIDS=()
for id in 1 2 3 4 5 6; do
  KAFKANET_NODES=$id KAFKANET_SERVER="dotnet $SERVER_DLL" bash "$REPO_ROOT/docker/cluster/start-separate-roles.sh" "$ROLES_DATA" \
    "${OVERRIDES[@]}" >>"$WORK/roles-$id.log" 2>&1 &
  ROLES_PIDS+=($!)
done
stop_roles() { kill -TERM "${ROLES_PIDS[@]}" 2>/dev/null; wait "${ROLES_PIDS[@]}" 2>/dev/null; }
trap 'stop_roles; stop_nodes; [ "$FAILED" -eq 0 ] || { dump_logs; tail -n 15 "$ROLES_DATA"/node-*.log; }; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
KC=(kcat -b "$ROLES_BOOTSTRAP" -m 10)
test_eq() { test "$("$1")" = "$2"; }
broker_ids() { timeout 15 "${KC[@]}" -L 2>/dev/null | sed -nE 's/^ +broker ([0-9]+) at .*/\1/p' | sort -n | tr '\n' ' '; }
check "separate roles: kcat -L lists brokers 4 5 6 and no controller" wait_until 60 test_eq broker_ids "4 5 6 "
check "separate roles: kafka-python creates topic roles: 3 partitions, replication factor 3, min.insync.replicas=2" \
  "$PY" "$HERE/create_topic.py" "$ROLES_BOOTSTRAP" roles 3 3 2
check "separate roles: every partition has a leader, replicas [3] and ISR [3]" wait_until 20 partitions roles 3 3 3
check "separate roles: kcat produces 500 records with acks=all" produce roles 1 500
kill -KILL "$(cat "$ROLES_DATA/node-6.pid")"
check "separate roles: after SIGKILL of broker 6, ISR [2] on every partition" wait_until 45 partitions roles 3 3 2 6
check "separate roles: acks=all still succeeds with 2 of 3 in sync" produce roles 501 600
check "separate roles: kcat consumes the 600 records back exactly" test "$(consumed_values roles)" = "$(seq 1 600)"
stop_roles

# 6. A dynamic quorum (docker/cluster/start-dynamic-quorum.sh): controller 1 formatted --standalone, 2 and 3 formatted
# to join and added with `kafkanet metadata-quorum add-controller`; then the first controller is killed.
DYN_DATA="$WORK/dynamic"; mkdir -p "$DYN_DATA"
DYN_BOOTSTRAP="127.0.0.1:19294,127.0.0.1:19295,127.0.0.1:19296"
KAFKANET_SERVER="dotnet $SERVER_DLL" KAFKANET_CLI="dotnet $CLI_DLL" bash "$REPO_ROOT/docker/cluster/start-dynamic-quorum.sh" "$DYN_DATA" \
  "${OVERRIDES[@]}" >>"$WORK/dynamic.log" 2>&1 &
DYN_PID=$!
stop_dynamic() { kill -TERM "$DYN_PID" 2>/dev/null; wait "$DYN_PID" 2>/dev/null; }
trap 'stop_dynamic; stop_roles; stop_nodes; [ "$FAILED" -eq 0 ] || { dump_logs; tail -n 15 "$ROLES_DATA"/node-*.log "$WORK/dynamic.log" "$DYN_DATA"/node-*.log; }; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
quorum_status() { timeout 20 dotnet "$CLI_DLL" metadata-quorum --bootstrap-server "$DYN_BOOTSTRAP" describe --status 2>/dev/null; }
voter_ids() { quorum_status | sed -nE 's/^CurrentVoters: +//p' | grep -oE '"id": [0-9]+' | grep -oE '[0-9]+' | sort -n | tr '\n' ' '; }
leader_id() { quorum_status | sed -nE 's/^LeaderId: +([0-9-]+)/\1/p'; }
KC=(kcat -b "$DYN_BOOTSTRAP" -m 10)
check "dynamic quorum: kafkanet metadata-quorum lists voters 1 2 3 after add-controller" wait_until 120 test_eq voter_ids "1 2 3 "
check "dynamic quorum: kcat -L lists brokers 4 5 6" wait_until 60 test_eq broker_ids "4 5 6 "
check "dynamic quorum: kafka-python creates topic dyn: 3 partitions, replication factor 3" \
  "$PY" "$HERE/create_topic.py" "$DYN_BOOTSTRAP" dyn 3 3 2
check "dynamic quorum: kcat produces 300 records with acks=all" produce dyn 1 300
FIRST_LEADER=$(leader_id)
kill -KILL "$(cat "$DYN_DATA/node-$FIRST_LEADER.pid")"
new_leader() { local id; id=$(leader_id); [ -n "$id" ] && [ "$id" != "$FIRST_LEADER" ] && [ "$id" != "-1" ]; }
check "dynamic quorum: after SIGKILL of the leading controller ($FIRST_LEADER), another one leads" wait_until 60 new_leader
check "dynamic quorum: kafka-python creates topic dyn2 under the new leader" \
  "$PY" "$HERE/create_topic.py" "$DYN_BOOTSTRAP" dyn2 1 3 2
check "dynamic quorum: kcat produces 300 more records with acks=all" produce dyn 301 600
check "dynamic quorum: kcat consumes the 600 records back exactly" test "$(consumed_values dyn)" = "$(seq 1 600)"

summary
