#!/usr/bin/env bash
# `pnpm test:release`: what `pnpm test` leaves out because it needs processes, browsers, packing,
# installs or another Node. Run it after `pnpm test` (.ci/run does). Installs what only it needs:
# Chromium (Debian's package, when missing), npm's cache of the packaging test's consumer project, and
# Node 24 from the npm registry into .ci/cache/ (git ignores it).
set -euo pipefail
cd "$(dirname "$0")/.."

# Set-up only these suites need (Chromium and redis-server from Debian's packages when missing).
sh tools/demo/scripts/ensure-chromium.sh
sh packages/queue/scripts/ensure-redis.sh
turbo_quiet=(--output-logs=errors-only --concurrency=100%)
pnpm exec turbo run build typecheck "${turbo_quiet[@]}"
pnpm --filter @sorakit/consumer-tests prefetch

# `pnpm demo`: the facade against the mock servers on every provider, as a newcomer runs it.
pnpm demo

# The release projects (vitest.release.config.ts): packaging (pack, npm install, tsc, attw, publint,
# esbuild), Chromium, the CLI's terminal and Ctrl-C process tests, the Prism contract suites, the mock's
# bin and launcher processes, the queue against real redis-server and worker processes.
pnpm exec vitest run --config vitest.release.config.ts

# README, "Adding a model or a white label": those steps in a scratch copy of the repository.
pnpm test:extension

# Node 24 (the current LTS) from the npm registry: first proof that turbo's cache key includes the Node
# version (turbo.json globalEnv), so the Node 24 results cannot be replays of the Node 20 ones; then
# `pnpm test`, the packaging test and the ai 7 suite under Node 24.
node24_version=24.21.0
node24_prefix="$PWD/.ci/cache/node-$node24_version"
[ -x "$node24_prefix/node_modules/.bin/node" ] || npm install --prefix "$node24_prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$node24_version"
if [ "$(node -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  node .ci/turbo-cache-key-check.mjs "$(command -v node)" "$node24_prefix/node_modules/.bin/node"
  (
    export PATH="$node24_prefix/node_modules/.bin:$PATH"
    echo "node $(node --version)"
    pnpm test
    pnpm exec vitest run --config vitest.release.config.ts --project '@sorakit/consumer-tests (release)'
    # ai 7 needs Node >= 22: @sorakit/ai-sdk's tests against it (its README).
    pnpm --filter @sorakit/ai-sdk test:node24
  )
else
  pnpm --filter @sorakit/ai-sdk test:node24
fi
