# Starts, kills and stops the nodes of docker/cluster/start-local-cluster.sh one by one: each node
# runs under its own copy of the script, so that killing one stops no other. Source this file; it
# expects REPO_ROOT, SERVER_DLL, CLUSTER_DATA (the script's data directory), CLUSTER_LOGS (where
# the scripts' own output goes) and the array CLUSTER_OVERRIDES (--override options for every node).
declare -A CLUSTER_SCRIPT_PIDS

start_node() { # ID
  KAFKANET_NODES="$1" KAFKANET_SERVER="dotnet $SERVER_DLL" \
    bash "$REPO_ROOT/docker/cluster/start-local-cluster.sh" "$CLUSTER_DATA" "${CLUSTER_OVERRIDES[@]}" \
    >>"$CLUSTER_LOGS/script-$1.log" 2>&1 &
  CLUSTER_SCRIPT_PIDS[$1]=$!
}

node_pid() { cat "$CLUSTER_DATA/node-$1.pid" 2>/dev/null; }

kill_node() { # ID: SIGKILL the node's server process, then reap its script
  kill -KILL "$(node_pid "$1")" 2>/dev/null
  wait "${CLUSTER_SCRIPT_PIDS[$1]}" 2>/dev/null
}

# stop_nodes: SIGTERM to every script (a controlled shutdown of its node), up to 20 s, then SIGKILL.
stop_nodes() {
  local id pid
  for id in "${!CLUSTER_SCRIPT_PIDS[@]}"; do kill -TERM "${CLUSTER_SCRIPT_PIDS[$id]}" 2>/dev/null; done
  for _ in $(seq 1 100); do
    pgrep -f "log.dirs=$CLUSTER_DATA/node-" >/dev/null || break
    sleep 0.2
  done
  for id in 1 2 3; do
    pid="$(node_pid "$id")"
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  done
  for id in "${!CLUSTER_SCRIPT_PIDS[@]}"; do wait "${CLUSTER_SCRIPT_PIDS[$id]}" 2>/dev/null; done
}
