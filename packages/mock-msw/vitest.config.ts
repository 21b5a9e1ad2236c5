import { configDefaults, defineConfig } from 'vitest/config'
import { workspaceTestDefaults } from '../../vitest.defaults.js'

// The handlers' behaviour is tested in @sorakit/mock (test/msw-*.test.ts), next to the servers it must match;
// what is this package's own promise (a browser bundle without Node or Prism) is tested here.
export default defineConfig({
  test: {
    ...workspaceTestDefaults,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
  },
})
