import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

/** Run by `pnpm test:release` only: the facade against the Prism mocks (the Prism contract suite). */
export const releaseTestFiles = ['test/mock-contract.test.ts']

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    name: '@sorakit/sora (release)',
    include: releaseTestFiles,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
