import { createRequire } from 'node:module'
import { fork, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCodegenCheck } from './codegen-check.js'
import { bundledDocumentFile } from './openapi-operations.js'
import { defaultLifecycleMs, defaultWebhookKey } from '@sorakit/mock-msw/engine'
import {
  mockProviders,
  mockServerSpecs,
  primaryServer,
  repositoryRoot,
  type MockProvider,
  type MockServerSpec,
} from './mock-providers.js'
import type { HostConfig, HostMessage, ListenFailure, ParentMessage, PrismLogLevel } from './prism-host-protocol.js'

/** Options of {@link startMocks}. */
export interface StartMocksOptions {
  /** Repository root holding `specs/` and `packages/<id>/openapi.json`. Default: the checkout this package sits in. */
  root?: string
  /**
   * Port per server key (`kie`, `kie-upload`, `apikley`, ...); `0` takes any free port. Default: each server's fixed
   * port (kie 4010, apikley 4011, vtrix 4012, kie-upload 4013, apikley-upload 4014).
   */
  ports?: Readonly<Record<string, number>>
  /** Interface the servers listen on. Default: `127.0.0.1`. */
  host?: string
  /** Prism's `--errors`: a response that violates its document is replaced by an error. Default: `false`. */
  errors?: boolean
  /**
   * Refuse to start when a bundled document is stale against specs/, so nobody mocks a document the types did not come
   * from. Default: `true` in this repository, `false` in an install outside it (no specs/ to compare with).
   */
  checkSpecs?: boolean
  /**
   * Folder for each server's request log and the host's output. Default: a new `sorakit-mock-*` folder in the OS temp
   * folder, removed when the mocks stop (kept after a crash, whose report names it).
   */
  logDirectory?: string
  /** Prism's log level in the request logs. Default: `info`. */
  logLevel?: PrismLogLevel
  /** Providers to serve. Default: every provider ({@link mockProviders}). */
  providers?: readonly MockProvider[]
  /** How long each server may take to answer once listening, in ms. Default: `10000`. */
  readyTimeoutMs?: number
  /**
   * Time from create to a task's final state, in ms; `0` makes a task final at its first poll. Default: `20000` (a
   * progress bar is seen).
   */
  lifecycleMs?: number
  /**
   * HMAC key the mock signs callbacks with (kie.ai's scheme), for providers whose callbacks are signed. Default:
   * `sorakit-mock-webhook-key`.
   */
  webhookKey?: string
  /** Delay added to each provider answer, drawn between `minMs` and `maxMs`. Default: none. */
  latency?: { minMs: number; maxMs: number }
  /**
   * Host names the admin API (`/__mock/`) answers besides the loopback ones (`localhost`, `*.localhost`, `127.0.0.0/8`,
   * `[::1]`), e.g. a LAN name with `host: '0.0.0.0'`; `'*'` allows any (DNS rebinding then reaches it). Default: none.
   */
  adminHosts?: readonly string[]
}

export interface RunningServer extends MockServerSpec {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  url: string
  port: number
  logFile: string
}

export interface HostExit {
  /** False when the host died on its own (a crash): `report` then holds its output and request logs. */
  requested: boolean
  code: number | null
  signal: string | null
  report: string
}

export interface RunningMocks {
  /** Repository root whose `packages/<id>/openapi.json` the servers serve. */
  root: string
  servers: RunningServer[]
  /** Base URL of each server by key (`kie`, `kie-upload`, `vtrix`, ...). */
  urls: Record<string, string>
  /** The lifecycle time and webhook key in force. */
  lifecycleMs: number
  webhookKey: string
  logDirectory: string
  /** Resolves when the Prism host process has ended, for whatever reason. */
  exited: Promise<HostExit>
  /** Stops every server and the host process; resolves once it has exited. */
  stop(): Promise<void>
  /** Process id of the Prism host. */
  hostPid: number
  /** How the bundled-document check was satisfied: run now, reused for unchanged inputs, or not asked for. */
  specCheck: 'passed' | 'cached' | 'skipped'
}

export type MockStartErrorKind =
  | 'bad-option'
  | 'port-in-use'
  | 'stale-specs'
  | 'load-failed'
  | 'host-exited'
  | 'not-answering'
  /** Prism, an optional dependency, was left out of the install (`npm install --omit=optional`). */
  | 'prism-missing'

/** Why the mocks did not start, with what to do about it in the message. */
export class MockStartError extends Error {
  constructor(
    readonly kind: MockStartErrorKind,
    message: string,
  ) {
    super(message)
    this.name = 'MockStartError'
  }
}

// Resolved from the package root so the launcher also works from src/ under vitest; the host always runs built.
const hostEntry = fileURLToPath(new URL('../dist/prism-host.js', import.meta.url))
const outputTailLines = 60

/** Starts one Prism server per provider server (api, upload) and resolves once every one answers HTTP. */
export async function startMocks(options: StartMocksOptions = {}): Promise<RunningMocks> {
  const root = path.resolve(options.root ?? repositoryRoot)
  const specs = mockServerSpecs(options.providers ?? mockProviders)
  const ports = resolvePorts(specs, options.ports ?? {})
  const lifecycleMs = options.lifecycleMs ?? defaultLifecycleMs
  if (!Number.isFinite(lifecycleMs) || lifecycleMs < 0)
    throw new MockStartError(
      'bad-option',
      `lifecycleMs must be 0 or more milliseconds (--lifecycle-ms, SORAKIT_MOCK_LIFECYCLE_MS); got ${String(options.lifecycleMs)}`,
    )
  const latency = options.latency
  if (
    latency !== undefined &&
    !(
      Number.isFinite(latency.minMs) &&
      Number.isFinite(latency.maxMs) &&
      latency.minMs >= 0 &&
      latency.maxMs >= latency.minMs
    )
  ) {
    throw new MockStartError(
      'bad-option',
      `latency must be <min>-<max> milliseconds with 0 <= min <= max (--latency, SORAKIT_MOCK_LATENCY); got ${latency.minMs}-${latency.maxMs}`,
    )
  }
  const webhookKey = options.webhookKey ?? defaultWebhookKey
  checkPrismInstalled()
  if (webhookKey === '')
    throw new MockStartError('bad-option', 'webhookKey must not be empty (--webhook-key, SORAKIT_MOCK_WEBHOOK_KEY)')
  const ownsLogDirectory = options.logDirectory === undefined
  const logDirectory = options.logDirectory ?? (await mkdtemp(path.join(os.tmpdir(), 'sorakit-mock-')))
  const removeLogDirectory = () =>
    ownsLogDirectory ? rm(logDirectory, { recursive: true, force: true }) : Promise.resolve()
  await mkdir(logDirectory, { recursive: true })
  if (!existsSync(hostEntry))
    throw new MockStartError('load-failed', `${hostEntry} does not exist: build @sorakit/mock first (pnpm build)`)

  const servers = specs.map((spec) => ({
    ...spec,
    port: ports.get(spec.key)!,
    logFile: path.join(logDirectory, `${spec.key}.log`),
    url: '',
  }))
  const host = new HostProcess(logDirectory, servers)
  // The check runs while the host loads Prism (both take ~2 s, on separate cores); nothing listens before it passed.
  const check = (options.checkSpecs ?? existsSync(path.join(root, 'specs'))) ? runCodegenCheck(root) : undefined
  check?.catch(() => undefined) // awaited below; this keeps an early failure from counting as unhandled
  let checked: Awaited<typeof check>
  try {
    const config: HostConfig = {
      host: options.host ?? '127.0.0.1',
      errors: options.errors ?? false,
      logLevel: options.logLevel ?? 'info',
      lifecycleMs,
      webhookKey,
      ...(latency === undefined ? {} : { latency }),
      adminHosts: [...(options.adminHosts ?? [])],
      servers: servers.map((server) => ({
        key: server.key,
        providerId: server.provider.id,
        document: bundledDocumentFile(root, server.provider.id),
        upstreamUrl: server.upstreamUrl,
        takesUnmatchedOperations: server.server === primaryServer,
        port: server.port,
        logFile: server.logFile,
      })),
    }
    const loaded = await host.request({ type: 'load', config })
    if (loaded.type === 'load-failed')
      throw new MockStartError('load-failed', `Prism could not load the bundled documents: ${loaded.message}`)
    checked = await check
    if (checked && !checked.upToDate) {
      throw new MockStartError(
        'stale-specs',
        `Refusing to mock: a bundled document is stale against specs/, so the mocks would not match the generated types.\n${checked.output}`,
      )
    }
    const listening = await host.request({ type: 'listen' })
    if (listening.type === 'listen-failed')
      throw new MockStartError('port-in-use', describeListenFailures(listening.failures, servers))
    if (listening.type !== 'listening') throw new Error(`unexpected answer from the Prism host: ${listening.type}`)
    for (const server of servers) {
      server.url = listening.urls[server.key]!
      server.port = Number(new URL(server.url).port)
    }
    await Promise.all(servers.map((server) => waitUntilAnswering(server.url, options.readyTimeoutMs ?? 10_000)))
  } catch (error) {
    await host.stop()
    // A crash's report names the folder: it stays for the reader.
    if (!(error instanceof MockStartError && error.kind === 'host-exited')) await removeLogDirectory()
    throw error
  }
  const specCheck = checked === undefined ? 'skipped' : checked.cached ? 'cached' : 'passed'
  const urls = Object.fromEntries(servers.map((server) => [server.key, server.url]))
  return {
    root,
    servers,
    urls,
    lifecycleMs,
    webhookKey,
    logDirectory,
    exited: host.exited,
    stop: () => host.stop().then(removeLogDirectory),
    hostPid: host.pid,
    specCheck,
  }
}

function resolvePorts(
  specs: readonly MockServerSpec[],
  requested: Readonly<Record<string, number>>,
): Map<string, number> {
  const known = new Set(specs.map((spec) => spec.key))
  const unknown = Object.keys(requested).filter((key) => !known.has(key))
  if (unknown.length > 0)
    throw new MockStartError(
      'bad-option',
      `No mock server is called ${unknown.join(', ')}; the servers are ${[...known].join(', ')}`,
    )
  const ports = new Map<string, number>()
  for (const spec of specs) {
    const port = requested[spec.key] ?? spec.defaultPort
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new MockStartError(
        'bad-option',
        `Port ${String(port)} for ${spec.key} is not a port number (0-65535; 0 takes a free port): fix ${spec.portFlag} or ${spec.portEnvironmentVariable}`,
      )
    }
    ports.set(spec.key, port)
  }
  const taken = new Map<number, string>()
  for (const [key, port] of ports) {
    const other = port === 0 ? undefined : taken.get(port)
    if (other !== undefined)
      throw new MockStartError(
        'bad-option',
        `${other} and ${key} are both given port ${port}; give each server its own port`,
      )
    taken.set(port, key)
  }
  return ports
}

function describeListenFailures(failures: readonly ListenFailure[], servers: readonly MockServerSpec[]): string {
  return failures
    .map((failure) => {
      const spec = servers.find((server) => server.key === failure.key)!
      const what = `${spec.provider.displayName} ${spec.server} mock`
      if (failure.code === 'EADDRINUSE') {
        return `Port ${failure.port} (${what}) is already in use. Stop what listens there, or pick another port with ${spec.portFlag} <port> or ${spec.portEnvironmentVariable}=<port>.`
      }
      return `Port ${failure.port} (${what}) could not be opened: ${failure.message}. Pick another port with ${spec.portFlag} <port> or ${spec.portEnvironmentVariable}=<port>.`
    })
    .join('\n')
}

/** Resolves when `url` gives any HTTP answer; MockStartError `not-answering` after `timeoutMs`. */
export async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      // Any HTTP answer counts (Prism answers 404 for `/`): it proves the server accepts and handles requests.
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      await response.body?.cancel()
      return
    } catch (error) {
      if (Date.now() > deadline)
        throw new MockStartError('not-answering', `${url} did not answer within ${timeoutMs} ms: ${String(error)}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
}

/** The Prism host child process: request/answer over IPC, output kept for crash reports, never left behind. */
class HostProcess {
  readonly exited: Promise<HostExit>
  readonly pid: number
  private readonly child: ChildProcess
  private readonly outputTail: string[] = []
  private stopRequested = false
  private hasExited = false

  constructor(
    private readonly logDirectory: string,
    private readonly servers: readonly { key: string; logFile: string }[],
  ) {
    this.child = fork(hostEntry, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    this.pid = this.child.pid ?? -1
    const hostLog = createWriteStream(path.join(logDirectory, 'prism-host.log'), { flags: 'a' })
    const keep = (chunk: Buffer) => {
      hostLog.write(chunk)
      this.outputTail.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line.length > 0),
      )
      this.outputTail.splice(0, Math.max(0, this.outputTail.length - outputTailLines))
    }
    this.child.stdout!.on('data', keep)
    this.child.stderr!.on('data', keep)
    const killOnExit = () => this.child.kill('SIGKILL')
    process.once('exit', killOnExit)
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.hasExited = true
        process.off('exit', killOnExit)
        hostLog.end()
        void this.report(code, signal).then((report) =>
          resolve({ requested: this.stopRequested, code, signal, report }),
        )
      })
    })
  }

  /** Sends a message and resolves with the host's next message; rejects with the crash report if it exits first. */
  request(message: ParentMessage): Promise<HostMessage> {
    return new Promise((resolve, reject) => {
      const onMessage = (answer: HostMessage) => {
        this.child.off('message', onMessage)
        resolve(answer)
      }
      this.child.on('message', onMessage)
      void this.exited.then((exit) => {
        this.child.off('message', onMessage)
        reject(new MockStartError('host-exited', exit.report))
      })
      this.child.send(message)
    })
  }

  async stop(): Promise<void> {
    this.stopRequested = true
    if (!this.hasExited && this.child.connected) this.child.send({ type: 'stop' } satisfies ParentMessage)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000)
    await this.exited
    clearTimeout(timer)
  }

  private async report(code: number | null, signal: NodeJS.Signals | null): Promise<string> {
    const sections = [
      `The Prism host (pid ${this.pid}) exited ${signal ? `on signal ${signal}` : `with code ${String(code)}`}. Logs: ${this.logDirectory}`,
    ]
    sections.push(`--- host output (last ${outputTailLines} lines) ---\n${this.outputTail.join('\n') || '(none)'}`)
    for (const server of this.servers) {
      const lines = (await readFile(server.logFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line.length > 0)
        .slice(-10)
      sections.push(
        `--- ${server.key} request log, last ${lines.length} lines (${server.logFile}) ---\n${lines.map((line) => line.slice(0, 400)).join('\n') || '(empty)'}`,
      )
    }
    return sections.join('\n')
  }
}

/**
 * Prism serves the mock servers; it is an optional dependency so that an app wanting only the in-process
 * handlers (`@sorakit/mock/msw`) can install without it (about 200 packages). Said before any fork.
 */
export function checkPrismInstalled(resolve: (name: string) => string = createRequire(import.meta.url).resolve): void {
  try {
    for (const name of ['@stoplight/prism-http', '@stoplight/prism-http-server', '@stoplight/prism-core']) resolve(name)
  } catch {
    throw new MockStartError(
      'prism-missing',
      'The mock servers need Prism, an optional dependency of @sorakit/mock that this install left out (npm install --omit=optional?): install @sorakit/mock without --omit=optional, or use the in-process handlers of @sorakit/mock/msw, which need no Prism',
    )
  }
}
