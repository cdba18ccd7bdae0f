#!/usr/bin/env bash
# kafkajs 2.2.4 (from npm) against a KafkaNet server started here.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO_ROOT/compat-tests/kafkajs"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

if [ ! -d "$HERE/node_modules/kafkajs" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) || { echo "npm install kafkajs failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# What kafkajs produces is read back with kcat.
command -v kcat >/dev/null || { apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }; }
build_server

WORK="$(mktemp -d)"
trap 'kill -KILL "${SERVER_PID:-0}" "${SASL_PID:-0}" 2>/dev/null; rm -rf "$WORK"' EXIT
# A second server for the SASL checks (sasl.js): PLAIN, and a SCRAM-SHA-256 user made with kafkanet configs.
SASL_PORT="$(free_port)"
start_sasl_server "$WORK/sasl" "$SASL_PORT"
SASL_PID=$SERVER_PID
if ! wait_for_port "$SASL_PORT" || ! add_scram_user "$WORK/sasl" "$SASL_PORT" SCRAM-SHA-256 bob bob-secret; then
  cat "$WORK/sasl/server.log" "$WORK/sasl/configs.err"; echo "0 passed, 1 failed"; exit 1
fi
PORT="$(free_port)"
start_server "$WORK" --override "listeners=PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$WORK/data" "${GROUP_OVERRIDES[@]}"
if ! wait_for_port "$PORT"; then
  cat "$WORK/server.log"; echo "0 passed, 1 failed"; exit 1
fi
timeout 900 node "$HERE/checks.js" "127.0.0.1:$PORT" "127.0.0.1:$SASL_PORT"
status=$?
stop_server >/dev/null
SERVER_PID=$SASL_PID stop_server >/dev/null
exit $status
