import type { TestProject } from 'vitest/node'
import { startProviderMocks } from './provider-mocks.js'

/**
 * Starts the mocks once for every test file: the lifecycle mock (tasks finish within `lifecycleMs`,
 * results are a real MP4) with Prism validating each request and answering `Prefer` requests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mocks = await startProviderMocks({ lifecycleMs: 1_500 })
  project.provide('sorakitMockUrls', mocks.urlsByProvider)
  project.provide('sorakitMockWebhookKey', mocks.webhookKey)
  return () => mocks.stop()
}
