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

# tests/test.sh builds the server and the CLI (Release) once for every suite and sets KAFKANET_RELEASE_BUILT;
# a suite run on its own builds them itself.
build_server() {
  [ -n "${KAFKANET_RELEASE_BUILT:-}" ] || dotnet build "$REPO_ROOT/src/KafkaNet.Server" -c Release -nologo -v quiet >/dev/null
}

build_cli() {
  [ -n "${KAFKANET_RELEASE_BUILT:-}" ] || dotnet build "$REPO_ROOT/src/KafkaNet.Cli" -c Release -nologo -v quiet >/dev/null
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

# start_sasl_server WORKDIR PORT: a server from WORKDIR/server.properties with one SASL_PLAINTEXT listener on PORT
# serving PLAIN (users admin and alice from the listener's JAAS configuration), SCRAM-SHA-256 and SCRAM-SHA-512.
start_sasl_server() {
  local workdir="$1" port="$2"
  mkdir -p "$workdir"
  cat >"$workdir/server.properties" <<PROPS
listeners=SASL_PLAINTEXT://127.0.0.1:$port
log.dirs=$workdir/data
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="admin-secret" user_alice="alice-secret";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
group.initial.rebalance.delay.ms=0
offsets.topic.num.partitions=5
offsets.topic.replication.factor=1
PROPS
  printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=admin\nsasl.password=admin-secret\n' >"$workdir/admin.properties"
  start_server "$workdir" "$workdir/server.properties"
}

# add_scram_user WORKDIR PORT MECHANISM USER PASSWORD: creates a SCRAM user with kafkanet configs over the PLAIN
# administrator of start_sasl_server.
add_scram_user() {
  local cli="$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll"
  [ -f "$cli" ] || build_cli
  test "$(timeout 60 dotnet "$cli" configs --bootstrap-server "127.0.0.1:$2" --command-config "$1/admin.properties" \
    --alter --add-config "$3=[iterations=8192,password=$5]" --entity-type users --entity-name "$4" 2>>"$1/configs.err")" = "Completed updating config for user $4."
}
