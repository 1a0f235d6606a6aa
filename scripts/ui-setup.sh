#!/usr/bin/env bash
# `npm run ui:setup`: installs Debian's headless-capable Chromium for the web UI's browser tests
# (test/shell/ui/browser.test.ts). Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null | tail -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "ui:setup needs Debian/Ubuntu's apt-get (install a chromium at /usr/bin/chromium yourself elsewhere)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
echo "installed: $(/usr/bin/chromium --version 2>/dev/null | tail -1)"
