#!/usr/bin/env bash
# Helpers for compat suites: start and stop a KafkaNet server built from this checkout,
# and count results. Source this file; it expects REPO_ROOT to be set.

SERVER_DLL="$REPO_ROOT/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
PASSED=0
FAILED=0
# Consumer groups in tests: no initial rebalance delay, a small __consumer_offsets, and one
# replica for it (a single broker cannot hold Kafka's default of three).
GROUP_OVERRIDES=(--override group.initial.rebalance.delay.ms=0 --override offsets.topic.num.partitions=5
  --override offsets.topic.replication.factor=1)

build_server() {
  dotnet build "$REPO_ROOT/src/KafkaNet.Server" -c Release -nologo -v quiet >/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server WORKDIR [args...]: runs the server in WORKDIR, sets SERVER_PID, logs to WORKDIR/server.log.
start_server() {
  local workdir="$1"; shift
  mkdir -p "$workdir"
  (cd "$workdir" && exec dotnet "$SERVER_DLL" "$@" >"$workdir/server.log" 2>&1) &
  SERVER_PID=$!
}

# wait_for_port PORT: up to 30 s for the broker to accept connections.
wait_for_port() {
  local port="$1"
  for _ in $(seq 1 150); do
    if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# stop_server: SIGTERM, then up to 15 s for a clean exit; returns the exit status.
stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || return 1
  for _ in $(seq 1 75); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID"
      return $?
    fi
    sleep 0.2
  done
  kill -KILL "$SERVER_PID" 2>/dev/null
  return 124
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds or SECONDS pass.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# check NAME COMMAND...: runs a check, records and prints its result.
check() {
  local name="$1"; shift
  if "$@"; then
    PASSED=$((PASSED + 1)); echo "PASS $name"
  else
    FAILED=$((FAILED + 1)); echo "FAIL $name"
  fi
}

summary() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
