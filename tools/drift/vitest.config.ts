import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loopback servers and git repositories in temp folders: keep the default isolation, no file parallelism surprises.
    testTimeout: 30_000,
  },
})
