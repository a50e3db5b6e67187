#!/usr/bin/env bash
# Installs a configured build directory into a temporary DESTDIR, checks
# that the tree holds everything a desktop needs, and launches the
# installed app from it (when an X display is available).
#
# Usage: scripts/check-install.sh BUILDDIR
set -euo pipefail

builddir=$(cd "${1:?usage: check-install.sh BUILDDIR}" && pwd)
destdir=$(mktemp -d "${TMPDIR:-/tmp}/descent-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT

fail () {
  echo "check-install: $*" >&2
  exit 1
}

meson install -C "$builddir" --destdir "$destdir" --no-rebuild --quiet >"$destdir.log" 2>&1 ||
  { cat "$destdir.log" >&2; rm -f "$destdir.log"; fail "meson install failed"; }
rm -f "$destdir.log"

prefix=$(meson introspect "$builddir" --buildoptions |
         /usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
root="$destdir$prefix"
share="$root/share"

expected=(
  bin/descent
  bin/descent-cli
  share/applications/org.descentlab.Descent.desktop
  share/metainfo/org.descentlab.Descent.metainfo.xml
  share/icons/hicolor/scalable/apps/org.descentlab.Descent.svg
  share/icons/hicolor/symbolic/apps/org.descentlab.Descent-symbolic.svg
  share/glib-2.0/schemas/org.descentlab.Descent.gschema.xml
  share/mime/packages/org.descentlab.Descent.xml
  share/locale/de/LC_MESSAGES/descent.mo
)
for f in "${expected[@]}"; do
  [ -e "$root/$f" ] || fail "missing $prefix/$f"
done

n_examples=$(find "$share/descent/examples" -name '*.descent.json' 2>/dev/null | wc -l)
[ "$n_examples" -ge 4 ] || fail "expected at least 4 example records in $prefix/share/descent/examples, found $n_examples"

# The installed files are valid as installed.
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/org.descentlab.Descent.desktop"
fi
glib-compile-schemas --strict --targetdir="$destdir" "$share/glib-2.0/schemas"
[ -s "$destdir/gschemas.compiled" ] || fail "the installed schema does not compile"

# The installed app starts and keeps running with its own data.
if [ -n "${DISPLAY:-}" ]; then
  log="$destdir/descent.log"
  XDG_DATA_DIRS="$share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
  GSETTINGS_SCHEMA_DIR="$destdir" \
  GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
  DESCENT_NON_UNIQUE=1 G_DEBUG=fatal-criticals \
    "$root/bin/descent" "$share/descent/examples/ntk.descent.json" >"$log" 2>&1 &
  pid=$!
  sleep 4
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" || true
    cat "$log" >&2
    fail "the installed descent exited early"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  if grep -E "CRITICAL|WARNING|Gtk-WARNING" "$log" >&2; then
    fail "the installed descent logged warnings"
  fi
fi

echo "check-install: $prefix tree complete (${#expected[@]} files, $n_examples examples)"
