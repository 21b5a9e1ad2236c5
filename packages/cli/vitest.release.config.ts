import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

/**
 * Run by `pnpm test:release` only: the built bin as a child process, in a pseudo-terminal and with Ctrl-C, and what
 * reaches its streams.
 */
export const releaseTestFiles = ['test/cli-process.test.ts', 'test/cli-output-safety.test.ts']

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    name: '@sorakit/cli (release)',
    include: releaseTestFiles,
    globalSetup: ['test/global-setup-release.ts'],
    // Runs the built bin against the mocks (polling every 2-3 s): generous limits for a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
