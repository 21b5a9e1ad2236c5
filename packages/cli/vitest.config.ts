import { configDefaults, defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'
import { releaseTestFiles } from './vitest.release.config.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...releaseTestFiles],
    globalSetup: ['test/global-setup.ts'],
    // runCli in this process against the mocks (tasks of 2 s, polls every 100-150 ms).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
