#!/usr/bin/env sh
# The queue's tests and load script start their own redis-server (Debian's package) on a free port.
# Installs it from Debian's packages when it is missing, as root or through sudo, as
# tools/demo/scripts/ensure-chromium.sh does for Chromium; elsewhere says what to do and lets the
# rest of the setup go on.
set -eu
if command -v redis-server >/dev/null 2>&1; then
  redis-server --version
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: no apt-get here; install redis-server (Redis 6.2+) on PATH for @sorakit/queue's tests (pnpm test)" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "ensure-redis: installing redis-server needs root; as root run: apt-get install -y --no-install-recommends redis-server" >&2
  exit 0
fi
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server
# Debian's package starts a system-wide server on 6379; the tests start their own and need none.
redis-server --version
