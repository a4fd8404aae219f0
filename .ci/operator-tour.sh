#!/usr/bin/env bash
# Runs README.md's operator tour exactly as written, from the repository's root, against the
# bibliotheca jar that `mvn -B verify` built. The only thing added is the wait a reader does by eye
# between starting the service and the first curl. Every command must succeed, and each step's
# answer must say what the README says it does. Bounded: the service is stopped at the end, and
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=examples/bibliotheca/target/bibliotheca.jar
[ -f "$jar" ] || { echo "operator-tour: $jar is missing; run mvn -B verify first" >&2; exit 1; }
if curl -s -o /dev/null --max-time 2 127.0.0.1:8080/ping; then
  echo "operator-tour: something already answers on 127.0.0.1:8080; stop it first" >&2
  exit 1
fi

block=$(sed -n '/<!-- operator-tour:begin -->/,/<!-- operator-tour:end -->/p' README.md \
  | sed '1,2d;$d' | sed '$d')
[ -n "$block" ] || { echo "operator-tour: no tour block in README.md" >&2; exit 1; }

work=$(mktemp -d)
script="$work/tour.sh"
{
  echo 'set -euo pipefail'
  echo 'trap '\''kill %1 2>/dev/null || true'\'' EXIT'
  while IFS= read -r line; do
    printf 'echo %q\n' "tour\$ $line"
    echo "$line"
    if [[ "$line" == *'&' ]]; then
      # what a reader does by eye: wait until the service answers (at most 60 s)
      echo 'for _ in $(seq 1 120); do curl -s -o /dev/null 127.0.0.1:8080/ping && break; sleep 0.5; done'
    fi
  done <<< "$block"
} > "$script"

if [ -e data ]; then
  echo "operator-tour: ./data exists; the tour would start bibliotheca on it and remove it at the" \
    "end, so move it aside first" >&2
  exit 1
fi
bash "$script" > "$work/out.log" 2> "$work/err.log" || {
  echo "operator-tour: a step failed" >&2; cat "$work/out.log" "$work/err.log" >&2; exit 1; }
cat "$work/out.log"

expect() {
  grep -qF -- "$1" "$work/out.log" || {
    echo "operator-tour: expected \"$1\" in the tour's output" >&2; cat "$work/err.log" >&2; exit 1; }
}
expect '{"status":"ok"'
expect '"scheduler":'
expect '{"reset":"jobs/overdue-reminders"}'
expect 'checksum status:  pass'
expect 'restore result:   restored'
expect 'LAST DRILL'
expect 'checked after the restore: row counts match the manifest'
rm -rf data "$work"
echo "operator-tour: every step of README.md's tour ran as written"
