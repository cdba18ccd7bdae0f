#!/usr/bin/env bash
# Runs every suite: the .NET test projects, then each compat-tests/<client>/run.sh.
# Ends with one line "N passed, M failed" summing them all; exits non-zero if anything failed.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_ROOT"

passed=0
failed=0
status=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "== dotnet test"
dotnet test KafkaNet.sln -nologo 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# Failed test names, kept for the end: client logs printed by a failing test can be long.
failures="$(grep -E '^\s+Failed [A-Za-z]' "$log" || true)"
# vstest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
while read -r f p; do
  failed=$((failed + f)); passed=$((passed + p))
done < <(sed -nE 's/.*(Passed|Failed)!  - Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \3/p' "$log")
if ! grep -qE '(Passed|Failed)!  - Failed' "$log"; then
  echo "dotnet test ran no test project"
  status=1
fi

for suite in compat-tests/*/run.sh; do
  echo "== $suite"
  bash "$suite" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
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
[ -z "$failures" ] || printf 'Failed .NET tests:\n%s\n' "$failures"
echo "$passed passed, $failed failed"
exit "$status"
