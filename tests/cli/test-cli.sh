#!/usr/bin/env bash
# descent-cli end to end: exit codes, error messages, records and plots.
# Speaks TAP. Usage: test-cli.sh PATH/TO/descent-cli
set -u
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failures=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"; }
check() { local name="$1"; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

small=(--set n_train=400 --set n_test=200 --set hidden=16 --set steps=80
       --set spawn=0,10 --set alpha_points=5 --set batch=40 --quiet)

# exit code and stderr of one call
run() { "$cli" "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }

check "list names connectivity and its keys" \
  bash -c "'$cli' list | grep -q '^connectivity' && '$cli' list | grep -q 'alpha_points'"

check "list and run --help say when a parameter applies" \
  bash -c "'$cli' list | grep -A1 '^    score_lr ' | grep -q 'only when mode=strong,finder=edge-popup' &&
           '$cli' run pruning --help | grep -A1 '^    rounds ' | grep -q 'only when mode=imp'"

code=$(run)
check "no command is a usage error (2)" test "$code" = 2

code=$(run frobnicate)
check "unknown command exits 2" test "$code" = 2

code=$(run run no-such-experiment)
check "unknown experiment exits 2 and names it" \
  bash -c "[ $code = 2 ] && grep -q 'no-such-experiment' '$tmp/err'"

code=$(run run connectivity --set no_such_key=1)
check "unknown key exits 2 and names it" \
  bash -c "[ $code = 2 ] && grep -q 'no_such_key' '$tmp/err'"

# every command describes itself; run EXPERIMENT --help lists its parameters
for command in list run plot info export bench; do
  code=$(run $command --help)
  check "$command --help exits 0 with its usage" \
    bash -c "[ $code = 0 ] && grep -q 'descent-cli $command' '$tmp/out'"
done
code=$(run run --help)
check "run --help names the experiments" \
  bash -c "grep -q 'connectivity' '$tmp/out' && grep -q -- '--dry-run' '$tmp/out'"
code=$(run run pruning --help)
check "run pruning --help lists its parameters" \
  bash -c "[ $code = 0 ] && grep -q 'Parameters of pruning' '$tmp/out' && grep -q 'rewind' '$tmp/out'"
code=$(run plot "$tmp/none.json" --width 5)
check "a bad option value exits 2 and says where the help is" \
  bash -c "[ $code = 2 ] && grep -q 'width' '$tmp/err' && grep -q 'plot --help' '$tmp/err'"
code=$(run run connectivity --no-such-option)
check "an unknown option exits 2 and names it" \
  bash -c "[ $code = 2 ] && grep -q 'no-such-option' '$tmp/err'"

code=$(run run connectivity --set lr=50)
check "out-of-range value exits 2 and gives the range" \
  bash -c "[ $code = 2 ] && grep -q 'lr' '$tmp/err' && grep -q '10' '$tmp/err'"

code=$(run run connectivity --set init=sideways)
check "bad choice exits 2 and lists the choices" \
  bash -c "[ $code = 2 ] && grep -q 'independent' '$tmp/err'"

code=$(run run connectivity --plot "$tmp/x.bmp")
check "unknown plot format exits 2" test "$code" = 2

code=$(run run connectivity "${small[@]}" --seed 3 --out "$tmp/a.json" --plot "$tmp/a.svg")
check "small run exits 0" test "$code" = 0
check "record written" grep -q '"format" : "descent-record"\|"format": "descent-record"' "$tmp/a.json"
check "svg written" grep -q '<svg' "$tmp/a.svg"

code=$(run run connectivity "${small[@]}" --seed 3 --out "$tmp/b.json")
series() { /usr/bin/python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['series']))" "$1"; }
check "same seed gives identical series" test "$(series "$tmp/a.json")" = "$(series "$tmp/b.json")"

code=$(run run connectivity "${small[@]}" --seed 4 --out "$tmp/c.json")
check "another seed gives other series" test "$(series "$tmp/a.json")" != "$(series "$tmp/c.json")"

for fmt in png pdf svg; do
  code=$(run plot "$tmp/a.json" --out "$tmp/p.$fmt")
  check "plot to $fmt exits 0" test "$code" = 0
done
check "png signature" bash -c "head -c 8 '$tmp/p.png' | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a'"
check "pdf header" bash -c "head -c 5 '$tmp/p.pdf' | grep -q '%PDF-'"

code=$(run plot "$tmp/a.json" --out "$tmp/one.png" --plot-id instability --width 400 --height 300)
check "single plot by id" test "$code" = 0

code=$(run plot "$tmp/a.json" --out "$tmp/one.png" --plot-id nope)
check "unknown plot id exits 2 and lists the plots" \
  bash -c "[ $code = 2 ] && grep -q 'instability' '$tmp/err'"

code=$(run info "$tmp/a.json")
check "info names the experiment and the plots" \
  bash -c "[ $code = 0 ] && grep -q '^experiment  connectivity' '$tmp/out' && grep -q 'instability' '$tmp/out'"

printf '{"format": "descent-record", "version": 1, ' > "$tmp/bad.json"
code=$(run plot "$tmp/bad.json" --out "$tmp/bad.png")
check "malformed record exits 2 with file and line" \
  bash -c "[ $code = 2 ] && grep -q 'bad.json' '$tmp/err' && grep -qi 'line' '$tmp/err'"
check "no output file for a bad record" test ! -e "$tmp/bad.png"
code=$(run info "$tmp/bad.json")
check "info of a malformed record exits 2 with file and line" \
  bash -c "[ $code = 2 ] && grep -q 'bad.json' '$tmp/err' && grep -qi 'line' '$tmp/err'"

code=$(run plot "$tmp/missing.json" --out "$tmp/m.png")
check "missing record exits 2" test "$code" = 2

# export --csv: one file per plot of an example record, named after it
example="${G_TEST_SRCDIR:-$(dirname "$0")/..}/../data/examples/bias-variance.descent.json"
code=$(run export "$example" --csv "$tmp/csv/made")
check "export --csv of an example exits 0 and lists the files" \
  bash -c "[ $code = 0 ] && [ \$(wc -l <'$tmp/out') = 2 ] &&
           grep -qx '$tmp/csv/made/risk.csv' '$tmp/out' && grep -qx '$tmp/csv/made/error.csv' '$tmp/out'"
check "export --csv writes a header, the parameters and every point" \
  bash -c "grep -qx 'series,label,x,y,err' '$tmp/csv/made/risk.csv' &&
           grep -q '^# parameters: seed=1 .*widths=4,6,10,' '$tmp/csv/made/risk.csv' &&
           [ \$(grep -c '^risk,' '$tmp/csv/made/risk.csv') = 16 ]"
code=$(run export "$tmp/a.json" --csv "$tmp/csv/a" --quiet)
check "export --csv --quiet of a fresh run prints nothing and writes each plot" \
  bash -c "[ $code = 0 ] && [ ! -s '$tmp/out' ] && [ -s '$tmp/csv/a/instability.csv' ] &&
           [ \$(ls '$tmp/csv/a' | wc -l) = \$('$cli' info '$tmp/a.json' | grep -c '^plot ') ]"
code=$(run export "$tmp/missing.json" --csv "$tmp/csv/m")
check "export of a missing record exits 2 and names it" \
  bash -c "[ $code = 2 ] && grep -q 'missing.json' '$tmp/err' && [ ! -e '$tmp/csv/m' ]"
code=$(run export "$example")
check "export without --csv is a usage error (2) that names it" \
  bash -c "[ $code = 2 ] && grep -q -- '--csv' '$tmp/err'"
code=$(run export --csv "$tmp/csv/n")
check "export without a record is a usage error (2)" test "$code" = 2
code=$(run export "$example" "$tmp/a.json" --csv "$tmp/csv/n")
check "export of two records is a usage error (2)" test "$code" = 2
touch "$tmp/csv/plain"
code=$(run export "$example" --csv "$tmp/csv/plain/sub")
check "export into a folder that cannot be made exits 1 and names it" \
  bash -c "[ $code = 1 ] && grep -q 'plain/sub' '$tmp/err'"
check "the usage lists export" bash -c "'$cli' --help | grep -q 'descent-cli export RECORD.json --csv DIR'"

code=$(run run connectivity "${small[@]}" --set lr=10 --set momentum=0.99 --out "$tmp/div.json")
check "diverging run exits 1 and says why" \
  bash -c "[ $code = 1 ] && grep -qi 'diverged' '$tmp/err'"
check "diverging run still saves a failed record" grep -q '"failed"' "$tmp/div.json"

code=$(run run connectivity "${small[@]}" --set dataset=/nonexistent/images-idx3-ubyte)
check "missing data file exits 1 naming the file" \
  bash -c "[ $code = 1 ] && grep -q 'nonexistent' '$tmp/err'"

# Output paths are checked before any work is done.
big=(--set steps=100000 --set n_train=4000 --quiet)
start=$(date +%s%N)
code=$(run run connectivity "${big[@]}" --out "$tmp/no-such-folder/a.json")
took=$(( ($(date +%s%N) - start) / 1000000 ))
check "record in a missing folder exits 2 at once (${took} ms)" \
  bash -c "[ $code = 2 ] && [ $took -lt 2000 ] && grep -q 'no-such-folder' '$tmp/err'"
code=$(run run connectivity "${big[@]}" --plot "$tmp/no-such-folder/a.svg")
check "plot in a missing folder exits 2" \
  bash -c "[ $code = 2 ] && grep -q 'no-such-folder' '$tmp/err'"
code=$(run run connectivity "${big[@]}" --out "$tmp")
check "record path that is a folder exits 2" test "$code" = 2
code=$(run plot "$tmp/a.json" --out "$tmp/no-such-folder/x.png")
check "plot --out in a missing folder exits 2" test "$code" = 2
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  mkdir -p "$tmp/ro"
  code=$(unshare -m sh -c "mount -t tmpfs -o ro tmpfs '$tmp/ro' && '$cli' run connectivity ${big[*]} --out '$tmp/ro/a.json'" \
         >"$tmp/out" 2>"$tmp/err"; echo $?)
  check "record on a read-only file system exits 2 before the run" \
    bash -c "[ $code = 2 ] && grep -qi 'read-only' '$tmp/err'"
else
  n=$((n + 1)); echo "ok $n # SKIP read-only mount needs root and unshare"
fi

# Numbers are decimal; constraints between parameters are usage errors.
code=$(run run connectivity "${small[@]}" --set n_train=0x100)
check "hexadecimal integer exits 2" test "$code" = 2
code=$(run run connectivity "${small[@]}" --set lr=0x1p-4)
check "hexadecimal float exits 2" test "$code" = 2
code=$(run run connectivity "${small[@]}" --set lr=nan)
check "nan exits 2" test "$code" = 2
code=$(run run connectivity "${small[@]}" --set lr=5e-2 --dry-run)
check "decimal exponent accepted" test "$code" = 0
start=$(date +%s%N)
code=$(run run connectivity --set spawn=5000 --set steps=100)
took=$(( ($(date +%s%N) - start) / 1000000 ))
check "spawn past the end of training exits 2 before the run (${took} ms)" \
  bash -c "[ $code = 2 ] && [ $took -lt 2000 ] && grep -q 'spawn' '$tmp/err'"

# every experiment checks its parameters against each other before it starts
usage_error() {
  local name="$1" word="$2"; shift 2
  local start=$(date +%s%N)
  local code=$(run run "$@" --out "$tmp/usage.json")
  local took=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$name exits 2 before the run, naming “$word” (${took} ms)" \
    bash -c "[ $code = 2 ] && [ $took -lt 2000 ] && grep -q '$word' '$tmp/err' && [ ! -e '$tmp/usage.json' ]"
}
usage_error "a batch larger than the training set" batch connectivity --set n_train=100 --set batch=200
usage_error "pruning: a batch larger than the training set" batch pruning --set mode=imp \
  --set n_train=100 --set batch=200
usage_error "pruning: rewinding past the end of training" rewind pruning --set mode=imp \
  --set steps=100 --set rewind=100
usage_error "pruning: a random network too narrow for the subset sums" overparam pruning \
  --set mode=strong --set overparam=1 --set input_dim=64
usage_error "ntk: order 3 with ReLU" activation ntk --set activation=relu --set orders=2,3
# an IDX file of 150 images of 2×2 pixels with its labels beside it
/usr/bin/python3 - "$tmp" <<'PY'
import struct, sys
n = 150
with open(sys.argv[1] + "/tiny-images-idx3-ubyte", "wb") as f:
    f.write(struct.pack(">IIII", 0x803, n, 2, 2) + bytes((i * 7) % 256 for i in range(4 * n)))
with open(sys.argv[1] + "/tiny-labels-idx1-ubyte", "wb") as f:
    f.write(struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n)))
PY
usage_error "bias-variance: more points than an IDX file holds" n_train bias-variance \
  --set dataset="$tmp/tiny-images-idx3-ubyte" --set n_train=100 --set n_test=100
code=$(run run bias-variance --set widths=4000 --set n_train=60000 --set dataset=fashion-mnist \
       --set n_test=100 --dry-run)
check "dry run prints the work units and the peak memory" \
  bash -c "[ $code = 0 ] && grep -q 'work units, peak memory about' '$tmp/out' '$tmp/err'"
if ldd "$cli" 2>/dev/null | grep -q 'libasan\|libtsan'; then
  n=$((n + 1)); echo "ok $n # SKIP sanitizers reserve more address space than the limit"
else
  code=$(bash -c "ulimit -v 2000000; '$cli' run bias-variance --set widths=4000 --set n_train=50000 \
         --set dataset=fashion-mnist --set n_test=100 --out '$tmp/big.json'" >"$tmp/out" 2>"$tmp/err"; echo $?)
  check "a run larger than the address-space limit exits 2 naming the estimate and the parameter" \
    bash -c "[ $code = 2 ] && grep -q 'needs about' '$tmp/err' && grep -q 'ulimit' '$tmp/err' && [ ! -e '$tmp/big.json' ]"
fi

# Ctrl+C and SIGTERM end any run within a second, also inside one long
# LAPACK call, and save what is finished as a valid, cancelled record.
stop_within() {
  local name="$1" delay="$2" signal="$3"; shift 3
  rm -f "$tmp/stop.json"
  "$cli" run "$@" --out "$tmp/stop.json" --quiet >/dev/null 2>"$tmp/err" &
  local pid=$!
  sleep "$delay"
  local start=$(date +%s%N)
  kill "-$signal" "$pid"
  wait "$pid"
  local code=$?
  local took=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$name: $signal after ${delay} s ends in ${took} ms with a valid record" \
    bash -c "[ $code = 1 ] && [ $took -lt 1000 ] && grep -q '\"cancelled\"' '$tmp/stop.json' &&
             '$cli' plot '$tmp/stop.json' --out '$tmp/stop.png'"
}
stop_within "bias-variance inside LAPACK" 1.5 INT bias-variance --set widths=2000 \
  --set n_train=8000 --set n_test=50 --set trials=1 --set threads=1
stop_within "bias-variance inside LAPACK" 2.5 TERM bias-variance --set widths=2000 \
  --set n_train=8000 --set n_test=50 --set trials=1 --set threads=1
# at a random moment of a default run (each takes several seconds), with
# one worker thread and with two
for threads in 1 2; do
  for run in connectivity ntk "pruning --set mode=imp" bias-variance; do
    delay=$(awk -v s=$RANDOM 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 1.5 }')
    stop_within "${run%% *}, $threads threads" "$delay" INT $run --set threads=$threads
  done
done

echo "1..$n"
[ "$failures" -eq 0 ]
