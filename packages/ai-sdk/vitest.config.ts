import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The mock servers start once for all files (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Generous limits for a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
