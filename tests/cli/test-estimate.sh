#!/usr/bin/env bash
# Memory against what is promised. The estimate of `descent-cli run
# --dry-run` against the peak resident memory the same run reaches: never
# below it, and at most three times it, for runs of every experiment from
# small to memory-heavy. Loading a large record peaks at no more than ten
# times its size, in the compact form and in the decimal form of version 1,
# and with as many short numbers outside its series as a record may hold.
# Speaks TAP. Usage: test-estimate.sh PATH/TO/descent-cli
set -u
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failures=0

if ldd "$cli" 2>/dev/null | grep -q 'libasan\|libtsan'; then
  echo "1..0 # SKIP sanitizers change how much memory a run holds"
  exit 0
fi

# peak resident set of one run, in bytes
peak_rss() {
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
PY
}

measure() {
  local name="$1"; shift
  local line est rss
  line=$("$cli" run "$@" --dry-run 2>&1)
  est=$(sed -n 's/.*(\([0-9]*\) bytes).*/\1/p' <<<"$line")
  if ! rss=$(peak_rss "$cli" run "$@" --quiet --out "$tmp/r.json"); then
    n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $name: the run failed"
    return
  fi
  n=$((n + 1))
  local ratio
  ratio=$(awk -v e="$est" -v r="$rss" 'BEGIN { printf "%.2f", e / r }')
  if [ -n "$est" ] && [ "$est" -ge "$rss" ] && [ "$est" -le $((3 * rss)) ]; then
    echo "ok $n - $name: estimate $((est >> 20)) MiB, peak $((rss >> 20)) MiB (×$ratio)"
  else
    failures=$((failures + 1))
    echo "not ok $n - $name: estimate ${est:-none} B, peak $rss B (×$ratio)"
  fi
}

# loading the record FILE peaks at no more than ten times its size
check_load() {
  local what="$1" file="$2" size rss ratio
  size=$(stat -c %s "$file")
  n=$((n + 1))
  if rss=$(peak_rss "$cli" info "$file"); then
    ratio=$(awk -v s="$size" -v r="$rss" 'BEGIN { printf "%.1f", r / s }')
    if [ "$rss" -le $((10 * size)) ]; then
      echo "ok $n - loading a $((size >> 20)) MiB $what peaks at $((rss >> 20)) MiB (×$ratio)"
    else
      failures=$((failures + 1))
      echo "not ok $n - loading a $((size >> 20)) MiB $what peaks at $((rss >> 20)) MiB (×$ratio)"
    fi
  else
    failures=$((failures + 1)); echo "not ok $n - descent-cli info of the $what failed"
  fi
}

measure "bias-variance, one wide random-features model" bias-variance \
  --set widths=1500 --set n_train=3000 --set n_test=200 --set trials=1
measure "bias-variance, two threads" bias-variance \
  --set widths=100,800 --set n_train=1500 --set n_test=500 --set trials=2 --set threads=2
measure "connectivity, small" connectivity \
  --set n_train=2000 --set steps=100 --set spawn=0 --set alpha_points=3
measure "connectivity, wide network on a large training set" connectivity \
  --set n_train=20000 --set n_test=1000 --set hidden=512 --set steps=30 --set spawn=0 \
  --set alpha_points=3 --set batch=100
if [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  measure "connectivity on Fashion-MNIST" connectivity --set dataset=fashion-mnist \
    --set n_train=2000 --set n_test=2000 --set steps=50 --set spawn=0 --set alpha_points=3
else
  n=$((n + 1)); echo "ok $n # SKIP Fashion-MNIST is not installed"
fi
measure "ntk, one wide network" ntk \
  --set widths=2048 --set n_train=32 --set orders=2 --set t_max=5 --set t_points=4
measure "pruning, strong lottery ticket" pruning
measure "pruning, iterative magnitude pruning" pruning \
  --set mode=imp --set n_train=1000 --set steps=200

# records of 8 million numbers: the shortest decimals there are, and the
# compact form of the same numbers
/usr/bin/python3 - "$tmp" <<'PY'
import base64, json, struct, sys
rows, cols = 2000, 4000
values = [i % 2 for i in range(rows * cols)]
def record(version, matrix_values):
    return {"format": "descent-record", "version": version, "experiment": "pruning",
            "status": "complete", "params": {}, "provenance": {}, "series": [],
            "plots": [{"id": "h", "title": "H", "kind": "heatmap",
                       "x_axis": {"label": "x", "scale": "linear"},
                       "y_axis": {"label": "y", "scale": "linear"}, "series": [],
                       "matrix": {"rows": rows, "cols": cols, "values": matrix_values}}]}
with open(sys.argv[1] + "/decimal.json", "w") as f:
    json.dump(record(1, values), f, separators=(",", ":"))
encoded = base64.b64encode(struct.pack("<%dd" % len(values), *values)).decode()
with open(sys.argv[1] + "/compact.json", "w") as f:
    json.dump(record(2, {"f64le": encoded}), f)
PY
for form in decimal compact; do
  check_load "$form record" "$tmp/$form.json"
  if rss=$(peak_rss "$cli" plot "$tmp/$form.json" --out "$tmp/$form.png"); then
    echo "# loading and drawing it as PNG peaks at $((rss >> 20)) MiB"
  fi
done

# values json-glib keeps as nodes (everything outside the long number
# arrays of series and heat maps): an 8 MiB record with as many short
# numbers in its extra values as a record of that size may hold loads
# within ten times its size; one with 4 million of them is refused
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
def record(rows, note):
    return {"format": "descent-record", "version": 1, "experiment": "pruning",
            "status": "complete", "params": {}, "provenance": {}, "series": [], "plots": [],
            "extra": {"rows": rows, "note": note}}
size = 8 << 20
rows = [0] * (65536 + size // 64 - 1000)
with open(sys.argv[1] + "/nodes.json", "w") as f:
    json.dump(record(rows, "n" * (size - 2 * len(rows))), f, separators=(",", ":"))
with open(sys.argv[1] + "/too-many-nodes.json", "w") as f:
    json.dump(record([0] * (4 << 20), ""), f, separators=(",", ":"))
PY
check_load "record of short numbers in extra values" "$tmp/nodes.json"
n=$((n + 1))
if "$cli" info "$tmp/too-many-nodes.json" >/dev/null 2>"$tmp/err"; then
  failures=$((failures + 1)); echo "not ok $n - a record of 4 million extra values was loaded"
elif grep -q "too many values" "$tmp/err"; then
  echo "ok $n - a record of 4 million extra values is refused: $(head -c 200 "$tmp/err")"
else
  failures=$((failures + 1)); echo "not ok $n - a record of 4 million extra values: $(head -c 200 "$tmp/err")"
fi

echo "1..$n"
[ "$failures" -eq 0 ]
