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
// A busy machine may answer slowly; the admin API answers from memory.
const identifyTimeoutMs = 10_000

export async function connectToMocks(
  providerId: string,
  environment: NodeJS.ProcessEnv,
  mockUrl?: string,
): Promise<MockConnection> {
  const mock = await loadMockPackage()
  if (mockUrl !== undefined) return await connectToMockAt(mock, providerId, mockUrl)
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
    const baseUrl = serverUrl(urls, mock.primaryServer)!
    await identifyMock(baseUrl, providerId)
    return {
      apiKey: mock.mockApiKey,
      baseUrl,
      uploadBaseUrl: serverUrl(urls, 'upload'),
      started: false,
      stop: async () => {},
    }
  }
  // The mock's own rule reads SORAKIT_MOCK_LIFECYCLE_MS (and its latency and webhook key) for the mocks started here.
  const lifecycle = mock.lifecycleOptions({}, environment)
  if (typeof lifecycle === 'string') throw new CliUsageError(lifecycle)
  // The bundled documents ship in the provider packages, so no specs/ check: that guard is for a checkout.
  const running = await mock.startMocks({
    providers: mock.mockProviders.filter((provider) => provider.table.id === providerId),
    ports: Object.fromEntries(specs.map((spec) => [spec.key, portOf(spec)])),
    host,
    checkSpecs: false,
    logLevel: 'warn',
    ...lifecycle,
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

// `--mock-url`: one address, the provider's API server; an upload server is not known from it.
async function connectToMockAt(
  mock: typeof import('@sorakit/mock'),
  providerId: string,
  mockUrl: string,
): Promise<MockConnection> {
  if (!/^https?:\/\/[^/]/i.test(mockUrl))
    throw new CliUsageError(`--mock-url ${mockUrl}: give the mock's absolute address, such as http://127.0.0.1:4010`)
  const baseUrl = mockUrl.replace(/\/+$/, '')
  await identifyMock(baseUrl, providerId)
  return { apiKey: mock.mockApiKey, baseUrl, uploadBaseUrl: undefined, started: false, stop: async () => {} }
}

/**
 * Something answering on the mock's port may be another program: the mock's admin API (`GET /__mock`
 * names the provider it serves) tells, before any request a stranger could misread.
 */
async function identifyMock(baseUrl: string, providerId: string): Promise<void> {
  const fix =
    "stop it, or pass the mock's address with --mock-url <url>, or move the mock with SORAKIT_MOCK_<SERVER>_PORT"
  let answer: Response
  try {
    answer = await fetch(`${baseUrl}/__mock`, { signal: AbortSignal.timeout(identifyTimeoutMs) })
  } catch {
    throw new CliUsageError(
      `No sorakit mock answers at ${baseUrl} (start one with sorakit-mock, or use --mock to start it here)`,
    )
  }
  const about = (await answer.json().catch(() => undefined)) as { provider?: unknown } | undefined
  if (answer.status !== 200 || typeof about?.provider !== 'string')
    throw new CliUsageError(
      `${baseUrl} is not the sorakit mock (GET /__mock answered ${answer.status}, not the mock's admin API): ${fix}`,
    )
  if (about.provider !== providerId)
    throw new CliUsageError(
      `The sorakit mock at ${baseUrl} serves ${about.provider}, not ${providerId}: pass --provider ${about.provider}, or the ${providerId} mock's address`,
    )
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
