#!/usr/bin/env bash
# kafka-python (Debian package python3-kafka) against a KafkaNet server started here.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO_ROOT/compat-tests/kafka-python"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

# Debian's package installs for Debian's interpreter, which may not be the first python3 on PATH.
PY=/usr/bin/python3
if ! "$PY" -c 'import kafka' 2>/dev/null; then
  { apt-get install -y -qq python3-kafka >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-kafka >/dev/null 2>&1; }; }
fi
"$PY" -c 'import kafka' 2>/dev/null || { echo "python3-kafka is not installed"; echo "0 passed, 1 failed"; exit 1; }
# Optional codec libraries (python3-kafka only suggests them); checks.py skips a codec whose library is absent.
if ! "$PY" -c 'import lz4.frame, snappy, zstandard' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-lz4 python3-snappy python3-zstandard >/dev/null 2>&1 || true
fi
build_server

WORK="$(mktemp -d)"
trap 'kill -KILL "${SERVER_PID:-0}" "${SASL_PID:-0}" 2>/dev/null; rm -rf "$WORK"' EXIT
# A second server for the SASL checks (sasl.py): PLAIN, and SCRAM users made with kafkanet configs.
SASL_PORT="$(free_port)"
start_sasl_server "$WORK/sasl" "$SASL_PORT"
SASL_PID=$SERVER_PID
if ! wait_for_port "$SASL_PORT" || ! add_scram_user "$WORK/sasl" "$SASL_PORT" SCRAM-SHA-256 bob bob-secret \
  || ! add_scram_user "$WORK/sasl" "$SASL_PORT" SCRAM-SHA-512 carol carol-secret; then
  cat "$WORK/sasl/server.log" "$WORK/sasl/configs.err"; echo "0 passed, 1 failed"; exit 1
fi
PORT="$(free_port)"
start_server "$WORK" --override "listeners=PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$WORK/data" "${GROUP_OVERRIDES[@]}"
if ! wait_for_port "$PORT"; then
  cat "$WORK/server.log"; echo "0 passed, 1 failed"; exit 1
fi
timeout 900 "$PY" "$HERE/checks.py" "127.0.0.1:$PORT" "127.0.0.1:$SASL_PORT"
status=$?
stop_server >/dev/null
SERVER_PID=$SASL_PID stop_server >/dev/null
exit $status
