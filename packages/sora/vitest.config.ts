import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    // Property tests run thousands of cases and fault tests wait for real sockets: generous limits for a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
