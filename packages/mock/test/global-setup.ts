import type { TestProject } from 'vitest/node'
import { acquireSharedMocks, sharedMockOptions } from '../../../vitest.shared-mocks.js'
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
 * The run's one mock host (vitest.shared-mocks.ts), started through the same launcher as `pnpm mock`,
 * on free ports and with Prism's --errors on.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { mocks, release } = await acquireSharedMocks(() =>
    startMocks({ ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])), ...sharedMockOptions }),
  )
  project.provide('mockUrls', mocks.urls)
  project.provide('mockLifecycleMs', mocks.lifecycleMs)
  project.provide('mockWebhookKey', mocks.webhookKey)
  return release
}
