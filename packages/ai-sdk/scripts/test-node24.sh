#!/bin/sh
# The ai 7 tests of @sorakit/ai-sdk (`pnpm --filter @sorakit/ai-sdk test:node24`; .ci/run calls it
# in its Node 24 step). ai 7 and @ai-sdk/provider 4 require Node >= 22, which the workspace's Node 20
# install refuses (engine-strict), so they live in test-node24/, installed with npm from its lockfile.
set -eu
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "test:node24 runs ai 7, which needs Node >= 22 (this is node $(node --version)): put Node 24 first in PATH, e.g. npm install --prefix /tmp/node24 node@24 && PATH=/tmp/node24/node_modules/.bin:\$PATH" >&2
  exit 2
fi
(cd test-node24 && npm ci --no-audit --no-fund --loglevel=error)
tsc -p test-node24/tsconfig.json
vitest run --config vitest.node24.config.ts
