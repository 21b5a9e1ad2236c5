import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start the mock servers: generous limits for a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
