import { defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

/** Run by `pnpm test:release` only: Chromium, the Prism mocks and the demo's process. */
export const releaseTestFiles = [
  'test/api-reference.test.ts',
  'test/browser.test.ts',
  'test/demo-cli.test.ts',
  'test/mock-browser.test.ts',
]

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    name: '@sorakit/demo (release)',
    include: releaseTestFiles,
    // Each test starts Prism (~2 s) or Chromium; generous limits for a busy 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
