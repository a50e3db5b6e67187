#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and launches Descent from the build tree on its
# default experiment. Arguments are passed to the app (e.g. record files).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export DESCENT_LOCALEDIR="$PWD/build/po"
exec ./build/src/app/descent "$@"
