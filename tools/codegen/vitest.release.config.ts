import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

/** Run by `pnpm test:release` only: `pnpm codegen` as a process (exit codes and hang limits of the real CLI). */
export const releaseTestFiles = ['test/codegen-process.test.ts']

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    name: '@sorakit/codegen (release)',
    include: releaseTestFiles,
    testTimeout: 30_000,
  },
})
