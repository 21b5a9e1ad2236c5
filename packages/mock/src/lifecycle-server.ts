/**
 * One mock server: Prism validates every request and produces the documented example, the lifecycle engine
 * owns create/status, callbacks and `/__mock/`. Requests carrying Prism's `Prefer` header get Prism's answer
 * untouched (and Prism's own callbacks), so contract tests can still ask for any documented example.
 *
 * The request handling follows prism-http-server's `createServer` (5.12.2: body parsing, CORS, the
 * `sl-violations` header, `--errors`, problem+json for Prism's own errors) because that server offers no
 * hook between Prism's answer and the reply; Prism itself (prism-http's instance) is used as is.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInstance, ProblemJsonError, VIOLATIONS, type IHttpConfig } from '@stoplight/prism-http'
import type { createLogger } from '@stoplight/prism-core'
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js'
import { serialize } from '@stoplight/prism-http-server/dist/serialize.js'
import type { EngineAnswer, EngineRequest, LifecycleEngine, Violation } from './engine/index.js'
import type { MockRoute } from './mock-api-reference.js'

type Operations = Parameters<ReturnType<typeof createInstance>['request']>[1]

export interface LifecycleServerOptions {
  /** Prism's operations of this server (with their callbacks, fired only for `Prefer` requests). */
  operations: Operations
  engine: LifecycleEngine
  config: IHttpConfig
  logger: ReturnType<typeof createLogger>
  /** Added delay of each provider answer, drawn between min and max ms. Default: none. */
  latency?: { minMs: number; maxMs: number }
  /** The video served at every `/__mock/media/` URL. */
  media: Uint8Array
  /** Answers `/docs` (the provider's API reference) before anything else but CORS. Default: no `/docs`. */
  apiReference?: MockRoute
}

export interface LifecycleServer {
  listen(port: number, host: string): Promise<string>
  close(): Promise<void>
}

const errorSeverity = 0 // DiagnosticSeverity.Error
const maxHeaderLength = 8 * 1024 - 100

export function createLifecycleServer(options: LifecycleServerOptions): LifecycleServer {
  const { engine, config, logger, media } = options
  const prism = createInstance(config, { logger })
  // The lifecycle sends its own callbacks, as the task's state changes: Prism's (random, at once) are for Prefer requests only.
  const withoutCallbacks = options.operations.map((operation) => ({ ...operation, callbacks: undefined })) as Operations

  async function handle(request: IncomingMessage, reply: ServerResponse): Promise<void> {
    setCorsHeaders(request, reply)
    if (request.method === 'OPTIONS' && request.headers.origin && request.headers['access-control-request-method']) {
      reply.setHeader('Access-Control-Allow-Methods', request.headers['access-control-request-method'])
      reply.setHeader('Vary', 'origin')
      reply.setHeader('Content-Length', '0')
      reply.writeHead(204).end()
      return
    }
    if (options.apiReference?.(request, reply)) return
    const url = `http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]))
    const raw = await readBody(request)
    const engineRequest: EngineRequest = { method: request.method ?? 'GET', url, headers, body: undefined }
    const isJson = /^application\/(.+\+)?json/.test(headers['content-type'] ?? '')
    let parsed: { ok: true; value: unknown } | { ok: false; reason: string }
    try {
      parsed = { ok: true, value: raw.length === 0 ? undefined : isJson ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8') }
    } catch (error) {
      parsed = { ok: false, reason: (error as Error).message }
    }
    if (parsed.ok) engineRequest.body = parsed.value

    if (engine.isMockPath(url)) {
      if (/^\/__mock\/media\//.test(new URL(url).pathname) && (request.method === 'GET' || request.method === 'HEAD')) return sendMedia(request, reply)
      const answer = parsed.ok ? engine.answerAdmin(engineRequest) : { status: 400, headers: { 'Content-Type': 'application/json' }, body: { error: `The admin request body is not valid JSON: ${parsed.reason}` } }
      return send(reply, answer)
    }
    if (options.latency) await delay(options.latency)
    if (!parsed.ok) return send(reply, engine.answerBadJson(engineRequest, parsed.reason), engineRequest)

    const { pathname, searchParams } = new URL(url)
    const query: Record<string, string | string[]> = {}
    for (const key of searchParams.keys()) {
      const values = searchParams.getAll(key)
      query[key] = values.length === 1 ? values[0]! : values
    }
    const input = { method: (request.method ?? 'get').toLowerCase() as 'get', url: { path: pathname, baseUrl: searchParams.get('__server') ?? undefined, query }, headers: headers as Record<string, string>, body: parsed.value ?? null }
    logger.info({ input }, 'Request received')
    const prefers = headers['prefer'] !== undefined
    const preferences = getHttpConfigFromRequest(input)
    if (preferences._tag === 'Left') return sendProblem(reply, preferences.left, engineRequest)
    const requestConfig = { ...config, mock: { ...config.mock, ...preferences.right } } as IHttpConfig
    const result = await prism.request(input, prefers ? options.operations : withoutCallbacks, requestConfig)()
    if (result._tag === 'Left') {
      const error = result.left as ProblemJsonError & { status?: number }
      if (!prefers && (error.status === 404 || error.status === 405)) return send(reply, engine.answerUnknownPath(engineRequest), engineRequest)
      return sendProblem(reply, error, engineRequest)
    }
    const { output, validations } = result.right
    const inputViolations = validations.input.map((detail) => ({ location: ['request', ...(detail.path ?? [])], severity: severityName(detail.severity), code: detail.code, message: detail.message }))
    const outputViolations = validations.output.map((detail) => ({ location: ['response', ...(detail.path ?? [])], severity: severityName(detail.severity), code: detail.code, message: detail.message }))
    const violations = [...inputViolations, ...outputViolations]
    if (violations.length > 0) {
      const value = JSON.stringify(violations)
      reply.setHeader('sl-violations', value.length > maxHeaderLength ? `Too many violations! ${value.slice(0, maxHeaderLength)}` : value)
      if (config.errors && outputViolations.some((violation) => violation.severity === 'Error')) {
        return sendProblem(reply, ProblemJsonError.fromTemplate(VIOLATIONS, 'Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.', { validation: outputViolations }), engineRequest)
      }
    }
    const example: EngineAnswer = { status: output.statusCode, headers: (output.headers ?? {}) as Record<string, string>, body: output.body }
    const matched = prefers ? undefined : engine.match(input.method, url)
    if (prefers || matched === undefined) return sendPrism(reply, example, engineRequest)
    const blocking = validations.input.filter((detail) => detail.severity === errorSeverity)
    if (blocking.length > 0) {
      if (output.statusCode !== 422 && output.statusCode !== 400) return sendPrism(reply, example, engineRequest)
      const reported: Violation[] = blocking.map((detail) => ({ path: (detail.path ?? []).slice(1), message: detail.message }))
      return send(reply, await engine.answerInvalid(engineRequest, matched, example, reported), engineRequest)
    }
    if (output.statusCode < 200 || output.statusCode >= 300) return sendPrism(reply, example, engineRequest)
    return send(reply, await engine.answerValid(engineRequest, matched, example), engineRequest)
  }

  function sendPrism(reply: ServerResponse, answer: EngineAnswer, request: EngineRequest): void {
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.setHeader(name, value)
    reply.statusCode = answer.status
    reply.end(serialize(answer.body, reply.getHeader('content-type') as string | undefined))
    engine.record(request, answer.status)
  }

  function send(reply: ServerResponse, answer: EngineAnswer, request?: EngineRequest): void {
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.setHeader(name, value)
    reply.statusCode = answer.status
    reply.end(answer.body === undefined ? undefined : JSON.stringify(answer.body))
    if (request) engine.record(request, answer.status)
  }

  function sendProblem(reply: ServerResponse, error: ProblemJsonError & { status?: number; additional?: { headers?: Record<string, string> } }, request: EngineRequest): void {
    reply.setHeader('content-type', 'application/problem+json')
    for (const [name, value] of Object.entries(error.additional?.headers ?? {})) reply.setHeader(name, value)
    reply.statusCode = error.status ?? 500
    reply.end(JSON.stringify(ProblemJsonError.toProblemJson(error)))
    engine.record(request, reply.statusCode)
  }

  // A single `Range` is honoured so browsers can seek; the file is small and always whole in memory.
  function sendMedia(request: IncomingMessage, reply: ServerResponse): void {
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '')
    reply.setHeader('Content-Type', 'video/mp4')
    reply.setHeader('Accept-Ranges', 'bytes')
    if (range && (range[1] !== '' || range[2] !== '')) {
      const start = range[1] === '' ? Math.max(0, media.length - Number(range[2])) : Number(range[1])
      const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), media.length - 1) : media.length - 1
      if (start >= media.length || start > end) {
        reply.setHeader('Content-Range', `bytes */${media.length}`)
        reply.writeHead(416).end()
        return
      }
      reply.setHeader('Content-Range', `bytes ${start}-${end}/${media.length}`)
      reply.setHeader('Content-Length', String(end - start + 1))
      reply.writeHead(206).end(request.method === 'HEAD' ? undefined : media.subarray(start, end + 1))
      return
    }
    reply.setHeader('Content-Length', String(media.length))
    reply.writeHead(200).end(request.method === 'HEAD' ? undefined : media)
  }

  const server = createHttpServer((request, reply) => {
    handle(request, reply).catch((error: unknown) => {
      logger.error({ error: String(error) }, 'sorakit mock: request failed')
      if (!reply.headersSent) reply.writeHead(500, { 'content-type': 'application/json' })
      reply.end(JSON.stringify({ error: `sorakit mock: ${String(error)}` }))
    })
  })
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', (error) => reject(error.message))
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo
          resolve(`http://${address.address}:${address.port}`)
        })
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function setCorsHeaders(request: IncomingMessage, reply: ServerResponse): void {
  reply.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*')
  reply.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? '*')
  reply.setHeader('Access-Control-Allow-Credentials', 'true')
  reply.setHeader('Access-Control-Expose-Headers', (request.headers['access-control-expose-headers'] as string | undefined) ?? '*')
}

function severityName(severity: number): string {
  return ['Error', 'Warning', 'Information', 'Hint'][severity] ?? String(severity)
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function delay({ minMs, maxMs }: { minMs: number; maxMs: number }): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)))
}
