import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    // Each test starts Prism (~2 s) or Chromium; generous limits for a busy 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
