#!/usr/bin/env bash
# Broker throughput and latency with the perf tool, next to the loopback limit (iperf3).
# Usage: bash docs/benchmarks/broker-perf.sh   (needs iperf3: apt-get install iperf3)
# Prints one markdown table row per run; peak RSS is the server's VmHWM after each group.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO_ROOT"
dotnet build src/KafkaNet.Server -c Release -v q -nologo >/dev/null
dotnet build src/KafkaNet.Cli -c Release -v q -nologo >/dev/null
SERVER="$REPO_ROOT/src/KafkaNet.Server/bin/Release/net10.0/kafkanet-server.dll"
CLI=(dotnet "$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll" perf)
WORK="$(mktemp -d)"
PORT=19099
B="127.0.0.1:$PORT"
trap 'kill -9 "${PID:-0}" 2>/dev/null; rm -rf "$WORK"' EXIT

echo "## loopback (iperf3, 10 s, one stream)"
iperf3 -s -1 -B 127.0.0.1 -p 19098 >/dev/null 2>&1 &
sleep 1
iperf3 -c 127.0.0.1 -p 19098 -t 10 -f g | grep -E 'receiver'

start() {
  rm -rf "$WORK/data"
  dotnet "$SERVER" --override "listeners=PLAINTEXT://$B" --override "log.dirs=$WORK/data" "$@" >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)))" && return; sleep 0.1; done
}
rss() { awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$PID/status"; }
stop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null; }
produce() { # name topic partitions records size acks codec [throughput]
  local line
  line="$("${CLI[@]}" produce --bootstrap-server "$B" --topic "$2" --partitions "$3" --num-records "$4" --record-size "$5" --acks "$6" --compression "$7" --throughput "${8:--1}" 2>/dev/null | tail -n 1)"
  echo "| $1 | $line |"
}

echo "## produce"
start
produce "1 KiB, acks=1, 1 partition" p1 1 500000 1024 1 none
produce "1 KiB, acks=all, 1 partition" p2 1 500000 1024 all none
produce "1 KiB, acks=1, 6 partitions" p6 6 500000 1024 1 none
produce "1 KiB, acks=all, 6 partitions" p6b 6 500000 1024 all none
produce "100 B, acks=1, 1 partition" s1 1 2000000 100 1 none
produce "100 B, acks=all, 6 partitions" s6 6 2000000 100 all none
produce "1 KiB, acks=1, lz4" c1 1 500000 1024 1 lz4
produce "1 KiB, acks=1, zstd" c2 1 500000 1024 1 zstd
produce "1 KiB, acks=all, 50 MB/s target" l1 1 500000 1024 all none 51200
echo "peak RSS after produce runs: $(rss)"

echo "## consume (zero-copy sendfile)"
for i in 1 2 3; do "${CLI[@]}" consume --bootstrap-server "$B" --topic p6 --messages 500000 2>/dev/null | tail -n 1; done
echo "peak RSS: $(rss)"
stop

echo "## consume (copy path, kafkanet.fetch.zero.copy=false)"
start --override kafkanet.fetch.zero.copy=false
"${CLI[@]}" produce --bootstrap-server "$B" --topic p6 --partitions 6 --num-records 500000 --record-size 1024 --acks 1 >/dev/null 2>&1
for i in 1 2 3; do "${CLI[@]}" consume --bootstrap-server "$B" --topic p6 --messages 500000 2>/dev/null | tail -n 1; done
echo "peak RSS: $(rss)"
stop
