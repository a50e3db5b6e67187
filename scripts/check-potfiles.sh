#!/usr/bin/env bash
# Fails when a file under src/ or ui/ with strings marked for translation
# (_(, N_(, C_(, NC_(, translatable="yes") is missing from po/POTFILES, or
# when POTFILES names a file that does not exist.
#
# Usage: scripts/check-potfiles.sh [SOURCE_ROOT]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

listed=$(grep -v '^\s*#' po/POTFILES | sed '/^\s*$/d' | sort -u)
status=0

for f in $listed; do
  if [ ! -e "$f" ]; then
    echo "po/POTFILES names $f, which does not exist" >&2
    status=1
  fi
done

# A mark is _(, N_(, C_( or NC_( followed by a string (or the end of the
# line, the string on the next); "marked with N_()" in a comment is none.
marked=$( { grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_)\(\s*("|$)' --include='*.c' --include='*.h' src/ || true;
            grep -rl 'translatable="yes"' --include='*.ui' ui/ || true; } | sort -u)

for f in $marked; do
  if ! grep -qxF "$f" <<<"$listed"; then
    echo "$f has translatable strings but is missing from po/POTFILES" >&2
    status=1
  fi
done

[ $status -eq 0 ] && echo "po/POTFILES lists all $(wc -w <<<"$marked") files with translatable strings"
exit $status
