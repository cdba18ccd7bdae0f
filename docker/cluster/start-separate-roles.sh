#!/usr/bin/env bash
# Starts a KafkaNet cluster with separate roles on this machine, as production KRaft clusters run:
# three controllers (process.roles=controller, node.id 1-3, the quorum on 127.0.0.1:19191-19193) and
# three brokers (process.roles=broker, node.id 4-6, clients on 127.0.0.1:19094-19096) that follow the
# metadata log from the active controller without voting. Data goes under the directory given (one
# directory per node). Ctrl+C or the end of this script stops all six.
#
#   docker/cluster/start-separate-roles.sh /tmp/kafkanet-roles
#
# KAFKANET_SERVER names the server to run (default: dotnet with the kafkanet-server.dll built from
# src/KafkaNet.Server, building it in Release when absent). Extra arguments after the data directory
# are passed to every node. KAFKANET_NODES starts only some of the nodes (e.g. "5" restarts broker 5
# alone). Each node's process id is written to DATA_DIR/node-N.pid.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 DATA_DIR [--override key=value]..." >&2
  exit 2
fi
data_dir=$1
shift

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

voters="1@127.0.0.1:19191,2@127.0.0.1:19192,3@127.0.0.1:19193"
cluster_id=${KAFKANET_CLUSTER_ID:-kafkanet-separate-roles}
nodes=${KAFKANET_NODES:-1 2 3 4 5 6}

for id in $nodes; do
  [[ $id == [1-6] ]] || { echo "KAFKANET_NODES: no node $id (1-6)" >&2; exit 2; }
  mkdir -p "$data_dir/node-$id"
  if (( id <= 3 )); then
    port=$((19190 + id))
    role=(--override process.roles=controller --override listeners=CONTROLLER://127.0.0.1:$port)
    what="controller 127.0.0.1:$port"
  else
    port=$((19090 + id))
    role=(--override process.roles=broker --override listeners=PLAINTEXT://127.0.0.1:$port)
    what="broker, clients 127.0.0.1:$port"
  fi
  "${server[@]}" \
    --override node.id=$id \
    "${role[@]}" \
    --override controller.quorum.voters=$voters \
    --override controller.listener.names=CONTROLLER \
    --override listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT \
    --override cluster.id="$cluster_id" \
    --override log.dirs="$data_dir/node-$id" \
    "$@" >> "$data_dir/node-$id.log" 2>&1 &
  pids+=($!)
  echo $! > "$data_dir/node-$id.pid"
  echo "node $id: $what, log $data_dir/node-$id.log"
done

echo "bootstrap.servers=127.0.0.1:19094,127.0.0.1:19095,127.0.0.1:19096 (Ctrl+C stops the cluster)"
# Stops everything as soon as one node exits on its own.
wait -n "${pids[@]}" || true
