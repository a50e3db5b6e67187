#!/usr/bin/env bash
# Checks that C files are laid out as uncrustify.cfg says, printing the
# difference for each file that is not. With --fix, rewrites them instead.
#
# Usage: scripts/check-format.sh [--fix] [--since REV] [SOURCE_ROOT]
#   --since REV  only the files changed since REV (with what is not yet
#                committed), e.g. origin/main before a push
set -euo pipefail

fix=0
since=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fix) fix=1; shift ;;
    --since) since="$2"; shift 2 ;;
    *) break ;;
  esac
done
cd "${1:-$(dirname "$0")/..}"

if ! command -v uncrustify >/dev/null; then
  echo "uncrustify is not installed (Debian: apt install uncrustify)" >&2
  exit 1
fi

if [ -n "$since" ]; then
  files=$(git diff --name-only --diff-filter=d "$since" -- '*.c' '*.h')
else
  files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
fi

status=0
for f in $files; do
  if [ "$fix" -eq 1 ]; then
    uncrustify -q -c uncrustify.cfg --no-backup --replace "$f"
  elif ! out=$(uncrustify -q -c uncrustify.cfg -f "$f" | diff -u --label "$f" --label "$f (formatted)" "$f" -); then
    echo "$out"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "Some files are not laid out as uncrustify.cfg says; scripts/check-format.sh --fix rewrites them." >&2
fi
exit $status
