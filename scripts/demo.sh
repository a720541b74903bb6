#!/usr/bin/env bash
# make demo: start the bundled demo shop on a free loopback port, run the seed
# guide's WebUser headless against it exactly as the guide runs Locust, print
# the report, and run the guide's threshold check on the CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
GUST=${GUST:-bin/gust}
tmp=$(mktemp -d)
"$GUST" demo-target >"$tmp/target.out" 2>"$tmp/target.err" &
target=$!
cleanup() { kill "$target" 2>/dev/null || true; wait "$target" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  url=$(sed -n 's/^shop listening on //p' "$tmp/target.out")
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "${url:-}" ]; then echo "demo target did not start:"; cat "$tmp/target.err"; exit 1; fi
echo "demo target: $url"
mkdir -p results
set +e
"$GUST" -f examples/seed/seed_web_user.py --host "$url" --headless -u 20 -r 10 -t 15s --csv results/locust_report
code=$?
set -e
echo "gust exited with code $code; CSV files:"
ls -1 results/locust_report_*.csv
if command -v python3 >/dev/null 2>&1; then
  echo "threshold check (the seed guide's check_thresholds.py, unchanged):"
  python3 examples/seed/check_thresholds.py
else
  echo "python3 not found: skipping the threshold check"
fi
exit "$code"
