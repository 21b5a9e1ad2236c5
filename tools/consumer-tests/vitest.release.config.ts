import { defineConfig } from 'vitest/config'

/**
 * Run by `pnpm test:release` only: packs every package and npm-installs the tarballs (tsc, attw, publint, esbuild over
 * them).
 */
export const releaseTestFiles = ['test/packaging.test.ts', 'test/mock-package.test.ts']

export default defineConfig({
  test: {
    name: '@sorakit/consumer-tests (release)',
    include: releaseTestFiles,
    testTimeout: 120_000,
    // Packs every package and npm-installs the tarballs once (offline after the prefetch of scripts/test-release.sh).
    globalSetup: ['test/consumer-project-setup.ts'],
    hookTimeout: 420_000,
  },
})
