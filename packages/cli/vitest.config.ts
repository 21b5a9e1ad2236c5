import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Every test runs the built bin as a child process against the mocks (polling every 2-3 s): generous limits for a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
