#!/usr/bin/env bash
# Runs every suite: the .NET test projects, then each compat-tests/<client>/run.sh, then the short
# fuzz run against a live broker (tests/fuzz/run.sh).
# Ends with one line "N passed, M failed" summing them all; exits non-zero if anything failed.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_ROOT"

passed=0
failed=0
status=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Each suite's wall time, printed after it and again at the end, so a slow CI run shows where it went.
timings=""
suite_started=$SECONDS
suite_done() {
  local took=$((SECONDS - suite_started))
  echo "== $1: $((took / 60)) m $((took % 60)) s"
  timings="$timings$(printf '%5d s  %s' "$took" "$1")"$'\n'
  suite_started=$SECONDS
}

# Soak tests (a cluster under minutes of faults) load both cores on their own; they run after the
# others so neither starves the other's timing.
echo "== dotnet test"
dotnet test KafkaNet.sln -nologo --filter "Category!=Soak" 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
suite_done "dotnet test"
echo "== dotnet test (soak)"
soak_log="$(mktemp)"
dotnet test KafkaNet.sln -nologo --no-build --filter "Category=Soak" 2>&1 | tee "$soak_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
if ! grep -qE '(Passed|Failed)!  - Failed' "$soak_log"; then
  echo "dotnet test ran no soak test"
  status=1
fi
cat "$soak_log" >> "$log"
rm -f "$soak_log"
suite_done "dotnet test (soak)"
# Failed tests with the first lines of their messages, kept for the end: client logs printed by a
# failing test can be long.
failures="$(awk '/^ +Failed [A-Za-z]/ { print; shown = 0; inmsg = 1; next }
  inmsg && /^ +(Stack Trace|Standard Output Messages):/ { inmsg = 0 }
  inmsg && !/^ +Error Message:/ && shown < 6 { print "      " $0; shown++ }' "$log")"
# vstest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
while read -r f p; do
  failed=$((failed + f)); passed=$((passed + p))
done < <(sed -nE 's/.*(Passed|Failed)!  - Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \3/p' "$log")
if ! grep -qE '(Passed|Failed)!  - Failed' "$log"; then
  echo "dotnet test ran no test project"
  status=1
fi

# The suites run the Release server and CLI: built once here rather than once per suite. If this
# build fails, each suite builds them itself and reports the failure as its own.
if dotnet build src/KafkaNet.Server -c Release -nologo -v quiet >/dev/null \
  && dotnet build src/KafkaNet.Cli -c Release -nologo -v quiet >/dev/null; then
  export KAFKANET_RELEASE_BUILT=1
fi
suite_done "Release build of the server and the CLI"
for suite in compat-tests/*/run.sh tests/fuzz/run.sh; do
  echo "== $suite"
  bash "$suite" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  suite_done "$suite"
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    echo "$suite printed no result line"
    status=1
    continue
  fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
done

[ "$failed" -eq 0 ] || status=1
printf 'Wall time per suite:\n%s' "$timings"
[ -z "$failures" ] || printf 'Failed .NET tests:\n%s\n' "$failures"
echo "$passed passed, $failed failed"
exit "$status"
