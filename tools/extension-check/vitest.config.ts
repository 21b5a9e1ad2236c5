import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each step runs a whole workspace command (install, a cold build, the demo) in the scratch copy.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
})
