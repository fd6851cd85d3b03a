#!/usr/bin/env bash
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the
# end-to-end tests (playwright-core drives it; no tool downloads its own browser).
# Idempotent: does nothing when the browser is already there.
set -euo pipefail

BROWSER=/usr/bin/chromium

if [ -x "$BROWSER" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-browser: $BROWSER is missing and this user cannot install packages (run as root or install chromium)" >&2
    exit 1
  fi
fi

install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
}

echo "ensure-browser: installing Debian chromium" >&2
if ! install; then
  echo "ensure-browser: install failed; refreshing the package lists and trying again" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
  install
fi

if [ ! -x "$BROWSER" ]; then
  echo "ensure-browser: chromium was installed but $BROWSER is missing" >&2
  exit 1
fi
"$BROWSER" --version >&2 || true
