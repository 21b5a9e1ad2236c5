#!/usr/bin/env sh
# The browser test (tools/demo/test/browser.test.ts) drives Debian's Chromium at /usr/bin/chromium with
# playwright-core, which never downloads a browser. Installs it from Debian's packages when it is
# missing, as root or through sudo; elsewhere says what to do and lets the rest of the setup go on.
set -eu
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get here; install Chromium at /usr/bin/chromium for the browser test (pnpm test)" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "ensure-chromium: installing Chromium needs root; as root run: apt-get install -y --no-install-recommends chromium" >&2
  exit 0
fi
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
