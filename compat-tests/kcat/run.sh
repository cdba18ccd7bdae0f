#!/usr/bin/env bash
# kcat (librdkafka's command-line client) against a KafkaNet server started here.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

command -v kcat >/dev/null || { apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }; }
build_server

WORK="$(mktemp -d)"
trap 'kill -KILL "${SERVER_PID:-0}" 2>/dev/null; rm -rf "$WORK"' EXIT

# 1. No arguments: port 9092, advertised as localhost:9092, data under ./data.
start_server "$WORK/defaults"
check "server starts with no arguments on 9092" wait_for_port 9092
kcat -b localhost:9092 -L -m 10 >"$WORK/defaults.txt" 2>&1
check "kcat -L lists broker 1 at localhost:9092" grep -q "broker 1 at localhost:9092" "$WORK/defaults.txt"
check "default data dir ./data holds meta.properties" test -f "$WORK/defaults/data/meta.properties"
check "SIGTERM stops the server cleanly" stop_server

# 2. Kafka-style overrides: listener, data dir, node id.
PORT="$(free_port)"
start_server "$WORK/overrides" --override "listeners=PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$WORK/overrides/kdata" --override node.id=3
check "server starts with overrides" wait_for_port "$PORT"
kcat -b "127.0.0.1:$PORT" -L -J -m 10 >"$WORK/meta.json" 2>"$WORK/meta.err"
check "kcat -L -J reports broker 3 at 127.0.0.1:$PORT" python3 - "$WORK/meta.json" "$PORT" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
brokers = meta["brokers"]
sys.exit(0 if brokers == [{"id": 3, "name": "127.0.0.1:" + sys.argv[2]}] and meta["topics"] == [] else 1)
PY
check "kcat sees the controller" grep -q "(controller)" <(kcat -b "127.0.0.1:$PORT" -L -m 10 2>&1)
check "log.dirs override holds meta.properties with node.id=3" grep -q "node.id=3" "$WORK/overrides/kdata/meta.properties"
check "SIGTERM stops the overridden server cleanly" stop_server

# 3. An invalid value stops startup with a message naming the property.
dotnet "$SERVER_DLL" --override num.partitions=abc >"$WORK/bad.txt" 2>&1
status=$?
check "invalid value exits non-zero" test "$status" -ne 0
check "invalid value message names the property" grep -q "num.partitions" "$WORK/bad.txt"

summary
