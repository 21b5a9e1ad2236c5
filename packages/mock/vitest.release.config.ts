import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

/**
 * Run by `pnpm test:release` only: the Prism contract suite and the tests that start processes (the bin, the launcher's
 * children).
 */
export const releaseTestFiles = ['test/contract.test.ts', 'test/mock-cli.test.ts', 'test/mock-launcher.test.ts']

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    name: '@sorakit/mock (release)',
    include: releaseTestFiles,
    globalSetup: ['test/global-setup.ts'],
    // Starts of the Prism host take 2 s on an idle machine and over 20 s on a shared one under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
