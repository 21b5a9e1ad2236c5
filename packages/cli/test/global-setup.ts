import { mockServerSpecs, startMocks } from '@sorakit/mock'
import type { TestProject } from 'vitest/node'
import { acquireSharedMocks, sharedMockOptions } from '../../../vitest.shared-mocks.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The SORAKIT_MOCK_<SERVER>_PORT variables that point `sorakit --mock` at the suite's mocks. */
    mockEnvironment: Record<string, string>
    /** Base URL of each mock server, by server key (`kie`, `kie-upload`, ...). */
    mockUrls: Record<string, string>
  }
}

/**
 * The mocks the CLI runs against, on free ports (never the defaults other work may hold). `pnpm test`
 * runs the CLI in-process (runCli) against the run's one shared mock host (vitest.shared-mocks.ts), with
 * a clock that makes the facade's 2-3 s polls 100-150 ms. The process tests of `pnpm test:release`
 * (global-setup-release.ts) start their own, with tasks of 8 s, to press Ctrl-C after the first progress
 * report.
 */
export async function startCliMocks(project: TestProject, lifecycleMs?: number): Promise<() => Promise<void>> {
  const specs = mockServerSpecs()
  const ports = Object.fromEntries(specs.map((spec) => [spec.key, 0]))
  const { mocks, release } =
    lifecycleMs === undefined
      ? await acquireSharedMocks(() => startMocks({ ports, ...sharedMockOptions }))
      : { mocks: await startMocks({ ports, checkSpecs: false, logLevel: 'warn', lifecycleMs }), release: undefined }
  const portOf = (key: string) => String(mocks.servers.find((server) => server.key === key)!.port)
  project.provide(
    'mockEnvironment',
    Object.fromEntries(specs.map((spec) => [spec.portEnvironmentVariable, portOf(spec.key)])),
  )
  project.provide('mockUrls', Object.fromEntries(mocks.servers.map((server) => [server.key, server.url])))
  return release ?? (() => mocks.stop())
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startCliMocks(project)
}
