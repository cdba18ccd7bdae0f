#!/usr/bin/env bash
# Starts a three-node KafkaNet cluster on this machine: every node is broker and controller
# (process.roles=broker,controller), clients on 127.0.0.1:19092-19094, the controller quorum on
# 127.0.0.1:19192-19194. Data goes under the directory given (one node-N directory each).
# Ctrl+C or the end of this script stops all three.
#
#   docker/cluster/start-local-cluster.sh /tmp/kafkanet-cluster
#
# KAFKANET_SERVER names the server to run (default: dotnet with the kafkanet-server.dll built from
# src/KafkaNet.Server, building it in Release when absent). Extra arguments after the data directory
# are passed to every node, e.g. --override broker.session.timeout.ms=3000. KAFKANET_NODES starts only
# some of the nodes (e.g. "2" restarts node 2 alone after it was killed, the others still running
# under their own script). Each node's process id is written to DATA_DIR/node-N.pid.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 DATA_DIR [--override key=value]..." >&2
  exit 2
fi
data_dir=$1
shift

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

voters="1@127.0.0.1:19192,2@127.0.0.1:19193,3@127.0.0.1:19194"
cluster_id=${KAFKANET_CLUSTER_ID:-kafkanet-local-cluster}
nodes=${KAFKANET_NODES:-1 2 3}

for id in $nodes; do
  [[ $id == [123] ]] || { echo "KAFKANET_NODES: no node $id (1, 2 or 3)" >&2; exit 2; }
  client=$((19091 + id))
  controller=$((19191 + id))
  mkdir -p "$data_dir/node-$id"
  "${server[@]}" \
    --override node.id=$id \
    --override process.roles=broker,controller \
    --override controller.quorum.voters=$voters \
    --override controller.listener.names=CONTROLLER \
    --override listeners=PLAINTEXT://127.0.0.1:$client,CONTROLLER://127.0.0.1:$controller \
    --override advertised.listeners=PLAINTEXT://127.0.0.1:$client \
    --override listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT \
    --override cluster.id="$cluster_id" \
    --override log.dirs="$data_dir/node-$id" \
    "$@" >> "$data_dir/node-$id.log" 2>&1 &
  pids+=($!)
  echo $! > "$data_dir/node-$id.pid"
  echo "node $id: clients 127.0.0.1:$client, controller 127.0.0.1:$controller, log $data_dir/node-$id.log"
done

echo "bootstrap.servers=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094 (Ctrl+C stops the cluster)"
# Stops everything as soon as one node exits on its own.
wait -n "${pids[@]}" || true
