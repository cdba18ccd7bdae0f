#!/usr/bin/env bash
# Starts a KafkaNet cluster whose controllers form a dynamic quorum (KIP-853), set up the way Kafka's tools set one up:
# controller 1 is formatted --standalone, controllers 2 and 3 --no-initial-controllers, and once the cluster serves,
# `kafkanet metadata-quorum add-controller` adds 2 and 3 as voters. Controllers listen on 127.0.0.1:19291-19293 and
# find each other through controller.quorum.bootstrap.servers (no controller.quorum.voters); brokers 4-6 serve
# clients on 127.0.0.1:19294-19296. Data goes under the directory given; a second run on the same directory starts
# the same cluster again (formatting and adding are skipped where done). Ctrl+C or SIGTERM to this script stops all six.
#
#   docker/cluster/start-dynamic-quorum.sh /tmp/kafkanet-dynamic
#
# KAFKANET_SERVER and KAFKANET_CLI name the server and the CLI to run (default: dotnet with the dlls built from
# src/KafkaNet.Server and src/KafkaNet.Cli in Release, building them when absent). Extra arguments after the data
# directory are passed to every node. Each node's process id is written to DATA_DIR/node-N.pid.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 DATA_DIR [--override key=value]..." >&2
  exit 2
fi
data_dir=$1
shift

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -z "${KAFKANET_CLI:-}" ]]; then
  cli_dll="$repo/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll"
  [[ -f "$cli_dll" ]] || dotnet build "$repo/src/KafkaNet.Cli" -c Release >&2
  cli=(dotnet "$cli_dll")
else
  read -r -a cli <<< "$KAFKANET_CLI"
fi

cluster_id=${KAFKANET_CLUSTER_ID:-dyn4mFJ0QO2XFV3YkoC7gw}
bootstrap_controllers="127.0.0.1:19291,127.0.0.1:19292,127.0.0.1:19293"
clients="127.0.0.1:19294,127.0.0.1:19295,127.0.0.1:19296"

# node_properties ID: the node's server.properties (controllers 1-3, brokers 4-6).
node_properties() {
  local id=$1 port=$((19290 + $1))
  if (( id <= 3 )); then
    echo "process.roles=controller"
    echo "listeners=CONTROLLER://127.0.0.1:$port"
  else
    echo "process.roles=broker"
    echo "listeners=PLAINTEXT://127.0.0.1:$port"
  fi
  cat <<EOF
node.id=$id
controller.quorum.bootstrap.servers=$bootstrap_controllers
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data_dir/node-$id
EOF
}

mkdir -p "$data_dir"
for id in 1 2 3 4 5 6; do
  node_properties "$id" > "$data_dir/node-$id.properties"
  case $id in
    1) choice=(--standalone) ;;
    2|3) choice=(--no-initial-controllers) ;;
    *) choice=() ;;
  esac
  "${server[@]}" format "$data_dir/node-$id.properties" --cluster-id "$cluster_id" "${choice[@]}" --ignore-formatted "$@" >/dev/null
done

for id in 1 2 3 4 5 6; do
  "${server[@]}" "$data_dir/node-$id.properties" "$@" >> "$data_dir/node-$id.log" 2>&1 &
  pids+=($!)
  echo $! > "$data_dir/node-$id.pid"
  echo "node $id: $( (( id <= 3 )) && echo controller || echo broker ) 127.0.0.1:$((19290 + id)), log $data_dir/node-$id.log"
done

# The quorum serves once controller 1 leads and the brokers follow it; then 2 and 3 join, unless they are voters already.
for _ in $(seq 1 60); do
  "${cli[@]}" metadata-quorum --bootstrap-server "$clients" describe --status > "$data_dir/quorum.txt" 2>/dev/null && break
  sleep 1
done
for id in 2 3; do
  if ! grep -q "\"id\": $id," "$data_dir/quorum.txt"; then
    "${cli[@]}" metadata-quorum --bootstrap-server "$clients" --command-config "$data_dir/node-$id.properties" add-controller
  fi
done
"${cli[@]}" metadata-quorum --bootstrap-server "$clients" describe --status

echo "bootstrap.servers=$clients (Ctrl+C stops the cluster)"
# A node that dies (or is killed) leaves the others running, as a cluster would; Ctrl+C or SIGTERM stops them all.
wait "${pids[@]}" || true
