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
import {
  BodyTooLargeError,
  maxBodyDepth,
  nestsDeeperThan,
  type BodyRefusal,
  type EngineAnswer,
  type EngineRequest,
  type LifecycleEngine,
  type Violation,
  isPortraitMediaPath,
  loggedBody,
} from '@sorakit/mock-msw/engine'
import { adminRefusal } from './admin-guard.js'
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
  /** The videos served at `/__mock/media/` URLs: the portrait one for a portrait task's (`isPortraitMediaPath`). */
  media: { landscape: Uint8Array; portrait: Uint8Array }
  /** Answers `/docs` (the provider's API reference) before anything else but CORS. Default: no `/docs`. */
  apiReference?: MockRoute
  /** Host names the admin API answers besides the loopback ones (`*`: any). Default: none. */
  adminHosts?: readonly string[]
}

export interface LifecycleServer {
  listen(port: number, host: string): Promise<string>
  close(): Promise<void>
}

const errorSeverity = 0 // DiagnosticSeverity.Error
const maxHeaderLength = 8 * 1024 - 100

export function createLifecycleServer(options: LifecycleServerOptions): LifecycleServer {
  const { engine, config, logger, media: videos } = options
  const prism = createInstance(config, { logger })
  // The lifecycle sends its own callbacks, as the task's state changes: Prism's (random, at once) are for Prefer
  // requests only.
  const withoutCallbacks = options.operations.map((operation) => ({ ...operation, callbacks: undefined })) as Operations

  async function handle(request: IncomingMessage, reply: ServerResponse): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
    )
    const { url, badHost } = requestUrl(request)
    const engineRequest: EngineRequest = { method: request.method ?? 'GET', url, headers, body: undefined }
    const admin = engine.isMockPath(url) && !isMediaRequest(request, url)
    // The admin API gets no CORS headers: a page on another origin may neither read nor preflight it.
    if (!admin) setCorsHeaders(request, reply)
    if (request.method === 'OPTIONS' && request.headers.origin && request.headers['access-control-request-method']) {
      if (admin)
        return send(
          reply,
          engine.answerError(
            engineRequest,
            403,
            'The admin API (/__mock/) does not answer cross-origin requests; call it from your tests or a terminal',
          ),
        )
      return answerPreflight(request, reply)
    }
    const refused = refusedUnread(engineRequest, admin, badHost)
    if (refused !== undefined) return send(reply, refused, engineRequest)
    if (options.apiReference?.(request, reply)) return
    const read = await readJsonBody(request, headers['content-type'], engine.bodyLimitOf(engineRequest.method, url))
    if (read.ok) engineRequest.body = read.value

    if (engine.isMockPath(url)) {
      if (isMediaRequest(request, url)) return sendMedia(request, reply, new URL(url).pathname)
      return send(
        reply,
        read.ok ? await engine.answerAdmin(engineRequest) : engine.answerRefusedBody(engineRequest, read.refusal),
      )
    }
    if (options.latency) await delay(options.latency)
    if (!read.ok) return send(reply, engine.answerRefusedBody(engineRequest, read.refusal), engineRequest)

    const { pathname, searchParams } = new URL(url)
    // Prism decodes the path and throws a URIError on malformed percent-encoding (`%ZZ`): answered here instead.
    if (!isWellFormedPath(pathname)) return send(reply, await answerMalformedPath(engineRequest), engineRequest)
    const query: Record<string, string | string[]> = {}
    for (const key of searchParams.keys()) {
      const values = searchParams.getAll(key)
      query[key] = values.length === 1 ? values[0]! : values
    }
    // Prism gets (and logs, at debug level) the credentials redacted: it only checks their scheme.
    const input = {
      method: (request.method ?? 'get').toLowerCase() as 'get',
      url: { path: pathname, baseUrl: searchParams.get('__server') ?? undefined, query },
      headers: redactedHeaders(headers) as Record<string, string>,
      body: read.value ?? null,
    }
    logger.info({ input: { ...input, body: loggedBody(input.body ?? undefined) } }, 'Request received')
    const prefers = headers['prefer'] !== undefined
    const preferences = getHttpConfigFromRequest(input)
    if (preferences._tag === 'Left') return sendProblem(reply, preferences.left, engineRequest)
    const requestConfig = { ...config, mock: { ...config.mock, ...preferences.right } } as IHttpConfig
    const result = await prism.request(input, prefers ? options.operations : withoutCallbacks, requestConfig)()
    if (result._tag === 'Left') {
      const error = result.left as ProblemJsonError & { status?: number }
      if (prefers) return sendProblem(reply, error, engineRequest)
      // Prism's own refusals (an empty path parameter, an unmatched route) in the provider's envelope.
      const operation = engine.match(input.method, url)
      if (operation === undefined || error.status === 404 || error.status === 405)
        return send(reply, engine.answerUnknownPath(engineRequest), engineRequest)
      return send(
        reply,
        engine.answerError(
          engineRequest,
          error.status === 422 ? engine.validationStatus : (error.status ?? 500),
          `${error.message}${error.detail ? `: ${error.detail}` : ''}`,
        ),
        engineRequest,
      )
    }
    const { output, validations } = result.right
    const inputViolations = validations.input.map((detail) => ({
      location: ['request', ...(detail.path ?? [])],
      severity: severityName(detail.severity),
      code: detail.code,
      message: detail.message,
    }))
    const outputViolations = validations.output.map((detail) => ({
      location: ['response', ...(detail.path ?? [])],
      severity: severityName(detail.severity),
      code: detail.code,
      message: detail.message,
    }))
    const violations = [...inputViolations, ...outputViolations]
    if (violations.length > 0) {
      const value = JSON.stringify(violations)
      reply.setHeader(
        'sl-violations',
        value.length > maxHeaderLength ? `Too many violations! ${value.slice(0, maxHeaderLength)}` : value,
      )
      if (config.errors && outputViolations.some((violation) => violation.severity === 'Error')) {
        return sendProblem(
          reply,
          ProblemJsonError.fromTemplate(
            VIOLATIONS,
            'Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.',
            { validation: outputViolations },
          ),
          engineRequest,
        )
      }
    }
    const example: EngineAnswer = {
      status: output.statusCode,
      headers: (output.headers ?? {}) as Record<string, string>,
      body: output.body,
    }
    const matched = prefers ? undefined : engine.match(input.method, url)
    if (prefers || matched === undefined) return sendPrism(reply, example, engineRequest)
    const blocking = validations.input.filter((detail) => detail.severity === errorSeverity)
    if (blocking.length > 0) {
      if (output.statusCode !== 422 && output.statusCode !== 400) return sendPrism(reply, example, engineRequest)
      const reported: Violation[] = blocking.map((detail) => ({
        path: (detail.path ?? []).slice(1),
        message: detail.message,
      }))
      return send(reply, await engine.answerInvalid(engineRequest, matched, example, reported), engineRequest)
    }
    if (output.statusCode < 200 || output.statusCode >= 300) return sendPrism(reply, example, engineRequest)
    return send(reply, await engine.answerValid(engineRequest, matched, example), engineRequest)
  }

  /**
   * What is refused before its body is read: a Host header that is not a host; an admin request from a page or to a
   * Host not allowed.
   */
  function refusedUnread(engineRequest: EngineRequest, admin: boolean, badHost: boolean): EngineAnswer | undefined {
    if (badHost)
      return engine.answerError(
        engineRequest,
        400,
        `The Host header ${JSON.stringify(String(engineRequest.headers['host']).slice(0, 100))} is not a host[:port]; send the mock's address, e.g. Host: 127.0.0.1`,
      )
    const refusal = admin ? adminRefusal(engineRequest.headers, options.adminHosts ?? []) : undefined
    return refusal === undefined ? undefined : engine.answerError(engineRequest, 403, refusal)
  }

  /**
   * A status request's malformed id is an unknown task (the engine keeps the id as sent); any other such path is not a
   * route.
   */
  async function answerMalformedPath(engineRequest: EngineRequest): Promise<EngineAnswer> {
    const operation = engine.match(engineRequest.method, engineRequest.url)
    if (operation?.role === 'status') return engine.answerValid(engineRequest, operation, { status: 200 })
    return engine.answerUnknownPath(engineRequest)
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

  function sendProblem(
    reply: ServerResponse,
    error: ProblemJsonError & { status?: number; additional?: { headers?: Record<string, string> } },
    request: EngineRequest,
  ): void {
    reply.setHeader('content-type', 'application/problem+json')
    for (const [name, value] of Object.entries(error.additional?.headers ?? {})) reply.setHeader(name, value)
    reply.statusCode = error.status ?? 500
    reply.end(JSON.stringify(ProblemJsonError.toProblemJson(error)))
    engine.record(request, reply.statusCode)
  }

  // A single `Range` is honoured so browsers can seek; the file is small and always whole in memory.
  function sendMedia(request: IncomingMessage, reply: ServerResponse, pathname: string): void {
    const media = isPortraitMediaPath(pathname) ? videos.portrait : videos.landscape
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
      if (reply.headersSent) return void reply.end()
      // In the provider's envelope too, with no stack trace: the host log has the error.
      const url = requestUrl(request).url
      send(
        reply,
        engine.answerError(
          { method: request.method ?? 'GET', url, headers: {}, body: undefined },
          500,
          `The mock failed on this request (${error instanceof Error ? error.name : 'error'}); the mock's host log has the details`,
        ),
      )
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

function answerPreflight(request: IncomingMessage, reply: ServerResponse): void {
  reply.setHeader('Access-Control-Allow-Methods', request.headers['access-control-request-method']!)
  reply.setHeader('Vary', 'origin')
  reply.setHeader('Content-Length', '0')
  reply.writeHead(204).end()
}

function setCorsHeaders(request: IncomingMessage, reply: ServerResponse): void {
  reply.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*')
  reply.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? '*')
  reply.setHeader('Access-Control-Allow-Credentials', 'true')
  reply.setHeader(
    'Access-Control-Expose-Headers',
    (request.headers['access-control-expose-headers'] as string | undefined) ?? '*',
  )
}

function severityName(severity: number): string {
  return ['Error', 'Warning', 'Information', 'Hint'][severity] ?? String(severity)
}

type ReadJsonBody = { ok: true; value: unknown } | { ok: false; refusal: BodyRefusal }

/** The body parsed as JSON (its text for other content types), refused when too large, too deep or not JSON. */
async function readJsonBody(
  request: IncomingMessage,
  contentType: string | undefined,
  limitBytes: number,
): Promise<ReadJsonBody> {
  let raw: Buffer
  try {
    raw = await readBoundedBody(request, limitBytes)
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return { ok: false, refusal: { kind: 'too-large', limitBytes: error.limitBytes } }
    throw error
  }
  if (raw.length === 0) return { ok: true, value: undefined }
  if (!/^application\/(.+\+)?json/.test(contentType ?? '')) return { ok: true, value: raw.toString('utf8') }
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch (error) {
    return { ok: false, refusal: { kind: 'not-json', reason: (error as Error).message } }
  }
  // Checked before anything walks the body: Prism, ajv and the scenario markers all recurse or copy it.
  if (nestsDeeperThan(value, maxBodyDepth))
    return { ok: false, refusal: { kind: 'too-deep', limitDepth: maxBodyDepth } }
  return { ok: true, value }
}

/**
 * The request body, at most `limitBytes`: a declared `Content-Length` over it is refused before reading,
 * a longer stream as soon as it passes. Hand-written (10 lines) because no body reader is a dependency
 * here (raw-body comes with express, not with Prism); the rest of an oversized body is discarded.
 */
function readBoundedBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limitBytes) {
      request.resume()
      return reject(new BodyTooLargeError(limitBytes))
    }
    const chunks: Buffer[] = []
    let length = 0
    const onData = (chunk: Buffer) => {
      length += chunk.length
      if (length <= limitBytes) return void chunks.push(chunk)
      request.off('data', onData)
      request.resume()
      reject(new BodyTooLargeError(limitBytes))
    }
    request.on('data', onData)
    request.once('end', () => resolve(Buffer.concat(chunks)))
    request.once('error', reject)
  })
}

/**
 * The request's absolute URL from its Host header; `badHost` when that header is not a host (the URL then uses
 * localhost).
 */
function requestUrl(request: IncomingMessage): { url: string; badHost: boolean } {
  const path = request.url ?? '/'
  try {
    return { url: new URL(`http://${request.headers.host ?? 'localhost'}${path}`).href, badHost: false }
  } catch {
    try {
      return { url: new URL(path, 'http://localhost').href, badHost: true }
    } catch {
      return { url: 'http://localhost/', badHost: true }
    }
  }
}

function isWellFormedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname)
    return true
  } catch {
    return false
  }
}

function isMediaRequest(request: IncomingMessage, url: string): boolean {
  return /^\/__mock\/media\//.test(new URL(url).pathname) && (request.method === 'GET' || request.method === 'HEAD')
}

const credentialHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key'])

/**
 * Headers with credentials replaced (their scheme kept, which is all Prism's security check reads), for Prism and its
 * logs.
 */
export function redactedHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      value !== undefined && credentialHeaders.has(name) ? redactedCredential(value) : value,
    ]),
  )
}

function redactedCredential(value: string): string {
  const scheme = /^(\S+)\s+\S/.exec(value)?.[1]
  if (scheme === undefined) return '[redacted]'
  // Basic credentials must still decode to user:password for Prism.
  return /^basic$/i.test(scheme) ? `${scheme} ${btoa('redacted:redacted')}` : `${scheme} [redacted]`
}

function delay({ minMs, maxMs }: { minMs: number; maxMs: number }): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)))
}
