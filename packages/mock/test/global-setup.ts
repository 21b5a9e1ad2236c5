import type { TestProject } from 'vitest/node'
import { startMocks } from '../src/mock-launcher.js'
import { mockServerSpecs } from '../src/mock-providers.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of each mock server, by server key (`kie`, `kie-upload`, ...). */
    mockUrls: Record<string, string>
  }
}

/**
 * Starts the mocks once for the whole suite, through the same launcher as `pnpm mock`, on free ports and
 * with Prism's --errors on: a mocked response that violates its document becomes a 500 and fails a test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `pnpm test` runs `pnpm codegen --check` before any package test; mock-launcher.test.ts covers the refusal.
  const mocks = await startMocks({ ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])), errors: true, logLevel: 'warn', checkSpecs: false })
  project.provide('mockUrls', Object.fromEntries(mocks.servers.map((server) => [server.key, server.url])))
  return () => mocks.stop()
}
