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
 * defaults other work may hold). Tasks take 8 s from create to result: long enough to press Ctrl-C
 * after the first progress report, short enough for a fast suite (the facade polls every 2-3 s).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const specs = mockServerSpecs()
  const mocks = await startMocks({ ports: Object.fromEntries(specs.map((spec) => [spec.key, 0])), checkSpecs: false, logLevel: 'warn', lifecycleMs: 8_000 })
  const portOf = (key: string) => String(mocks.servers.find((server) => server.key === key)!.port)
  project.provide('mockEnvironment', Object.fromEntries(specs.map((spec) => [spec.portEnvironmentVariable, portOf(spec.key)])))
  project.provide('mockUrls', Object.fromEntries(mocks.servers.map((server) => [server.key, server.url])))
  return () => mocks.stop()
}
