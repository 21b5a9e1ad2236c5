import { defineConfig } from 'vitest/config'
import { workspaceMaxWorkers } from './vitest.defaults.js'

// `pnpm test:release` (scripts/test-release.sh) runs these after `pnpm test`: the suites that start
// processes, browsers, Prism contract runs or pack and install the packages. Each package's
// vitest.release.config.ts names its files; its vitest.config.ts (`pnpm test`) excludes them.
export default defineConfig({
  test: {
    projects: [
      'packages/cli/vitest.release.config.ts',
      'packages/mock/vitest.release.config.ts',
      'packages/queue/vitest.config.ts',
      'packages/sora/vitest.release.config.ts',
      'tools/codegen/vitest.release.config.ts',
      'tools/consumer-tests/vitest.release.config.ts',
      'tools/demo/vitest.release.config.ts',
    ],
    maxWorkers: workspaceMaxWorkers,
  },
})
