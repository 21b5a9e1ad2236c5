import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Packs every package and npm-installs the tarballs once (offline after `pnpm bootstrap`'s prefetch).
    globalSetup: ['test/consumer-project-setup.ts'],
    hookTimeout: 420_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
