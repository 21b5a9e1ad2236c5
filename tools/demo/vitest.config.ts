import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test starts Prism (~2 s) or Chromium; generous limits for a busy 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
