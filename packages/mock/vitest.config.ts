import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Starts of the Prism host take 2 s on an idle machine and over 20 s on this shared one under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
