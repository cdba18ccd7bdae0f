#!/usr/bin/env bash
# librdkafka's share consumer (KIP-932, through its C API) against a KafkaNet server started here with share
# groups switched on. The scenarios are the ShareConsumerCompat project next to this file. A share-partition may
# hold 10000 records in flight (Kafka's default is 2000), which the key-ordered throughput comparison (k) uses.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

PROJECT="$REPO_ROOT/compat-tests/share-consumer"
build_server
dotnet build "$PROJECT" -c Release -nologo -v quiet >/dev/null || { echo "ShareConsumerCompat does not build"; FAILED=1; summary; exit 1; }

WORK="$(mktemp -d)"; echo "work: $WORK"
trap 'kill -KILL "${SERVER_PID:-0}" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

PORT="$(free_port)"
B="127.0.0.1:$PORT"
start_server "$WORK/server" --override "listeners=PLAINTEXT://$B" --override "log.dirs=$WORK/server/kdata" \
  "${GROUP_OVERRIDES[@]}" --override group.share.enable=true --override group.share.partition.max.record.locks=10000
check "server starts with group.share.enable=true" wait_for_port "$PORT"

# The scenarios print PASS/FAIL lines and their own "N passed, M failed", added to this suite's count; every
# wait in them is bounded, and the timeout is a last resort. librdkafka's log goes to scenarios.log.
timeout -k 10 900 dotnet "$PROJECT/bin/Release/net10.0/ShareConsumerCompat.dll" "$B" 2>"$WORK/scenarios.log" | tee "$WORK/scenarios.out"
status=${PIPESTATUS[0]}
line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/scenarios.out" | tail -n 1)"
if [ -n "$line" ]; then
  PASSED=$((PASSED + $(cut -d' ' -f1 <<<"$line"))); FAILED=$((FAILED + $(cut -d' ' -f3 <<<"$line")))
fi
check "the scenarios end with a result line (exit status $status)" test -n "$line" -a "$status" -le 1
if [ "$FAILED" -gt 0 ]; then
  echo "-- last lines of the client log:"; tail -n 20 "$WORK/scenarios.log"
  echo "-- last lines of the server log:"; tail -n 20 "$WORK/server/server.log"
fi

check "SIGTERM stops the server cleanly" stop_server
summary
