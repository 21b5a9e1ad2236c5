import { mockProviders, mockServerSpecs, primaryServer, readBundledDocument, scenarios, startMocks, type RunningMocks } from '@sorakit/mock'
import { fileURLToPath } from 'node:url'
import type { BuiltInProviderId } from '@sorakit/sora'

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url))

/** Every provider in specs/, by id (the mocks serve each one). */
export const providerIds = mockProviders.map((provider) => provider.table.id) as BuiltInProviderId[]

export interface ProviderMocks {
  /** Base URLs to pass to `createSorakit` for one provider. */
  urls(provider: string): { baseUrl: string; uploadBaseUrl?: string }
  stop(): Promise<void>
}

/**
 * The mock servers of every provider on free ports, validating every request against the bundled
 * documents (`errors: true`): a request the provider's document forbids fails the test.
 */
export async function startProviderMocks(): Promise<ProviderMocks> {
  const ports = Object.fromEntries(mockServerSpecs().map((server) => [server.key, 0]))
  // `pnpm test` runs `pnpm codegen --check` before any package test, so the launcher need not repeat it.
  const mocks: RunningMocks = await startMocks({ ports, errors: true, logLevel: 'warn', checkSpecs: false })
  return {
    urls(provider) {
      const servers = mocks.servers.filter((server) => server.provider.id === provider)
      const baseUrl = servers.find((server) => server.server === primaryServer)?.url
      if (baseUrl === undefined) throw new Error(`No mock serves ${provider}`)
      const uploadBaseUrl = servers.find((server) => server.server === 'upload')?.url
      return uploadBaseUrl === undefined ? { baseUrl } : { baseUrl, uploadBaseUrl }
    },
    stop: () => mocks.stop(),
  }
}

/** A fetch that asks Prism for one documented answer (`Prefer: example=<name>` or `code=<status>`) per request path. */
export function preferringFetch(prefer: (request: Request) => string | undefined): (request: Request) => Promise<Response> {
  return (request) => {
    const value = prefer(request)
    if (value !== undefined) request.headers.set('Prefer', value)
    return globalThis.fetch(request)
  }
}

/**
 * The named examples of the operation a request went to (`GET /api/v1/jobs/recordInfo` → `success`,
 * `waiting`...), from the provider's bundled document: the states Prism can answer with.
 */
export function exampleNamesFor(provider: string, request: { method: string; url: string }): string[] {
  const mock = mockProviders.find((candidate) => candidate.table.id === provider)
  if (mock === undefined) throw new Error(`No mock provider ${provider}`)
  const { pathname } = new URL(request.url)
  const matches = scenarios(readBundledDocument(repositoryRoot, provider), mock.table).filter(
    (scenario) => scenario.method === request.method && scenario.status === '200' && new RegExp(`^${scenario.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  )
  return matches.flatMap((scenario) => scenario.exampleNames)
}
