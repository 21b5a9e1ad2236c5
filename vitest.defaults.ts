import { availableParallelism } from 'node:os'

// Test options every suite of the workspace that runs in `pnpm test` shares, declared once.
export const workspaceTestDefaults = {
  // Test files share their workers' module cache (no test file mutates a global it does not restore):
  // a quarter to a third less CPU per suite, which `pnpm test` needs on a 2-core CI machine.
  isolate: false,
}

/**
 * Workers for the one vitest process of `pnpm test` (vitest.config.ts) and of `pnpm test:release`
 * (vitest.release.config.ts), shared by every project instead of a vitest process per package. Two per
 * core: the tests mostly wait on sockets and timers (with one per core the cores were half idle, 68 s of
 * CPU in 60 s on 2 cores), and on this 2-core machine four workers took the run from 60 s to 48 s while
 * six took 56 s (module imports multiply). VITEST_MAX_WORKERS overrides it.
 */
export const workspaceMaxWorkers = Number(process.env['VITEST_MAX_WORKERS']) || Math.max(2, 2 * availableParallelism())
