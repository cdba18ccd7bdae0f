# Sourced by the benchmark scripts here: builds the server and kafkanet (Release, unless BUILD=0),
# starts one server on 127.0.0.1:$PORT with its data in a temporary directory removed on exit,
# and reads the server's CPU time. Expects REPO_ROOT and PORT to be set.
BOOTSTRAP="127.0.0.1:$PORT"
CLK_TCK="$(getconf CLK_TCK)"
SERVER="$REPO_ROOT/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
CLI="$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll"

WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [[ -n $PID ]]; then kill -9 "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
progress() { echo "[$(date +%T)] $*" >&2; }

build_release() {
  [[ ${BUILD:-1} != 0 ]] || return 0
  progress "building the server and kafkanet (Release)"
  local project
  for project in KafkaNet.Server KafkaNet.Cli; do
    dotnet build "$REPO_ROOT/src/$project" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
  done
}

start_server() { # [--override key=value ...]: starts the server and waits for its port
  dotnet "$SERVER" --override "listeners=PLAINTEXT://$BOOTSTRAP" --override "log.dirs=$WORK/data" "$@" >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the server did not open port $PORT" >&2
  exit 1
}

# utime + stime of the server (fields 14 and 15 of /proc/PID/stat), in clock ticks.
cpu_ticks() {
  local stat
  read -r stat <"/proc/$PID/stat"
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

json() { # field json: a number field of a one-line JSON object
  sed -nE "s/.*\"$1\": *([0-9.eE+-]+).*/\1/p" <<<"$2"
}
