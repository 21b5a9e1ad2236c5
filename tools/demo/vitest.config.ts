import { configDefaults, defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'
import { releaseTestFiles } from './vitest.release.config.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...releaseTestFiles],
    // demo-mocks copies specs/ and packages/ to a temp folder: seconds on a busy machine.
    testTimeout: 30_000,
  },
})
