#!/usr/bin/env bash
# Broker benchmark, step by step: client throughput and latency from `kafkanet perf`, and what the
# broker spent on each step: CPU-seconds (user and system, from /proc/PID/stat), per GB and per
# request, and memory (VmHWM after the step, VmRSS sampled every 0.2 s during it).
# Markdown tables go to stdout, progress to stderr.
#
# Usage: bash docs/benchmarks/broker-perf.sh [--baseline GIT_REF]
#   --baseline REF  builds REF's server (Release) in a temporary git worktree and runs every step
#                   against both builds in turn (baseline, current, baseline, current), each run on a
#                   fresh data directory, then prints the ratios current/baseline. The current build's
#                   kafkanet drives both servers, so both are measured with the same client.
# Environment (record counts are multiplied by SCALE):
#   SCALE=1              0.1 for a quick check
#   RECORDS=1000000      1 KiB records per produce and consume step (about 1 GiB)
#   E2E_RATE=1000        end-to-end records per second
#   E2E_SECONDS=20       end-to-end measured seconds (after a 1 s warm-up); not scaled
#   RECV_RECORDS=50000   1 KiB records produced under strace for the receive-call count
#   ROUNDS               runs per build: 1, or 2 with --baseline
#   PORT=19099           the server's port (must be free)
#   BUILD=1              0 uses the current tree's existing Release build as it is
#   RESULTS_FILE         also keep the raw rows (tab-separated, see broker-perf-report.awk) in this file
# Needs dotnet; strace for the receive-call count and iperf3 for the loopback line (each skipped if missing).
set -u -o pipefail
export LC_ALL=C
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
REPORT_AWK="$REPO_ROOT/docs/benchmarks/broker-perf-report.awk"

BASELINE_REF=""
while (($#)); do
  case "$1" in
    --baseline) BASELINE_REF="${2:?--baseline needs a git ref}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

SCALE="${SCALE:-1}"
scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s); print (v < 1000 ? 1000 : v) }'; }
RECORDS="$(scaled "${RECORDS:-1000000}")"
RECV_RECORDS="$(scaled "${RECV_RECORDS:-50000}")"
E2E_RATE="${E2E_RATE:-1000}"
E2E_SECONDS="${E2E_SECONDS:-20}"
PORT="${PORT:-19099}"
ROUNDS="${ROUNDS:-$([[ -n $BASELINE_REF ]] && echo 2 || echo 1)}"
RECORD_SIZE=1024
CLK_TCK="$(getconf CLK_TCK)"
BOOTSTRAP="127.0.0.1:$PORT"

WORK="$(mktemp -d)"
RESULTS="$WORK/results.tsv"
PID=""
SAMPLER=""
STRACE=""
BASE_TREE=""
cleanup() {
  [[ -n $STRACE ]] && kill -INT "$STRACE" 2>/dev/null && wait "$STRACE" 2>/dev/null
  [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null
  if [[ -n $PID ]]; then kill -9 "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
  [[ -n $BASE_TREE ]] && git -C "$REPO_ROOT" worktree remove --force "$BASE_TREE" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

progress() { echo "[$(date +%T)] $*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

build() { # tree project...
  local tree=$1 project; shift
  for project in "$@"; do
    dotnet build "$tree/src/$project" -c Release -v q -nologo >"$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; fail "building $project in $tree failed"; }
  done
}

if [[ ${BUILD:-1} != 0 ]]; then
  progress "building the current tree (Release)"
  build "$REPO_ROOT" KafkaNet.Server KafkaNet.Cli
fi
CURRENT_SERVER="$REPO_ROOT/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
CLI=(dotnet "$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll" perf)
CURRENT_NAME="current $(git -C "$REPO_ROOT" rev-parse --short HEAD)$(git -C "$REPO_ROOT" diff --quiet HEAD -- src || echo '+changes')"
if [[ -n $BASELINE_REF ]]; then
  git -C "$REPO_ROOT" rev-parse --verify --quiet "$BASELINE_REF^{commit}" >/dev/null || fail "unknown git ref '$BASELINE_REF'"
  BASE_TREE="$WORK/baseline-tree"
  progress "building baseline $BASELINE_REF (Release) in a temporary worktree"
  git -C "$REPO_ROOT" worktree add --detach "$BASE_TREE" "$BASELINE_REF" >/dev/null 2>&1 || fail "git worktree add failed"
  build "$BASE_TREE" KafkaNet.Server
  BASE_SERVER="$BASE_TREE/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
  [[ -f $BASE_SERVER ]] || fail "no kafkanet-server.dll built for $BASELINE_REF"
  BASE_NAME="baseline $(git -C "$REPO_ROOT" rev-parse --short "$BASELINE_REF")"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start_server() { # server-dll log-name
  port_open && fail "port $PORT is already in use: stop that server or set PORT"
  rm -rf "$WORK/data"
  # The server runs in the scratch directory: nothing of the repository lies under its working directory.
  (cd "$WORK" && exec dotnet "$1" --override "listeners=PLAINTEXT://$BOOTSTRAP" --override "log.dirs=$WORK/data") \
    >"$WORK/$2.log" 2>&1 &
  PID=$!
  local _
  for _ in $(seq 1 300); do
    kill -0 "$PID" 2>/dev/null || { tail -n 20 "$WORK/$2.log" >&2; fail "the server exited at startup"; }
    port_open && return
    sleep 0.1
  done
  fail "the server did not open port $PORT within 30 s"
}

stop_server() {
  kill -TERM "$PID" 2>/dev/null
  local _
  for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  PID=""
  rm -rf "$WORK/data"
}

# utime and stime (fields 14 and 15 of /proc/PID/stat, in clock ticks); the command name may hold spaces.
cpu_ticks() {
  local stat
  read -r stat <"/proc/$PID/stat"
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo "${12} ${13}"
}

status_kb() { # VmHWM or VmRSS, in kB
  local key value _
  while read -r key value _; do [[ $key == "$1:" ]] && { echo "$value"; return; }; done <"/proc/$PID/status"
  echo 0
}

# Samples VmRSS every 0.2 s and keeps the largest value in $1 (builtins only, so it costs next to nothing).
rss_sampler() {
  local max=0 value
  while value="$(status_kb VmRSS)"; do
    ((value > max)) && max=$value && echo "$max" >"$1"
    sleep 0.2
  done
}

json() { # json-text key: the number, or NA
  local re="\"$2\":(-?[0-9][0-9.eE+-]*)"
  [[ $1 =~ $re ]] && echo "${BASH_REMATCH[1]}" || echo NA
}

# Runs one client command as a measured step and appends its row to the results.
measure() { # id kind label -- command...
  local id=$1 kind=$2 label=$3 out before after t0 t1
  shift 4
  progress "$RUN_NAME, round $ROUND: $label"
  echo 0 >"$WORK/rss"
  rss_sampler "$WORK/rss" &
  SAMPLER=$!
  before=($(cpu_ticks))
  t0=$EPOCHREALTIME
  out="$("$@" 2>"$WORK/client.log" | tail -n 1)" || { progress "warning: the client failed:"; tail -n 5 "$WORK/client.log" >&2; }
  t1=$EPOCHREALTIME
  after=($(cpu_ticks))
  kill "$SAMPLER" 2>/dev/null
  wait "$SAMPLER" 2>/dev/null
  SAMPLER=""
  [[ $(json "$out" errors) =~ ^(0|NA)$ && $(json "$out" lost) =~ ^(0|NA)$ ]] || progress "warning: $label: records failed or were lost: $out"
  printf 'S\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$RUN_NAME" "$ROUND" "$id" "$kind" "$label" \
    "$(json "$out" records)" "$(json "$out" bytes)" "$(json "$out" records_per_sec)" "$(json "$out" mb_per_sec)" \
    "$(json "$out" p50_ms)" "$(json "$out" p99_ms)" "$(json "$out" p999_ms)" "$(json "$out" requests)" \
    "$((after[0] - before[0]))" "$((after[1] - before[1]))" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$(status_kb VmHWM)" "$(cat "$WORK/rss")" "$(json "$out" errors)" >>"$RESULTS"
}

produce() { # id label topic partitions acks
  measure "$1" produce "$2" -- "${CLI[@]}" produce --bootstrap-server "$BOOTSTRAP" --topic "$3" --partitions "$4" \
    --num-records "$RECORDS" --record-size "$RECORD_SIZE" --acks "$5" --json
}

consume() { # id label topic
  measure "$1" consume "$2" -- "${CLI[@]}" consume --bootstrap-server "$BOOTSTRAP" --topic "$3" --messages "$RECORDS" --json
}

# Outside any measured step, so freeing the old files is not counted against the next one.
delete_topic() { "${CLI[@]}" delete-topic --bootstrap-server "$BOOTSTRAP" --topic "$1" >/dev/null 2>>"$WORK/client.log"; }

# strace slows every call it counts, so this step is only counted, never timed.
recv_count() {
  command -v strace >/dev/null || { progress "strace not found: skipping the receive-call count"; return; }
  progress "$RUN_NAME, round $ROUND: receive calls under strace ($RECV_RECORDS records)"
  "${CLI[@]}" produce --bootstrap-server "$BOOTSTRAP" --topic recv-warmup --partitions 1 --num-records 1000 \
    --record-size "$RECORD_SIZE" --acks 1 >/dev/null 2>>"$WORK/client.log"
  strace -f -c -e trace=recvfrom,recvmsg,read,readv -p "$PID" -o "$WORK/strace.txt" 2>/dev/null &
  STRACE=$!
  sleep 2
  local out
  out="$("${CLI[@]}" produce --bootstrap-server "$BOOTSTRAP" --topic recv --partitions 1 --num-records "$RECV_RECORDS" \
    --record-size "$RECORD_SIZE" --acks 1 --json 2>>"$WORK/client.log" | tail -n 1)"
  kill -INT "$STRACE"
  wait "$STRACE" 2>/dev/null
  STRACE=""
  # Columns of strace -c: % time, seconds, usecs/call, calls, [errors,] syscall.
  awk -v run="$RUN_NAME" -v round="$ROUND" -v records="$(json "$out" records)" -v bytes="$(json "$out" request_bytes)" '
    $NF ~ /^(recvfrom|recvmsg|read|readv)$/ { calls[$NF] = $4; if (NF == 6) errors += $5 }
    END { printf "R\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", run, round, records, bytes,
          calls["recvfrom"], calls["recvmsg"], calls["read"], calls["readv"], errors }' "$WORK/strace.txt" >>"$RESULTS"
}

run_all_steps() { # server-dll name
  RUN_NAME=$2
  start_server "$1" "server-${2%% *}-$ROUND"
  produce p1-first "produce 1 KiB acks=1, 1 partition, first pass" p1 1 1
  delete_topic p1
  produce p1-warm "produce 1 KiB acks=1, 1 partition, warm page cache" p1 1 1
  produce p6-first "produce 1 KiB acks=1, 6 partitions, first pass" p6 6 1
  delete_topic p6
  produce p6-warm "produce 1 KiB acks=1, 6 partitions, warm page cache" p6 6 1
  delete_topic p1
  produce all-warm "produce 1 KiB acks=all, 1 partition, warm page cache" p1 1 all
  consume c1 "consume 1 KiB from page cache, 1 partition" p1
  consume c2 "consume 1 KiB from page cache, 1 partition, again" p1
  measure e2e e2e "end-to-end 1 KiB at $E2E_RATE records/s" -- "${CLI[@]}" end-to-end --bootstrap-server "$BOOTSTRAP" \
    --topic e2e --partitions 1 --num-records "$((E2E_RATE * (E2E_SECONDS + 1)))" --record-size "$RECORD_SIZE" \
    --throughput "$E2E_RATE" --json
  recv_count
  stop_server
}

STARTED=$EPOCHSECONDS
echo "# Broker benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r);" \
  "$RECORDS records of $RECORD_SIZE bytes per throughput step (SCALE=$SCALE), $ROUNDS round(s) per build."
if command -v iperf3 >/dev/null; then
  iperf3 -s -1 -B 127.0.0.1 -p "$((PORT - 1))" >/dev/null 2>&1 &
  sleep 1
  echo
  echo "Loopback (iperf3, 10 s, one stream): $(iperf3 -c 127.0.0.1 -p "$((PORT - 1))" -t 10 -f g | awk '/receiver/ { print $(NF - 2), $(NF - 1) }')"
fi

for ROUND in $(seq 1 "$ROUNDS"); do
  [[ -n $BASELINE_REF ]] && run_all_steps "$BASE_SERVER" "$BASE_NAME"
  run_all_steps "$CURRENT_SERVER" "$CURRENT_NAME"
done

[[ -n ${RESULTS_FILE:-} ]] && cp "$RESULTS" "$RESULTS_FILE"
awk -F'\t' -v clk="$CLK_TCK" -v compare="$([[ -n $BASELINE_REF ]] && echo 1 || echo 0)" \
  -v base="${BASE_NAME:-}" -v current="$CURRENT_NAME" -f "$REPORT_AWK" "$RESULTS"
echo
echo "Whole run: $((EPOCHSECONDS - STARTED)) s."
