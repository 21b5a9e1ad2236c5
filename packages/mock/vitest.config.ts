import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Starts of the Prism host take 2 s on an idle machine and over 20 s on this shared one under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
