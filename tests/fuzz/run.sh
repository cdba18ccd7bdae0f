#!/usr/bin/env bash
# Short fuzz run for CI: builds the server and the harness, then sends mutated requests from
# every frame source to a broker on 127.0.0.1 for FUZZ_DURATION (default 100 s) with a fixed
# seed, and checks the invariants (docs/fuzzing.md). Its last line is "N passed, M failed".
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO_ROOT"

# tests/test.sh has built the server already when it sets KAFKANET_RELEASE_BUILT.
if [ -z "${KAFKANET_RELEASE_BUILT:-}" ]; then
  dotnet build src/KafkaNet.Server -c Release -nologo -v quiet >/dev/null || { echo "server build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
dotnet build tests/KafkaNet.Fuzz -c Release -nologo -v quiet >/dev/null || { echo "fuzz harness build failed"; echo "0 passed, 1 failed"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The harness stops itself: frames run for the duration, every invariant has its own time limit.
timeout 900 dotnet tests/KafkaNet.Fuzz/bin/Release/net10.0/kafkanet-fuzz.dll \
  --seed "${FUZZ_SEED:-20261204}" --duration "${FUZZ_DURATION:-100s}" --connections 4 --pipeline 8 \
  --work-dir "$work/broker" --quiet
status=$?
if [ "$status" -eq 124 ]; then
  echo "the fuzz harness ran past 15 minutes"
  echo "0 passed, 1 failed"
fi
if [ "$status" -ne 0 ] && [ -d "$work/broker" ]; then
  # Keep the broker's log for whoever reads the CI output.
  # Warnings and failures first (with the line after: the message), then the end of the log.
  grep -h -A1 -E "^[0-9-]+ [0-9:]+ (warn|fail|crit):" "$work"/broker/server-*.log 2>/dev/null | head -n 80
  tail -n 40 "$work"/broker/server-*.log 2>/dev/null
fi
exit "$status"
