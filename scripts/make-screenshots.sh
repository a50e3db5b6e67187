#!/usr/bin/env bash
# Regenerates the screenshots in data/screenshots/ (1280×800, SIZE=WxH for
# another) from the example records: the welcome page, light and dark
# styles, German, the pruning page, an overlay and a narrow window.
# Needs Xvfb and ImageMagick (scripts/setup.sh installs them).
#
# Usage: [ONLY=name] scripts/make-screenshots.sh [BUILDDIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
builddir=$(cd "${1:-build}" && pwd)
app="$builddir/src/app/descent"
examples="$root/data/examples"
out="$root/data/screenshots"

[ -x "$app" ] || { echo "make-screenshots: build $app first" >&2; exit 2; }
command -v xdotool >/dev/null || { echo "make-screenshots: needs xdotool (apt install xdotool)" >&2; exit 2; }

# shot NAME DARK(0|1) LANGUAGE DETAILS(true|false) EXPERIMENT RECORD...
# With RUN=seconds in the environment, presses Ctrl+Return (Run) instead of
# opening a record, and waits that long: the plots then carry the texts of
# the app's language rather than those saved in the record. SCROLL=n turns
# the mouse wheel n times over the plot column, to show its lower plots.
shot () {
  local name=$1 dark=$2 language=$3 details=$4 experiment=$5
  shift 5
  # ONLY=name regenerates one screenshot.
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ]; then
    return 0
  fi
  local config
  config=$(mktemp -d)
  local style=light
  [ "$dark" = 1 ] && style=dark
  mkdir -p "$config/glib-2.0/settings"
  printf "[org/descentlab/Descent]\ndetails-visible=%s\nlast-experiment='%s'\nstyle='%s'\nshow-welcome=%s\n" \
    "$details" "$experiment" "$style" "${WELCOME:-false}" >"$config/glib-2.0/settings/keyfile"

  echo "== $name" >&2
  XDG_CONFIG_HOME="$config" GSETTINGS_BACKEND=keyfile \
  GSETTINGS_SCHEMA_DIR="$builddir/data" DESCENT_LOCALEDIR="$builddir/po" \
  LANG=C.UTF-8 LANGUAGE="$language" \
  GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 DESCENT_NON_UNIQUE=1 \
  RUN=${RUN:-0} SCROLL=${SCROLL:-0} XDG_DATA_HOME="$config" \
    xvfb-run -a -s "-screen 0 ${SIZE:-1280x800}x24" bash -c '
      "$0" "${@:2}" &
      pid=$!
      sleep 5
      if [ "$RUN" -gt 0 ]; then
        xdotool mousemove 100 700 sleep 0.5 key ctrl+Return mousemove 1279 799
        sleep "$RUN"
      fi
      # Wheel turns in the margin left of the plots scroll the plot column.
      if [ "$SCROLL" -gt 0 ]; then
        xdotool mousemove 632 400 click --repeat "$SCROLL" --delay 100 5 sleep 1 mousemove 1279 799 sleep 2
      fi
      import -window root "$1"
      kill $pid' "$app" "$out/$name.png" "$@"
  rm -rf "$config"
}

WELCOME=true shot welcome 0 en false bias-variance
shot light 0 en false bias-variance "$examples/bias-variance.descent.json"
shot connectivity 0 en false connectivity "$examples/connectivity.descent.json"
shot ntk 0 en false ntk "$examples/ntk.descent.json"
SIZE=800x600 shot narrow 0 en false connectivity "$examples/connectivity.descent.json"
shot dark 1 en true connectivity "$examples/connectivity.descent.json"
RUN=20 shot german 0 de false ntk
SCROLL=10 shot pruning 0 en false pruning "$examples/pruning.descent.json"
shot overlay 0 en true bias-variance "$examples/bias-variance.descent.json" \
  "$examples/bias-variance-fashion-mnist.descent.json"
