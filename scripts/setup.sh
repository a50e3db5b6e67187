#!/usr/bin/env bash
# Installs what Descent needs on Debian 12 and configures + builds it in ./build.
# Usage: scripts/setup.sh [extra meson options]
# Environment: BUILDDIR (default build), EXTRA_PACKAGES (more Debian
# packages to install), TARGETS (build only these ninja targets).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential meson ninja-build pkg-config gettext
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev libopenblas-dev libglib2.0-dev-bin
  xvfb xauth imagemagick xdotool x11-apps desktop-file-utils appstream
  dataset-fashion-mnist fonts-dejavu-core dbus-daemon uncrustify
  ${EXTRA_PACKAGES:-}
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

builddir=${BUILDDIR:-build}
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" "$@"
else
  meson setup "$builddir" "$@"
fi
# shellcheck disable=SC2086
ninja -C "$builddir" ${TARGETS:-}
