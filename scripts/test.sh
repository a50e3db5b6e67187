#!/usr/bin/env bash
# Sets up, builds and runs every test: a warnings-as-errors build, an
# AddressSanitizer + UBSan build, a ThreadSanitizer build of the unit and
# CLI tests and a clang build that fuzzes the untrusted parsers. GUI tests
# run under xvfb-run. Ends with one line "N passed, N failed" counted from
# meson's test logs.
set -uo pipefail
cd "$(dirname "$0")/.."

export OPENBLAS_NUM_THREADS=1
export GSK_RENDERER=cairo GDK_BACKEND=x11 GTK_A11Y=none GSETTINGS_BACKEND=memory
export NO_AT_BRIDGE=1

passed=0
failed=0

count() {
  local log="$1/meson-logs/testlog.json" p f
  read -r p f < <(/usr/bin/python3 scripts/count-tests.py "$log")
  passed=$((passed + p))
  failed=$((failed + f))
}

run_suite() {
  local dir="$1"; shift
  if ! BUILDDIR="$dir" scripts/setup.sh "$@"; then
    echo "build in $dir failed"
    failed=$((failed + 1))
    return
  fi
  rm -f "$dir/meson-logs/testlog.json"
  xvfb-run -a -s "-screen 0 1280x800x24" \
    meson test -C "$dir" --print-errorlogs --num-processes 2 || true
  count "$dir"
}

run_suite build -Dwerror=true
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
  run_suite build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# ThreadSanitizer: the unit tests and the CLI tests, threaded runs and
# runs stopped by a signal among them.
tsan_targets="src/cli/descent-cli $(ls tests/test-*.c | sed 's/\.c$//')"
if BUILDDIR=build-tsan TARGETS="$tsan_targets" \
     scripts/setup.sh -Db_sanitize=thread -Dgui_tests=false -Dbuildtype=debugoptimized; then
  rm -f build-tsan/meson-logs/testlog.json
  # ThreadSanitizer makes the training loops 5-15 times slower.
  meson test -C build-tsan --no-rebuild --suite unit --suite cli --print-errorlogs --num-processes 2 \
    --timeout-multiplier 3 || true
  count build-tsan
else
  echo "build in build-tsan failed"
  failed=$((failed + 1))
fi

# libFuzzer harnesses of the record loader, the IDX loader and the --set
# parser, built with clang under ASan + UBSan, each fuzzed for a minute.
fuzz_targets="tests/fuzz/fuzz-record tests/fuzz/fuzz-idx tests/fuzz/fuzz-params"
if EXTRA_PACKAGES="clang-14 libclang-rt-14-dev" CC=clang-14 BUILDDIR=build-fuzz TARGETS="$fuzz_targets" \
     scripts/setup.sh -Dfuzzing=true -Dgui_tests=false -Db_sanitize=address,undefined \
     -Db_lundef=false -Dbuildtype=debug -Dfuzz_seconds="${FUZZ_SECONDS:-60}"; then
  rm -f build-fuzz/meson-logs/testlog.json
  meson test -C build-fuzz --no-rebuild --suite fuzz --print-errorlogs || true
  grep -H 'number_of_executed_units' build-fuzz/tests/fuzz/corpus-*.log || true
  count build-fuzz
else
  echo "build in build-fuzz failed"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
