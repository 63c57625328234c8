#!/bin/sh
# Installs the browser the browser tests drive (test/browser): Debian's Chromium at /usr/bin/chromium.
# playwright-core cannot download browsers on these machines; Debian's package is used instead.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "Chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing (/usr/bin/chromium) and installing it needs root." >&2
  echo "Run as root:  apt-get update && apt-get install -y chromium" >&2
  echo "or:           sudo sh scripts/install-browser.sh" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing (/usr/bin/chromium) and apt-get is not available: install Chromium with your" >&2
  echo "system's package manager so that /usr/bin/chromium exists." >&2
  exit 1
fi

echo "Installing Debian's chromium package..."
DEBIAN_FRONTEND=noninteractive apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation
/usr/bin/chromium --version
