import { configDefaults, defineConfig } from 'vitest/config'
import { releaseTestFiles } from './vitest.release.config.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...releaseTestFiles],
    // The type tests (provider-types.test-d.ts) against the built packages, as a consumer writes them.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
