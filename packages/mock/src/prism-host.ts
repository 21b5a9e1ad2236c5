/**
 * Child process that runs every mock's Prism server. Prism is loaded once through its programmatic API
 * (the same createServer/getHttpOperationsFromSpec the Prism CLI uses) instead of one `prism mock`
 * process per server: most of a Prism start is loading its modules (~1.7 s of ~2 s here), so five CLI
 * processes on a 2-core machine took 12 s to all answer, against ~2 s for this host.
 * The launcher drives it over IPC: load (parse documents, build servers), listen, stop.
 */
import { providerRegistry } from '@sorakit/provider-registry'
import { sampleVideoBytes } from '@sorakit/mock-msw'
import { readFileSync } from 'node:fs'
import { createLogger } from '@stoplight/prism-core'
import { getHttpOperationsFromSpec, type IHttpConfig } from '@stoplight/prism-http'
import {
  createLifecycleEngine,
  type LifecycleDocument,
  type LifecycleEngine,
  type LifecycleProviderTable,
} from '@sorakit/mock-msw/engine'
import { BoundedLogFile } from './bounded-log-file.js'
import { createLifecycleServer } from './lifecycle-server.js'
import { loadApiReferenceRenderer, mockApiReference } from './mock-api-reference.js'
import type { HostConfig, HostMessage, HostServerConfig, ListenFailure, ParentMessage } from './prism-host-protocol.js'

type Operation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number]

interface HostedServer {
  config: HostServerConfig
  server: ReturnType<typeof createLifecycleServer>
  log: BoundedLogFile
}

let hosted: HostedServer[] = []
let engines: LifecycleEngine[] = []
let hostConfig: HostConfig | undefined
/** Base URL of each server by key, once listening. */
let listeningUrls: Record<string, string> = {}

function send(message: HostMessage): void {
  process.send?.(message)
}

async function load(config: HostConfig): Promise<void> {
  hostConfig = config
  const documents = [...new Set(config.servers.map((server) => server.document))]
  const operationsByDocument = new Map(
    await Promise.all(
      documents.map(async (document) => [document, await getHttpOperationsFromSpec(document)] as const),
    ),
  )
  const counts: Record<string, number> = {}
  // The videos the MSW handlers embed, so both modes serve the same bytes from one copy.
  const media = { landscape: sampleVideoBytes('landscape'), portrait: sampleVideoBytes('portrait') }
  const engineByProvider = new Map<string, LifecycleEngine>()
  for (const serverConfig of config.servers) {
    if (engineByProvider.has(serverConfig.providerId)) continue
    const table = await providerTable(serverConfig.providerId)
    const document = JSON.parse(readFileSync(serverConfig.document, 'utf8')) as LifecycleDocument
    const engine = createLifecycleEngine({
      table,
      document,
      lifecycleMs: config.lifecycleMs,
      webhookKey: config.webhookKey,
      callbacks: { log: (message) => console.warn(message) },
    })
    engineByProvider.set(serverConfig.providerId, engine)
  }
  engines = [...engineByProvider.values()]
  const renderer = await loadApiReferenceRenderer()
  hosted = config.servers.map((serverConfig) => {
    const siblings = config.servers.filter((other) => other.document === serverConfig.document)
    const operations = (operationsByDocument.get(serverConfig.document) ?? []).filter((operation) =>
      belongsTo(operation, serverConfig, siblings),
    )
    counts[serverConfig.key] = operations.length
    if (operations.length === 0)
      throw new Error(
        `${serverConfig.document} has no operation for ${serverConfig.upstreamUrl} (mock server ${serverConfig.key})`,
      )
    const log = new BoundedLogFile(serverConfig.logFile)
    const logger = createLogger(serverConfig.key, { level: config.logLevel }, log as unknown as NodeJS.WritableStream)
    const engine = engineByProvider.get(serverConfig.providerId)!
    const apiReference = mockApiReference(
      { document: serverConfig.document, mockServerUrls: () => mockUrlsByUpstream(siblings) },
      renderer,
    )
    const server = createLifecycleServer({
      operations,
      engine,
      config: prismConfig(config),
      logger,
      media,
      apiReference,
      adminHosts: config.adminHosts,
      ...(config.latency ? { latency: config.latency } : {}),
    })
    return { config: serverConfig, server, log }
  })
  send({ type: 'loaded', operations: counts })
}

/** The generated table of a provider, from `@sorakit/provider-registry`. */
async function providerTable(providerId: string): Promise<LifecycleProviderTable> {
  if (!Object.hasOwn(providerRegistry, providerId))
    throw new Error(`${providerId} is not in @sorakit/provider-registry: run \`pnpm codegen\` and \`pnpm install\``)
  return providerRegistry[providerId as keyof typeof providerRegistry].table
}

/** An operation goes to the server its `servers` name; one naming none of them goes to the document's main server. */
function belongsTo(operation: Operation, server: HostServerConfig, siblings: readonly HostServerConfig[]): boolean {
  const urls = (operation.servers ?? []).map((entry) => entry.url)
  if (urls.includes(server.upstreamUrl)) return true
  return server.takesUnmatchedOperations && !siblings.some((sibling) => urls.includes(sibling.upstreamUrl))
}

/** The listening mock of each server sharing a document, by the upstream URL it stands in for. */
function mockUrlsByUpstream(servers: readonly HostServerConfig[]): Record<string, string> {
  return Object.fromEntries(
    servers.flatMap((server) =>
      listeningUrls[server.key] === undefined ? [] : [[server.upstreamUrl, listeningUrls[server.key]!]],
    ),
  )
}

// What `prism mock` configures (prism-cli createServer.js), with --errors from the launcher.
function prismConfig(config: HostConfig): IHttpConfig {
  return {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: config.errors,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: false, ignoreExamples: false },
  }
}

async function listen(): Promise<void> {
  const host = hostConfig?.host ?? '127.0.0.1'
  const results = await Promise.allSettled(hosted.map(({ server, config }) => server.listen(config.port, host)))
  const failures: ListenFailure[] = []
  const urls: Record<string, string> = {}
  results.forEach((result, index) => {
    const { config } = hosted[index]!
    if (result.status === 'fulfilled') urls[config.key] = result.value
    else {
      // prism-http-server rejects with the error's message string, e.g. "listen EADDRINUSE: address already in use
      // 127.0.0.1:4010".
      const message = String(result.reason instanceof Error ? result.reason.message : result.reason)
      failures.push({
        key: config.key,
        port: config.port,
        code: /\b(E[A-Z]+)\b/.exec(message)?.[1] ?? 'UNKNOWN',
        message,
      })
    }
  })
  if (failures.length > 0) {
    await closeAll()
    send({ type: 'listen-failed', failures })
    return
  }
  listeningUrls = urls
  send({ type: 'listening', urls })
}

async function closeAll(): Promise<void> {
  for (const engine of engines) engine.stop()
  await Promise.allSettled(hosted.map(({ server }) => server.close()))
  await Promise.all(hosted.map(({ log }) => new Promise<void>((resolve) => log.end(resolve))))
  hosted = []
}

async function stop(): Promise<void> {
  await closeAll()
  process.exit(0)
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'load')
    load(message.config).catch((error: unknown) =>
      send({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) }),
    )
  else if (message.type === 'listen') void listen()
  else if (message.type === 'stop') void stop()
})
// The launcher owns the lifetime: Ctrl-C reaches the whole process group, and the launcher then stops
// this host itself, so a SIGINT here must not make it look like a crash. Losing the launcher ends the host.
process.on('SIGINT', () => undefined)
process.on('disconnect', () => void stop())
