#!/usr/bin/env bash
# Install what the test suite drives from Debian, when it is missing: headless Chromium and its
# driver (browser tests), the Noto CJK fonts (Hangul and Han names drawn with system fonts),
# wrk (the load benchmark's smoke) and redis-server (the shared page cache's tests).
# As root it installs with apt-get; otherwise it says which tests will be skipped.
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 \
  || missing+=(fonts-noto-cjk)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the tests: ${missing[*]} (apt-get) ..."
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; then
    exit 0
  fi
fi
echo "NOTE: not installed and could not be installed here: ${missing[*]};"
echo "      the tests that need them will be reported as SKIPPED (install those Debian packages to run them)."
exit 1
