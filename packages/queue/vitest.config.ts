import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    // The lifecycle mock starts once for all files; each file starts its own redis-server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
