#!/usr/bin/env bash
# Runs docker/Dockerfile's steps without Docker, on this machine:
#   1. the build stage's `dotnet publish` command (read from the Dockerfile), into a temporary
#      directory instead of /app, and checks that it made one linux-x64 executable;
#   2. the runtime stage: its ENTRYPOINT, with the paths its COPY lines fill mapped to the published
#      file and the repository's files, its ENV, and its WORKDIR (where ./data, the volume, lives),
#      plus KAFKA_* variables as `docker run -e` would pass them, on a 127.0.0.1 listener; then a
#      client reaches it, produces and consumes, and SIGTERM stops it;
#   3. the three-node cluster of docker/compose.yaml (profile cluster) from that file's KAFKA_*
#      environment, host names and ports moved onto 127.0.0.1, and checks that
#      docker/cluster/docker-compose.yml defines the same nodes.
# Prints PASS or FAIL per check, then "N passed, M failed"; exits non-zero if any check failed.
# Needs kcat and python3 with PyYAML (compat-tests/image/run.sh installs them).
set -u
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$REPO_ROOT/docker"
DOCKERFILE="$HERE/Dockerfile"
source "$REPO_ROOT/compat-tests/lib/broker.sh"
# PyYAML from pip or from Debian's python3-yaml, which serves Debian's interpreter only.
PY=python3
python3 -c 'import yaml' 2>/dev/null || PY=/usr/bin/python3

WORK="$(mktemp -d)"; echo "work: $WORK"
NODE_PIDS=()
cleanup() {
  kill -KILL "${SERVER_PID:-0}" "${NODE_PIDS[@]}" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# --- 1. Build stage -------------------------------------------------------------------------------
read -r -a PUBLISH <<<"$(sed -n 's/^RUN \(dotnet publish .*\)$/\1/p' "$DOCKERFILE")"
for i in "${!PUBLISH[@]}"; do
  [ "${PUBLISH[$i]}" != /app ] || PUBLISH[i]="$WORK/app"
done
echo "build: ${PUBLISH[*]}"
(cd "$REPO_ROOT" && "${PUBLISH[@]}" -nologo -v quiet) >"$WORK/publish.log" 2>&1
check "the Dockerfile's dotnet publish command succeeds" test $? -eq 0
[ "$FAILED" -eq 0 ] || { tail -n 30 "$WORK/publish.log"; summary; exit 1; }
check "it publishes a single file" test "$(find "$WORK/app" -mindepth 1 | wc -l)" -eq 1
is_linux_x64_executable() {
  [ -x "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] \
    && [ "$(od -An -t u2 -j 18 -N 2 "$1" | tr -d ' ')" = 62 ] # e_machine 62: x86-64
}
check "that file is a linux-x64 executable" is_linux_x64_executable "$WORK/app/kafkanet-server"

# --- 2. Runtime stage ----------------------------------------------------------------------------
ROOT="$WORK/root" # the image's file system, as far as the server sees it
# image_path PATH: where a path of the image is here. COPY --from=build takes from the publish
# output, a plain COPY from the repository; anything else lies under $ROOT.
image_path() {
  local from to
  while read -r from to; do
    [ "$to" = "$1" ] && { echo "$from"; return; }
  done < <(sed -n -e "s|^COPY --from=build /app/\([^ ]*\) \([^ ]*\)$|$WORK/app/\1 \2|p" \
    -e "s|^COPY \([^-][^ ]*\) \([^ ]*\)$|$REPO_ROOT/\1 \2|p" "$DOCKERFILE")
  echo "$ROOT$1"
}
mapfile -t ENTRYPOINT < <(python3 -c 'import json, re, sys
text = open(sys.argv[1]).read()
print("\n".join(json.loads(re.findall(r"^ENTRYPOINT (\[.*\])$", text, re.M)[-1])))' "$DOCKERFILE")
for i in "${!ENTRYPOINT[@]}"; do
  ENTRYPOINT[i]="$(image_path "${ENTRYPOINT[$i]}")"
done
# The runtime stage's ENV lines (KEY=VALUE, one per line) and its WORKDIR.
mapfile -t IMAGE_ENV < <(sed -n 's/^ENV \([A-Za-z_][A-Za-z0-9_]*=[^ ]*\)$/\1/p' "$DOCKERFILE")
WORKDIR="$ROOT$(sed -n 's/^WORKDIR //p' "$DOCKERFILE" | tail -n 1)"
mkdir -p "$WORKDIR"
echo "run: ${ENTRYPOINT[*]} in $WORKDIR with ${IMAGE_ENV[*]}"

# run_image DIR LOG VAR=VALUE...: the entrypoint in DIR, in an environment as empty as a container's
# but for the image's ENV and the given variables (like docker run -e); sets SERVER_PID.
run_image() {
  local dir="$1" log="$2"; shift 2
  (cd "$dir" && exec env -i PATH=/usr/bin:/bin HOME="$dir" "${IMAGE_ENV[@]}" "$@" "${ENTRYPOINT[@]}" >"$log" 2>&1) &
  SERVER_PID=$!
}

PORT="$(free_port)"; METRICS_PORT="$(free_port)"
B="127.0.0.1:$PORT"
SINGLE=(KAFKA_NODE_ID=7 "KAFKA_LISTENERS=PLAINTEXT://$B" "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://$B"
  "KAFKA_METRICS_LISTENER=http://127.0.0.1:$METRICS_PORT" KAFKA_HEAP_OPTS=-Xmx1G KAFKA_OPTS=-Dignored=true)
run_image "$WORKDIR" "$WORK/single.log" "${SINGLE[@]}"
check "the entrypoint starts a node on the KAFKA_LISTENERS address" wait_for_port "$PORT"
KC=(timeout 30 kcat -b "$B" -m 10)
check "kcat -L finds node 7 (KAFKA_NODE_ID) at $B, broker and controller" \
  grep -q "broker 7 at $B (controller)" <("${KC[@]}" -L 2>&1)
printf 'k1:v1\nk2:v2\n' | "${KC[@]}" -P -t image-check -K: 2>>"$WORK/kcat.err"
check "produce to an auto-created topic" test $? -eq 0
check "consume the records back" test "$("${KC[@]}" -C -e -q -t image-check -o beginning -f '%k=%s\n' 2>>"$WORK/kcat.err")" = "$(printf 'k1=v1\nk2=v2')"
ready() { python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$METRICS_PORT/health/ready', timeout=2)" 2>/dev/null; }
check "KAFKA_METRICS_LISTENER serves /health/ready" wait_until 10 ready
check "data is in the volume's directory (WORKDIR/data) with a generated cluster id" \
  grep -q '^cluster.id=.\+' "$WORKDIR/data/meta.properties"
check "KAFKA_HEAP_OPTS and KAFKA_OPTS set no property (no unknown-property warning)" \
  bash -c "! grep -qi 'unknown property' '$WORK/single.log'"
check "SIGTERM stops the node cleanly" stop_server
CLUSTER_ID_BEFORE="$(grep '^cluster.id=' "$WORKDIR/data/meta.properties")"
run_image "$WORKDIR" "$WORK/single-again.log" "${SINGLE[@]}"
wait_for_port "$PORT"
check "a restart on the same volume keeps the cluster id and the records" \
  test "$("${KC[@]}" -C -e -q -t image-check -o beginning -f '%s\n' 2>>"$WORK/kcat.err")" = "$(printf 'v1\nv2')" \
  -a "$(grep '^cluster.id=' "$WORKDIR/data/meta.properties")" = "$CLUSTER_ID_BEFORE"
check "SIGTERM stops the restarted node cleanly" stop_server
[ "$FAILED" -eq 0 ] || { echo "--- server log"; tail -n 30 "$WORK/single.log" "$WORK/single-again.log"; tail -n 10 "$WORK/kcat.err"; }

# --- 3. The compose cluster, on 127.0.0.1 --------------------------------------------------------
check "docker/cluster/docker-compose.yml defines the nodes of compose.yaml's cluster profile" \
  "$PY" "$HERE/compose_nodes.py" same "$HERE/compose.yaml" "$HERE/cluster/docker-compose.yml"
for n in 1 2 3; do
  mkdir -p "$WORK/node-$n"
done
"$PY" "$HERE/compose_nodes.py" local "$HERE/compose.yaml" "$WORK" "$(free_port)" "$(free_port)" "$(free_port)" \
  "$(free_port)" "$(free_port)" "$(free_port)" >"$WORK/ports.txt"
read -r P1 P2 P3 <"$WORK/ports.txt"
for n in 1 2 3; do
  mapfile -t NODE_ENV <"$WORK/node-$n/env"
  run_image "$WORK/node-$n" "$WORK/node-$n/server.log" "${NODE_ENV[@]}"
  NODE_PIDS+=("$SERVER_PID")
done
check "three nodes start from compose.yaml's environment" eval 'wait_for_port $P1 && wait_for_port $P2 && wait_for_port $P3'
KC=(timeout 30 kcat -b "127.0.0.1:$P1,127.0.0.1:$P2,127.0.0.1:$P3" -m 10)
three_brokers() { [ "$("${KC[@]}" -L 2>/dev/null | grep -c '  broker [123] at 127.0.0.1:')" -eq 3 ]; }
check "kcat -L lists the three brokers" wait_until 60 three_brokers
printf 'c1\nc2\n' | "${KC[@]}" -P -t cluster-check 2>>"$WORK/kcat.err"
check "produce to an auto-created topic on the cluster" test $? -eq 0
check "the topic has three replicas (KAFKA_DEFAULT_REPLICATION_FACTOR=3)" \
  grep -q 'replicas: [123],[123],[123],' <("${KC[@]}" -L -t cluster-check 2>&1)
check "consume the records back from the cluster" \
  test "$("${KC[@]}" -C -e -q -t cluster-check -o beginning -f '%s\n' 2>>"$WORK/kcat.err")" = "$(printf 'c1\nc2')"
# All three at once, as docker compose down does: a node stopping alone waits for the others' quorum.
kill -TERM "${NODE_PIDS[@]}" 2>/dev/null
stopped=0
for pid in "${NODE_PIDS[@]}"; do
  exited() { ! kill -0 "$pid" 2>/dev/null; }
  wait_until 30 exited && wait "$pid" && stopped=$((stopped + 1))
done
check "SIGTERM stops the three nodes cleanly" test "$stopped" -eq 3
[ "$FAILED" -eq 0 ] || { echo "--- node logs"; tail -n 15 "$WORK"/node-*/server.log; tail -n 10 "$WORK/kcat.err"; }

summary
