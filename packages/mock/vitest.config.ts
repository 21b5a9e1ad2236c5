import { configDefaults, defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'
import { releaseTestFiles } from './vitest.release.config.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...releaseTestFiles],
    // One mock host for the suite's tests that need a real server (lifecycle, callbacks, CORS, /docs).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
