/**
 * The mock's lifecycle as MSW 2 request handlers: the engine the servers run (src/engine), in-process, with
 * the request check Prism does in server mode done by ajv against the same bundled documents. No Node
 * built-ins and no Prism on this path: it runs in `setupServer` (Node, vitest) and `setupWorker` (browser).
 */
import { bypass, http, HttpResponse, type HttpHandler } from 'msw'
import {
  createLifecycleEngine,
  type BodyLimits,
  type EngineAnswer,
  type EngineRequest,
  type LifecycleEngine,
  type MatchedOperation,
} from './engine/index.js'
import { mediaResponse } from './msw-media.js'
import { builtInMockedProviders, type BuiltInMockedProviderId, type MockedProvider } from './msw-providers.js'
import { createRequestChecker, readEngineRequest } from './msw-request.js'

/** Options of {@link createMockHandlers}. */
export interface MockHandlersOptions {
  /**
   * A built-in provider id (`kie`, `apikley`, `vtrix`), or `{ table, document }` of another generated provider package
   * of a known API family.
   */
  provider: BuiltInMockedProviderId | MockedProvider
  /**
   * Time from create to a task's final state, in ms; `0` makes a task final at its first poll. Default: `20000` (a
   * progress bar is seen).
   */
  lifecycleMs?: number
  /** HMAC key signed callbacks carry (kie.ai's scheme); verify them with it. Default: `sorakit-mock-webhook-key`. */
  webhookKey?: string
  /**
   * The API base URL to intercept, an absolute `http:` or `https:` URL (`http://127.0.0.1:4129`; `127.0.0.1:4129` is
   * refused: it would intercept nothing). Default: the provider's real one (the table's `api` server), so production
   * code runs unchanged.
   */
  baseUrl?: string
  /**
   * The upload base URL to intercept, for providers with an upload server; absolute `http:`/`https:` as `baseUrl`.
   * Default: the provider's real one (the table's `upload` server).
   */
  uploadBaseUrl?: string
  /**
   * Largest request bodies read; a larger one is answered 413 in the provider's envelope. Default: 1 MiB, 20 MiB for
   * upload operations.
   */
  bodyLimits?: BodyLimits
  /** Where failed callback deliveries are reported. Default: `console.warn`. */
  log?: (message: string) => void
  /**
   * The clock tasks age by, in Unix ms: a fake one walks a lifecycle in a test without waiting. Default: `Date.now`.
   */
  now?: () => number
}

/**
 * The handlers, and the engine behind them (`engine.reset()` between tests, `engine.stop()` to cancel pending
 * callbacks).
 */
export type MockHandlers = HttpHandler[] & { engine: LifecycleEngine }

/**
 * MSW request handlers serving one provider's mock lifecycle at its base URLs: pass them to `setupServer` or
 * `setupWorker`.
 */
export function createMockHandlers(options: MockHandlersOptions): MockHandlers {
  const provider = resolveProvider(options?.provider)
  const origins: Record<string, string> = { ...provider.table.servers }
  if (options.baseUrl !== undefined) origins['api'] = checkedBaseUrl('baseUrl', options.baseUrl)
  if (options.uploadBaseUrl !== undefined) origins['upload'] = checkedBaseUrl('uploadBaseUrl', options.uploadBaseUrl)
  const engine = createLifecycleEngine({
    table: provider.table,
    document: provider.document,
    ...(options.lifecycleMs === undefined ? {} : { lifecycleMs: options.lifecycleMs }),
    ...(options.webhookKey === undefined ? {} : { webhookKey: options.webhookKey }),
    ...(options.bodyLimits === undefined ? {} : { bodyLimits: options.bodyLimits }),
    ...(options.now === undefined ? {} : { now: options.now }),
    // bypass(): a callback to a URL these handlers also intercept must reach the network, not loop back.
    callbacks: {
      fetch: (url, init) => fetch(bypass(new Request(url, init))),
      ...(options.log ? { log: options.log } : {}),
    },
  })
  const checker = createRequestChecker(provider.table, provider.document)

  // Which of the provider's servers each operation belongs to: the one its document `servers` name, else api.
  const serverOf = (matched: MatchedOperation): string => {
    const urls = checker.servers(matched)
    return Object.entries(provider.table.servers).find(([, url]) => urls.includes(url))?.[0] ?? 'api'
  }

  // Whatever fails while answering is answered in the provider's envelope, never as MSW's 500 with a stack trace.
  async function answer(request: Request, server: string, basePath: string): Promise<Response> {
    try {
      return await answerRequest(request, server, basePath)
    } catch (error) {
      const failure = engine.answerError(
        { method: request.method, url: request.url, headers: {}, body: undefined },
        500,
        `The mock failed on this request (${error instanceof Error ? error.name : 'error'}); see the console`,
      )
      console.error('sorakit mock:', error)
      return new HttpResponse(JSON.stringify(failure.body), {
        status: failure.status,
        headers: { ...corsHeaders(request), ...failure.headers },
      })
    }
  }

  async function answerRequest(request: Request, server: string, basePath: string): Promise<Response> {
    const cors = corsHeaders(request)
    if (request.method === 'OPTIONS')
      return new HttpResponse(null, {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': request.headers.get('access-control-request-method') ?? '*',
        },
      })
    // The engine matches the table's paths, which are relative to the server URL (Apikley's upload server is
    // `<api>/file-upload`).
    const url = new URL(request.url)
    const local =
      basePath !== '' && url.pathname.startsWith(`${basePath}/`)
        ? `${url.origin}${url.pathname.slice(basePath.length)}${url.search}`
        : request.url
    const { engineRequest, body } = await readEngineRequest(request, local, engine.bodyLimitOf(request.method, local))
    const reply = (result: EngineAnswer, recorded?: EngineRequest): Response => {
      if (recorded) engine.record(recorded, result.status)
      return new HttpResponse(result.body === undefined ? null : JSON.stringify(result.body), {
        status: result.status,
        headers: { ...cors, ...result.headers },
      })
    }
    if (engine.isMockPath(local)) {
      if (/^\/__mock\/media\//.test(new URL(local).pathname) && (request.method === 'GET' || request.method === 'HEAD'))
        return mediaResponse(request, cors)
      return reply(
        body.ok ? await engine.answerAdmin(engineRequest) : engine.answerRefusedBody(engineRequest, body.refusal),
      )
    }
    if (!body.ok) return reply(engine.answerRefusedBody(engineRequest, body.refusal), engineRequest)
    const matched = engine.match(request.method, local)
    if (matched === undefined || serverOf(matched) !== server)
      return reply(engine.answerUnknownPath(engineRequest), engineRequest)
    const statuses = checker.statuses(matched)
    if (checker.missingCredentials(matched, engineRequest)) {
      const { auth } = provider.table
      const header = auth.scheme === 'bearer' ? 'Authorization: Bearer ' : `${auth.header}: ${auth.prefix ?? ''}`
      return reply(
        checker.documented(matched, '401') ??
          engine.answerError(engineRequest, 401, `Send your API key as ${header}<key> (the mock takes any key)`),
        engineRequest,
      )
    }
    const violations = await checker.violations(matched, engineRequest)
    if (violations.length > 0) {
      // As Prism: the documented 422, else 400.
      const status = ['422', '400'].find((code) => statuses.includes(code)) ?? '400'
      const example = checker.documented(matched, status) ?? { status: Number(status), body: undefined }
      return reply(await engine.answerInvalid(engineRequest, matched, example, violations), engineRequest)
    }
    const success = statuses.find((code) => /^2\d\d$/.test(code)) ?? '200'
    const example = checker.documented(matched, success) ?? { status: Number(success), body: undefined }
    return reply(await engine.answerValid(engineRequest, matched, example), engineRequest)
  }

  // Longest base URL first: MSW takes the first handler that matches, and a server may sit under another's origin.
  const handlers = Object.entries(origins)
    .map(([server, base]) => ({ server, base: base.replace(/\/+$/, '') }))
    .sort((left, right) => right.base.length - left.base.length)
    // A RegExp without capture groups, not `${base}/*`: MSW decodes a path pattern's captures and throws a
    // URIError on `%ZZ` before any handler runs; the engine answers malformed ids itself.
    .map(({ server, base }) =>
      http.all(new RegExp(`^${escapeRegExp(base)}/`), ({ request }) =>
        answer(request, server, new URL(base).pathname.replace(/\/+$/, '')),
      ),
    )
  return Object.assign(handlers, { engine })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** An absolute http(s) base URL; anything else would make MSW match nothing and let requests reach the network. */
function checkedBaseUrl(option: string, value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    throw new TypeError(
      `createMockHandlers: ${option} must be an absolute http: or https: URL such as http://127.0.0.1:4129; got ${JSON.stringify(value)}, which would intercept nothing and let requests reach the network`,
    )
  }
  return value
}

function resolveProvider(provider: MockHandlersOptions['provider'] | undefined): MockedProvider {
  if (
    typeof provider === 'object' &&
    provider !== null &&
    typeof provider.table === 'object' &&
    typeof provider.document === 'object'
  )
    return provider
  if (typeof provider === 'string' && Object.hasOwn(builtInMockedProviders, provider))
    return builtInMockedProviders[provider]
  throw new TypeError(
    `createMockHandlers: provider must be one of ${Object.keys(builtInMockedProviders).join(', ')}, or { table, document } of a generated provider package (its <id>Provider table and openapi.json); got ${JSON.stringify(provider)}`,
  )
}

// A page on another origin reads the answers: the same CORS headers the server mode sends.
function corsHeaders(request: Request): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*',
    'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After, Content-Range, Content-Length',
  }
}
