# Shared by the local cluster scripts (sourced, not run): the server command and stopping every node.
#
# KAFKANET_SERVER names the server to run (default: dotnet with the kafkanet-server.dll built from
# src/KafkaNet.Server, building it in Release when absent).

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -z "${KAFKANET_SERVER:-}" ]]; then
  dll="$repo/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
  if [[ ! -f "$dll" ]]; then
    dotnet build "$repo/src/KafkaNet.Server" -c Release >&2
  fi
  server=(dotnet "$dll")
else
  read -r -a server <<< "$KAFKANET_SERVER"
fi

pids=()

stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT INT TERM
