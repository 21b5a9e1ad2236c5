import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { renderApiReferencePage, type ReferenceDocument } from './api-reference-page.js'
import { scalarBundle, scalarBundleFileName } from './api-reference-scalar.js'
import { withMockServers } from './api-reference-servers.js'

/** What the handler reads of a request; a Node `IncomingMessage` fits. */
export interface ApiReferenceRequest {
  method?: string | undefined
  /** Path and query, e.g. `/docs`. */
  url?: string | undefined
  headers: Readonly<Record<string, string | readonly string[] | undefined>>
}

/** A complete answer: the caller writes it as it is (plus its own headers, e.g. CORS). */
export interface ApiReferenceAnswer {
  status: number
  headers: Record<string, string>
  /** Empty for HEAD and 304. */
  body: Buffer
}

/** Options of {@link createApiReferenceHandler}. */
export interface ApiReferenceHandlerOptions {
  /** The bundled OpenAPI document to render. */
  document: ReferenceDocument
  /**
   * Base URL of a mock per upstream server URL, read at each page request (a mock's port is known only
   * once it listens). Those mocks come first in the page's server lists. Default: no mock, the
   * document's own servers.
   */
  mockServerUrls?: () => Readonly<Record<string, string>>
  /** Path the reference is served under. Default: `/docs`. */
  basePath?: string
}

/** Answers a request for the reference, or `undefined` when the request is not for it. */
export type ApiReferenceHandler = (request: ApiReferenceRequest) => ApiReferenceAnswer | undefined

/**
 * A framework-free request handler serving the reference of one document: `GET|HEAD <basePath>` (and
 * `<basePath>/`) the page, `<basePath>/scalar-api-reference.js` the Scalar bundle. Everything else,
 * other methods (CORS preflights) included, is left to the caller's server.
 */
export function createApiReferenceHandler(options: ApiReferenceHandlerOptions): ApiReferenceHandler {
  const basePath = options.basePath ?? '/docs'
  const scriptPath = `${basePath}/${scalarBundleFileName}`
  const pages = new Map<string, Payload>()
  let script: Payload | undefined

  const page = (): Payload => {
    const mockUrls = options.mockServerUrls?.() ?? {}
    const key = JSON.stringify(mockUrls)
    let payload = pages.get(key)
    if (payload === undefined) {
      const document =
        Object.keys(mockUrls).length === 0 ? options.document : withMockServers(options.document, mockUrls)
      payload = payloadOf(
        Buffer.from(renderApiReferencePage({ document, scriptUrl: scriptPath })),
        'text/html; charset=utf-8',
      )
      pages.set(key, payload)
    }
    return payload
  }

  return (request) => {
    const method = request.method ?? 'GET'
    if (method !== 'GET' && method !== 'HEAD') return undefined
    const pathname = new URL(request.url ?? '/', 'http://reference').pathname
    if (pathname === basePath || pathname === `${basePath}/`) return answer(page(), request)
    if (pathname === scriptPath)
      return answer((script ??= payloadOf(scalarBundle(), 'text/javascript; charset=utf-8')), request)
    return undefined
  }
}

interface Payload {
  contentType: string
  etag: string
  identity: Buffer
  /** Compressed on first use: most visits come from a browser, but tests and curl often do not ask. */
  gzip: () => Buffer
}

function payloadOf(identity: Buffer, contentType: string): Payload {
  let compressed: Buffer | undefined
  return {
    contentType,
    identity,
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
    gzip: () => (compressed ??= gzipSync(identity, { level: 9 })),
  }
}

function answer(payload: Payload, request: ApiReferenceRequest): ApiReferenceAnswer {
  // no-cache: the browser keeps its copy but asks each time; an unchanged page or bundle costs a 304.
  const headers: Record<string, string> = {
    'content-type': payload.contentType,
    'cache-control': 'no-cache',
    etag: payload.etag,
    vary: 'accept-encoding',
  }
  if (
    headerValues(request, 'if-none-match').some((value) =>
      value
        .split(',')
        .map((tag) => tag.trim())
        .includes(payload.etag),
    )
  ) {
    return { status: 304, headers, body: Buffer.alloc(0) }
  }
  const gzip = headerValues(request, 'accept-encoding').some((value) => /\bgzip\b/.test(value))
  const body = gzip ? payload.gzip() : payload.identity
  if (gzip) headers['content-encoding'] = 'gzip'
  headers['content-length'] = String(body.length)
  return { status: 200, headers, body: request.method === 'HEAD' ? Buffer.alloc(0) : body }
}

function headerValues(request: ApiReferenceRequest, name: string): string[] {
  const value = request.headers[name]
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value]
}
