#!/usr/bin/env bash
# Regenerates the example records in data/examples/: each experiment's
# default run with seed 1, plus a few runs worth reviewing (an IMP pruning
# run and a Fashion-MNIST bias-variance run). The app offers them under
# "Open Example"; they open without recomputing.
#
# Usage: scripts/make-examples.sh [BUILDDIR]   (default: build)
# Takes several minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

builddir=${1:-build}
cli="$builddir/src/cli/descent-cli"
out=data/examples

if [ ! -x "$cli" ]; then
  echo "make-examples: $cli not found; build it first (ninja -C $builddir src/cli/descent-cli)" >&2
  exit 2
fi

mkdir -p "$out"

run () {
  local name=$1
  shift
  echo "== $name" >&2
  local start=$SECONDS
  "$cli" run "$@" --seed 1 --quiet --out "$out/$name.descent.json"
  echo "   $(( SECONDS - start )) s, $(du -h "$out/$name.descent.json" | cut -f1)" >&2
}

for experiment in $("$cli" list | grep -E '^[a-z-]+ — ' | cut -d' ' -f1); do
  run "$experiment" "$experiment"
done

run pruning-imp pruning --set mode=imp

if [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  run bias-variance-fashion-mnist bias-variance \
    --set dataset=fashion-mnist --set n_train=2000 --set n_test=2000 \
    --set downsample=2 --set widths=20:20000:13 --set trials=5
else
  echo "make-examples: Fashion-MNIST is not installed (apt install dataset-fashion-mnist); skipping its example" >&2
fi

# Records well under 2 MB keep the source tree small.
for f in "$out"/*.descent.json; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 2000000 ]; then
    echo "make-examples: $f is $size bytes (over 2 MB)" >&2
    exit 1
  fi
done
