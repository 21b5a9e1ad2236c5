import { mockServerSpecs, startMocks } from '@sorakit/mock'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The SORAKIT_MOCK_<SERVER>_PORT variables that point `sorakit --mock` at the suite's mocks. */
    mockEnvironment: Record<string, string>
    /** Base URL of each mock server, by server key (`kie`, `kie-upload`, ...). */
    mockUrls: Record<string, string>
  }
}

/**
 * One set of mocks for the suite, through the mock package's launcher, on free ports (never the
 * defaults other work may hold). `pnpm test` runs the CLI in-process (runCli) with a clock that makes
 * the facade's 2-3 s polls 100-150 ms: its tasks finish in 2 s, after several polls (a busy machine answers a poll in 300 ms). The process tests of
 * `pnpm test:release` (global-setup-release.ts) need 8 s, to press Ctrl-C after the first progress report.
 */
export async function startCliMocks(project: TestProject, lifecycleMs: number): Promise<() => Promise<void>> {
  const specs = mockServerSpecs()
  const mocks = await startMocks({
    ports: Object.fromEntries(specs.map((spec) => [spec.key, 0])),
    checkSpecs: false,
    logLevel: 'warn',
    lifecycleMs,
  })
  const portOf = (key: string) => String(mocks.servers.find((server) => server.key === key)!.port)
  project.provide(
    'mockEnvironment',
    Object.fromEntries(specs.map((spec) => [spec.portEnvironmentVariable, portOf(spec.key)])),
  )
  project.provide('mockUrls', Object.fromEntries(mocks.servers.map((server) => [server.key, server.url])))
  return () => mocks.stop()
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startCliMocks(project, 2_000)
}
