import {
  mockProviders,
  mockServerSpecs,
  primaryServer,
  startMocks,
  type MockProvider,
  type RunningMocks,
} from '@sorakit/mock'

export interface DemoMocks {
  /** API base URL of each provider, by provider id. */
  urls: Record<string, string>
  /** Providers whose mock was already answering, used as they are. */
  reused: MockProvider[]
  /** The mocks the demo started; `undefined` when every provider was already answering. */
  started: RunningMocks | undefined
}

export interface DemoMocksOptions {
  /**
   * Port per server key (`kie`, `kie-upload`, ...); `0` always starts that provider on a free port. Default: each
   * server's fixed port.
   */
  ports?: Readonly<Record<string, number>>
  /** Default: `127.0.0.1`. */
  host?: string
  /**
   * Repository whose bundled documents the started mocks serve (after checking them against its specs/). Default: this
   * checkout.
   */
  root?: string
}

/**
 * The mocks the demo runs against: a provider whose API port already answers HTTP (`pnpm mock` in another
 * terminal) is used as it is; the others are started through the launcher of `pnpm mock` (which refuses
 * a stale bundled document) and must be stopped by the caller (`started.stop()`), so nothing is left behind.
 */
export async function ensureDemoMocks(options: DemoMocksOptions = {}): Promise<DemoMocks> {
  const host = options.host ?? '127.0.0.1'
  const ports = options.ports ?? {}
  const apiServers = mockServerSpecs().filter((spec) => spec.server === primaryServer)
  const urls: Record<string, string> = {}
  const reused: MockProvider[] = []
  const missing: MockProvider[] = []
  await Promise.all(
    mockProviders.map(async (provider) => {
      const spec = apiServers.find((candidate) => candidate.provider.id === provider.table.id)!
      const port = ports[spec.key] ?? spec.defaultPort
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      if (port !== 0 && (await answers(url))) {
        urls[provider.table.id] = url
        reused.push(provider)
      } else {
        missing.push(provider)
      }
    }),
  )
  if (missing.length === 0) return { urls, reused: inProviderOrder(reused), started: undefined }
  const missingKeys = new Set(mockServerSpecs(missing).map((spec) => spec.key))
  const started = await startMocks({
    providers: inProviderOrder(missing),
    ports: Object.fromEntries(Object.entries(ports).filter(([key]) => missingKeys.has(key))),
    host,
    logLevel: 'warn',
    ...(options.root === undefined ? {} : { root: options.root }),
  })
  for (const server of started.servers.filter((candidate) => candidate.server === primaryServer))
    urls[server.provider.id] = server.url
  return { urls, reused: inProviderOrder(reused), started }
}

function inProviderOrder(providers: readonly MockProvider[]): MockProvider[] {
  return mockProviders.filter((provider) => providers.includes(provider))
}

/** Any HTTP answer counts (Prism answers `/` with 404); a refused or silent port does not. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}
