import {
  mockProviders,
  mockServerSpecs,
  primaryServer,
  readBundledDocument,
  scenarios,
  startMocks,
  type RunningMocks,
} from '@sorakit/mock'
import { fileURLToPath } from 'node:url'
import type { BuiltInProviderId } from '@sorakit/sora'
import { inject } from 'vitest'
import { sharedMockOptions } from '../../../../vitest.shared-mocks.js'

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url))

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URLs of each provider's mock servers, by provider id. */
    sorakitMockUrls: Record<string, ProviderUrls>
    sorakitMockWebhookKey: string
  }
}

/** Every provider in specs/, by id (the mocks serve each one). */
export const providerIds = mockProviders.map((provider) => provider.table.id) as BuiltInProviderId[]

export interface ProviderUrls {
  baseUrl: string
  uploadBaseUrl?: string
}

export interface ProviderMocks {
  /** Base URLs to pass to `createSorakit` for one provider. */
  urls(provider: string): ProviderUrls
  /** The key the mock signs callbacks with. */
  webhookKey: string
}

/**
 * The mock servers of every provider on free ports, validating every request against the bundled
 * documents (`errors: true`): a request the provider's document forbids fails the test. Started once
 * per run by test/support/global-setup.ts (the run's one shared mock host).
 */
export function startProviderMocks(): Promise<RunningMocks> {
  const ports = Object.fromEntries(mockServerSpecs().map((server) => [server.key, 0]))
  return startMocks({ ports, ...sharedMockOptions })
}

/** Each provider's base URLs among the running mock servers. */
export function urlsByProvider(mocks: RunningMocks): Record<string, ProviderUrls> {
  const urls: Record<string, ProviderUrls> = {}
  for (const server of mocks.servers) {
    const provider = (urls[server.provider.id] ??= { baseUrl: '' })
    if (server.server === primaryServer) provider.baseUrl = server.url
    else if (server.server === 'upload') provider.uploadBaseUrl = server.url
  }
  return urls
}

/** The suite's mocks (see global-setup.ts). */
export function providerMocks(): ProviderMocks {
  const urlsByProvider = inject('sorakitMockUrls')
  return {
    urls(provider) {
      const urls = urlsByProvider[provider]
      if (urls === undefined) throw new Error(`No mock serves ${provider}`)
      return { ...urls }
    },
    webhookKey: inject('sorakitMockWebhookKey'),
  }
}

/**
 * A fetch that asks Prism for one documented answer (`Prefer: example=<name>` or `code=<status>`) per
 * request path. Prism's examples carry their own task id, and the facade refuses a record of another
 * task than the one asked, so a status answer gets the asked id, as a real provider's would.
 */
export function preferringFetch(
  prefer: (request: Request) => string | undefined,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const value = prefer(request)
    if (value !== undefined) request.headers.set('Prefer', value)
    const response = await globalThis.fetch(request)
    return value === undefined || request.method !== 'GET' ? response : withAskedTaskId(request, response)
  }
}

async function withAskedTaskId(request: Request, response: Response): Promise<Response> {
  const url = new URL(request.url)
  // The id the URL names: kie's `taskId` query, the segment after `requests` of a queue's routes (fal), else the last.
  const segments = url.pathname.split('/')
  const queued = segments.indexOf('requests')
  const asked =
    url.searchParams.get('taskId') ?? decodeURIComponent((queued > 0 ? segments[queued + 1] : segments.at(-1)) ?? '')
  const text = await response.text()
  let body: { id?: unknown; request_id?: unknown; data?: { taskId?: unknown } } | undefined
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    body = undefined
  }
  if (typeof body?.data?.taskId === 'string') body.data.taskId = asked
  else if (typeof body?.id === 'string') body.id = asked
  else if (typeof body?.request_id === 'string') body.request_id = asked
  return new Response(body === undefined ? text : JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
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
    (scenario) =>
      scenario.method === request.method &&
      scenario.status === '200' &&
      new RegExp(`^${scenario.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  )
  return matches.flatMap((scenario) => scenario.exampleNames)
}
