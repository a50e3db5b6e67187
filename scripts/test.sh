#!/usr/bin/env bash
# Sets up, builds and runs every test: a warnings-as-errors build, then an
# AddressSanitizer + UBSan build. GUI tests run under xvfb-run. Ends with one
# line "N passed, N failed" counted from meson's test logs.
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
