#!/usr/bin/env bash
# Recaptures the fuzz seed corpus: starts a KafkaNet broker that advertises a recording proxy
# (tests/KafkaNet.FrameRecorder), then runs one session per client through the proxy. Each
# client's request frames land in tests/fuzz-corpus/<client>/ (replaced on every run).
# Needs kcat, node/npm and Debian's python3-kafka; run from anywhere: bash tests/fuzz-corpus/capture.sh
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

RECORDER_DLL="$REPO_ROOT/tests/KafkaNet.FrameRecorder/bin/Release/net10.0/KafkaNet.FrameRecorder.dll"
CONFLUENT_DLL="$HERE/sessions/confluent/bin/Release/net10.0/ConfluentSession.dll"
# Per client: at most 20 frames per API key and version, 64 KB per frame, 700 KB in all.
RECORDER_LIMITS=(--max-per-version 20 --max-frame-bytes 65536 --max-client-bytes 716800)

build_server
dotnet build "$REPO_ROOT/tests/KafkaNet.FrameRecorder" -c Release -nologo -v quiet >/dev/null || { echo "recorder build failed"; exit 1; }
dotnet build "$HERE/sessions/confluent" -c Release -nologo -v quiet >/dev/null || { echo "Confluent.Kafka session build failed"; exit 1; }

WORK="$(mktemp -d)"
trap 'kill -TERM "${RECORDER_PID:-0}" 2>/dev/null; kill -KILL "${SERVER_PID:-0}" 2>/dev/null; rm -rf "$WORK"' EXIT
BROKER_PORT="$(free_port)"
PROXY_PORT="$(free_port)"
PROXY="127.0.0.1:$PROXY_PORT"
start_server "$WORK/broker" --override "listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT" \
  --override "advertised.listeners=PLAINTEXT://$PROXY" --override "log.dirs=$WORK/broker/data" "${GROUP_OVERRIDES[@]}"
wait_for_port "$BROKER_PORT" || { cat "$WORK/broker/server.log"; exit 1; }

# record CLIENT COMMAND...: runs COMMAND with a recorder for CLIENT listening on the proxy port.
record() {
  local client="$1"; shift
  rm -rf "${HERE:?}/$client"
  dotnet "$RECORDER_DLL" --listen "$PROXY" --target "127.0.0.1:$BROKER_PORT" --out "$HERE" --client "$client" \
    "${RECORDER_LIMITS[@]}" >"$WORK/recorder-$client.log" 2>&1 &
  RECORDER_PID=$!
  wait_for_port "$PROXY_PORT" || { cat "$WORK/recorder-$client.log"; exit 1; }
  echo "== $client"
  local started=$SECONDS
  "$@"
  echo "($client session: $((SECONDS - started)) s)"
  kill -TERM "$RECORDER_PID"
  wait "$RECORDER_PID"
  tail -1 "$WORK/recorder-$client.log"
}

kcat_session() {
  local kc=(timeout 60 kcat -b "$PROXY" -m 15)
  "${kc[@]}" -L >/dev/null
  for codec in none gzip snappy lz4 zstd; do
    seq 1 30 | sed "s/^/key-$codec:value-/" | "${kc[@]}" -P -t kcat-corpus -K: -H origin=kcat -z "$codec" -X linger.ms=50
  done
  "${kc[@]}" -L -t kcat-corpus >/dev/null
  "${kc[@]}" -C -t kcat-corpus -o beginning -e -q >/dev/null
  "${kc[@]}" -C -t kcat-corpus -o -5 -e -q -f '%k %s %h\n' >/dev/null
  "${kc[@]}" -G kcat-corpus-group -o beginning -e -q kcat-corpus >/dev/null
  "${kc[@]}" -Q -t "kcat-corpus:0:$(( $(date +%s) * 1000 - 60000 ))" >/dev/null
  "${kc[@]}" -Q -t kcat-corpus:0:-1 >/dev/null
}

confluent_session() {
  timeout 180 dotnet "$CONFLUENT_DLL" "$PROXY"
}

kafkajs_session() {
  local modules="$WORK/kafkajs"
  mkdir -p "$modules"
  (cd "$modules" && npm install --no-audit --no-fund --silent kafkajs@2.2.4 >/dev/null 2>&1) || { echo "npm install kafkajs failed"; return 1; }
  NODE_PATH="$modules/node_modules" timeout 120 node "$HERE/sessions/kafkajs-session.js" "$PROXY"
}

kafka_python_session() {
  timeout 120 /usr/bin/python3 "$HERE/sessions/kafka_python_session.py" "$PROXY"
}

record kcat kcat_session
record confluent-kafka confluent_session
record kafkajs kafkajs_session
record kafka-python kafka_python_session

stop_server >/dev/null
echo "== corpus"
for dir in "$HERE"/*/; do
  [ "$(basename "$dir")" = sessions ] && continue
  echo "$(basename "$dir"): $(find "$dir" -name '*.bin' | wc -l) frames, $(du -sb "$dir" | cut -f1) bytes"
done
