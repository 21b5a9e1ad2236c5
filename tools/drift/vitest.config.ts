import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    // Loopback servers and git repositories in temp folders: keep the default isolation, no file parallelism surprises.
    testTimeout: 30_000,
  },
})
