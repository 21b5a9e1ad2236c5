// `--mock`: the mock servers of @sorakit/mock, found where `pnpm mock` puts them (the ports its
// manifests and SORAKIT_MOCK_<SERVER>_PORT variables give), or started through its launcher when
// they do not answer. Everything mock-specific the CLI knows sits in this file.
import { CliUsageError } from './cli-errors.js'

/** Where the facade talks to when `--mock` is on. */
export interface MockConnection {
  apiKey: string
  baseUrl: string
  uploadBaseUrl: string | undefined
  /** True when this command started the mocks (they stop with it). */
  started: boolean
  stop(): Promise<void>
}

const probeTimeoutMs = 3_000

export async function connectToMocks(providerId: string, environment: NodeJS.ProcessEnv): Promise<MockConnection> {
  const mock = await loadMockPackage()
  const specs = mock.mockServerSpecs().filter((spec) => spec.provider.id === providerId)
  const requested = mock.requestedServers({}, environment, specs)
  const host = requested.host ?? '127.0.0.1'
  const urlOf = (port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const portOf = (spec: (typeof specs)[number]) => requested.ports[spec.key] ?? spec.defaultPort
  const probes = await Promise.all(specs.map((spec) => probe(urlOf(portOf(spec)))))
  const serverUrl = (urls: ReadonlyMap<string, string>, server: string) =>
    urls.get(specs.find((spec) => spec.server === server)?.key ?? '')
  // Only ports where nothing listens mean "not running": a slow answer on a busy machine is still the mock.
  if (!probes.every((result) => result === 'refused')) {
    const urls = new Map(specs.map((spec) => [spec.key, urlOf(portOf(spec))]))
    return {
      apiKey: mock.mockApiKey,
      baseUrl: serverUrl(urls, mock.primaryServer)!,
      uploadBaseUrl: serverUrl(urls, 'upload'),
      started: false,
      stop: async () => {},
    }
  }
  // The bundled documents ship in the provider packages, so no specs/ check: that guard is for a checkout.
  const running = await mock.startMocks({
    providers: mock.mockProviders.filter((provider) => provider.table.id === providerId),
    ports: Object.fromEntries(specs.map((spec) => [spec.key, portOf(spec)])),
    host,
    checkSpecs: false,
    logLevel: 'warn',
  })
  const urls = new Map(running.servers.map((server) => [server.key, server.url]))
  return {
    apiKey: mock.mockApiKey,
    baseUrl: serverUrl(urls, mock.primaryServer)!,
    uploadBaseUrl: serverUrl(urls, 'upload'),
    started: true,
    stop: () => running.stop(),
  }
}

// An optional peer: the mocks bring Prism, which people generating real videos need not install.
async function loadMockPackage(): Promise<typeof import('@sorakit/mock')> {
  try {
    return await import('@sorakit/mock')
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String(error).includes("'@sorakit/mock'"))
      throw error
    throw new CliUsageError(
      '--mock needs the mock servers package: install @sorakit/mock next to @sorakit/cli (npm install --global @sorakit/mock)',
    )
  }
}

// Any HTTP answer counts (Prism answers 404 for `/`); a refused connection means nothing listens.
async function probe(url: string): Promise<'answering' | 'refused' | 'slow'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) })
    await response.body?.cancel()
    return 'answering'
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'refused' : 'slow'
  }
}
