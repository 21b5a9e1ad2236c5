import { defineConfig } from 'vitest/config'

// `pnpm --filter @sorakit/ai-sdk test:node24` (scripts/test-node24.sh): ai 7 needs Node >= 22, so
// these tests run apart from `vitest run` (Node 20), against test-node24/node_modules/ai.
export default defineConfig({
  test: {
    include: ['test-node24/**/*.test.ts'],
    // The mock servers start once for all files (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
