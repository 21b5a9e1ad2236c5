import { configDefaults, defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'
import { releaseTestFiles } from './vitest.release.config.js'

export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...releaseTestFiles],
    // Fault tests wait for real sockets; property tests run FAST_CHECK_RUNS cases (CI: thousands).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
