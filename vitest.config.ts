import { defineConfig } from 'vitest/config'
import { workspaceMaxWorkers } from './vitest.defaults.js'

// `pnpm test`: every package's everyday suite (its vitest.config.ts: unit, type and in-process tests)
// in ONE vitest process whose workers match the machine's cores. What needs packing, installs,
// browsers, another Node, process or Prism contract runs is in vitest.release.config.ts (`pnpm test:release`).
export default defineConfig({
  test: {
    projects: [
      'packages/ai-sdk/vitest.config.ts',
      'packages/cli/vitest.config.ts',
      'packages/mock/vitest.config.ts',
      'packages/mock-msw/vitest.config.ts',
      'packages/sora/vitest.config.ts',
      'tools/api-reference/vitest.config.ts',
      'tools/codegen/vitest.config.ts',
      'tools/consumer-tests/vitest.config.ts',
      'tools/demo/vitest.config.ts',
      'tools/drift/vitest.config.ts',
      'tools/package-policy/vitest.config.ts',
    ],
    maxWorkers: workspaceMaxWorkers,
  },
})
