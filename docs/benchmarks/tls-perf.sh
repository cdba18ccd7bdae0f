#!/usr/bin/env bash
# The cost of TLS: `kafkanet perf produce` and `consume` against one server per security protocol
# (PLAINTEXT, SSL, SASL_SSL with PLAIN), each step run twice and the second (warm) pass kept, with the
# broker's CPU-seconds (user + system, from /proc/PID/stat) per GB moved.
# A markdown table goes to stdout, progress to stderr.
#
# Usage: bash docs/benchmarks/tls-perf.sh
# Environment: RECORDS=300000 (1 KiB records per step), PARTITIONS=1, PORT=19199, BUILD=1 (0 uses the
# existing Release build). Needs dotnet and openssl.
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RECORDS="${RECORDS:-300000}"
PARTITIONS="${PARTITIONS:-1}"
PORT="${PORT:-19199}"
RECORD_SIZE=1024
CLK_TCK="$(getconf CLK_TCK)"
BOOTSTRAP="127.0.0.1:$PORT"
SERVER="$REPO_ROOT/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
CLI=(dotnet "$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll" perf)

WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [[ -n $PID ]]; then kill -9 "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
progress() { echo "[$(date +%T)] $*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

if [[ ${BUILD:-1} != 0 ]]; then
  progress "building the server and kafkanet (Release)"
  for project in KafkaNet.Server KafkaNet.Cli; do
    dotnet build "$REPO_ROOT/src/$project" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "build failed"; }
  done
fi

# A CA and a server certificate for 127.0.0.1, the keystore in PEM (key and chain in one file).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench-ca" -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$WORK/server.key" -out "$WORK/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$WORK/san.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
  -extfile "$WORK/san.ext" -out "$WORK/server.pem" 2>/dev/null
cat "$WORK/server.key" "$WORK/server.pem" "$WORK/ca.pem" >"$WORK/keystore.pem"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start_server() { # protocol
  rm -rf "$WORK/data"
  (cd "$WORK" && exec dotnet "$SERVER" --override "listeners=$1://$BOOTSTRAP" --override "log.dirs=$WORK/data" \
    --override ssl.keystore.type=PEM --override "ssl.keystore.location=$WORK/keystore.pem" \
    --override sasl.enabled.mechanisms=PLAIN \
    --override 'listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_bench="bench-secret";') \
    >"$WORK/server-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do
    kill -0 "$PID" 2>/dev/null || { tail -n 20 "$WORK/server-$1.log" >&2; fail "the server exited at startup"; }
    port_open && return
    sleep 0.1
  done
  fail "the server did not open port $PORT within 30 s"
}

stop_server() {
  kill -TERM "$PID" 2>/dev/null
  for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  PID=""
}

cpu_ticks() { # user + system clock ticks of the server
  local stat
  read -r stat <"/proc/$PID/stat"
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

json() { local re="\"$2\":(-?[0-9][0-9.eE+-]*)"; [[ $1 =~ $re ]] && echo "${BASH_REMATCH[1]}" || echo NA; }

client_props() { # protocol
  case $1 in
    PLAINTEXT) ;;
    SSL) echo "security.protocol=ssl ssl.ca.location=$WORK/ca.pem" ;;
    SASL_SSL) echo "security.protocol=sasl_ssl ssl.ca.location=$WORK/ca.pem sasl.mechanism=PLAIN sasl.username=bench sasl.password=bench-secret" ;;
  esac
}

measure() { # protocol step -- command...: prints "records/s MB/s CPU-s/GB"
  local out before after
  shift 3
  before=$(cpu_ticks)
  out="$("$@" 2>>"$WORK/client.log" | tail -n 1)"
  after=$(cpu_ticks)
  awk -v r="$(json "$out" records_per_sec)" -v m="$(json "$out" mb_per_sec)" -v b="$(json "$out" bytes)" \
    -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.0f\t%.1f\t%.2f\n", r, m, (b > 0 ? t / hz / (b / 1e9) : 0) }'
}

echo "| Protocol | Produce records/s | MB/s | broker CPU-s/GB | Consume records/s | MB/s | broker CPU-s/GB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for protocol in PLAINTEXT SSL SASL_SSL; do
  start_server "$protocol"
  # shellcheck disable=SC2207
  props=($(client_props "$protocol"))
  for pass in 1 2; do
    progress "$protocol pass $pass: produce"
    produced=$(measure "$protocol" produce -- "${CLI[@]}" produce --bootstrap-server "$BOOTSTRAP" --topic "t$pass" \
      --partitions "$PARTITIONS" --num-records "$RECORDS" --record-size "$RECORD_SIZE" --acks 1 --json \
      ${props[@]+--producer-props "${props[@]}"})
    progress "$protocol pass $pass: consume"
    consumed=$(measure "$protocol" consume -- "${CLI[@]}" consume --bootstrap-server "$BOOTSTRAP" --topic "t$pass" \
      --messages "$RECORDS" --json ${props[@]+--consumer-props "${props[@]}"})
    progress "$protocol pass $pass: $produced | $consumed"
  done
  # The warm second pass is the one reported.
  printf '| %s | %s | %s |\n' "$protocol" "$(echo "$produced" | sed 's/\t/ | /g')" "$(echo "$consumed" | sed 's/\t/ | /g')"
  stop_server
done
