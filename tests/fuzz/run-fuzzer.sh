#!/usr/bin/env bash
# Runs one libFuzzer harness for a while on a copy of its seed corpus and
# prints how many inputs it tried. Fails on any crash, leak or timeout.
# Usage: run-fuzzer.sh HARNESS SEED_DIR WORK_DIR SECONDS
set -euo pipefail
harness="$1" seeds="$2" work="$3" seconds="$4"
rm -rf "$work"
mkdir -p "$work"
cp "$seeds"/* "$work"/
cd "$work"
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 "$work" 2>"$work.log" || { tail -60 "$work.log"; exit 1; }
grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs' "$work.log"
