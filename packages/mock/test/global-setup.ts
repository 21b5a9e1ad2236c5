import type { TestProject } from 'vitest/node'
import { startMocks } from '../src/mock-launcher.js'
import { mockServerSpecs } from '../src/mock-providers.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of each mock server, by server key (`kie`, `kie-upload`, ...). */
    mockUrls: Record<string, string>
    /** The lifecycle time (short, so tests see every state) and webhook key the suite's mocks run with. */
    mockLifecycleMs: number
    mockWebhookKey: string
  }
}

/**
 * Starts the mocks once for the whole suite, through the same launcher as `pnpm mock`, on free ports and
 * with Prism's --errors on: a mocked response that violates its document becomes a 500 and fails a test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `pnpm test` runs `pnpm codegen --check` before any package test; mock-launcher.test.ts covers the refusal.
  const mocks = await startMocks({
    ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])),
    errors: true,
    logLevel: 'warn',
    checkSpecs: false,
    lifecycleMs: 400,
    webhookKey: 'contract-test-webhook-key',
  })
  project.provide('mockUrls', mocks.urls)
  project.provide('mockLifecycleMs', mocks.lifecycleMs)
  project.provide('mockWebhookKey', mocks.webhookKey)
  return () => mocks.stop()
}
