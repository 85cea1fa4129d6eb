#!/usr/bin/env bash
# Make sure Debian's headless Chromium is installed for the browser tests.
# Installs it with apt-get when running as root; otherwise says what the browser tests will skip.
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium chromium-driver) ..."
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null; then
    exit 0
  fi
fi
echo "NOTE: Chromium is not installed at $CHROMIUM and could not be installed here;"
echo "      the browser tests will be reported as SKIPPED (install Debian's 'chromium' package to run them)."
exit 1
