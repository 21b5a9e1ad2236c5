import type { TestProject } from 'vitest/node'
import { acquireSharedMocks } from '../../../../vitest.shared-mocks.js'
import { startProviderMocks, urlsByProvider } from './provider-mocks.js'

/**
 * The run's one mock host (vitest.shared-mocks.ts): the lifecycle mock (tasks finish within its short
 * lifecycle, results are a real MP4) with Prism validating each request and answering `Prefer` requests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { mocks, release } = await acquireSharedMocks(startProviderMocks)
  project.provide('sorakitMockUrls', urlsByProvider(mocks))
  project.provide('sorakitMockWebhookKey', mocks.webhookKey)
  return release
}
