import { mockProviders, startMocks } from '@sorakit/mock'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of each provider's lifecycle mock, by provider id. */
    mockUrls: Record<string, string>
    mockWebhookKey: string
  }
}

/** The lifecycle mock of kie.ai and Apikley, once for every file: a 0.5 s lifecycle keeps the suite fast. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const providers = mockProviders.filter((provider) => provider.table.id === 'kie' || provider.table.id === 'apikley')
  const mocks = await startMocks({
    providers,
    ports: { kie: 0, 'kie-upload': 0, apikley: 0, 'apikley-upload': 0 },
    lifecycleMs: 500,
    logLevel: 'warn',
    checkSpecs: false,
  })
  project.provide(
    'mockUrls',
    Object.fromEntries(
      mocks.servers.filter((server) => server.server === 'api').map((server) => [server.provider.id, server.url]),
    ),
  )
  project.provide('mockWebhookKey', mocks.webhookKey)
  return () => mocks.stop()
}
