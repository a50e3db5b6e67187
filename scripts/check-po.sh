#!/usr/bin/env bash
# Fails when a translation lacks a string the sources mark, or holds a fuzzy
# or untranslated entry: extracts the strings like the glib preset of
# meson's i18n module, merges each po/LL.po with them and counts.
#
# Usage: scripts/check-po.sh [SOURCE_ROOT] [LANGUAGE...]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
shift || true
languages=("$@")
if [ ${#languages[@]} -eq 0 ]; then
  languages=($(grep -v '^#' po/LINGUAS))
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --package-name=descent --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_prefix_error:2:c-format \
  -D . -f po/POTFILES -o "$tmp/descent.pot"

status=0
for lang in "${languages[@]}"; do
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/descent.pot"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -E '^msgid ' | sed -n '2,40p' >&2 || true
    status=1
  fi
done
exit $status
