import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GeneratedProvider } from '@sorakit/provider'
import { providerRegistry } from '@sorakit/provider-registry'
import { inject } from 'vitest'
import {
  createLifecycleEngine,
  type LifecycleDocument,
  type LifecycleProviderTable,
  type MatchedOperation,
} from '@sorakit/mock-msw/engine'
import { mockServerSpecs, type ProviderTable } from '../src/mock-providers.js'
import type { OpenApiDocument, OperationEntry } from '../src/openapi-operations.js'
import { encodeBody, type RequestSample } from '../src/request-samples.js'

type ClientFactory = GeneratedProvider['createClient']

/** The generated client factory of a provider package (`create<Id>Client`), from the generated registry. */
export async function generatedClientFactory(providerId: string): Promise<ClientFactory> {
  return registeredProvider(providerId).createClient
}

/**
 * What the lifecycle layer does with an operation: `create`, `status`, `download-url`, `upload`, or `other` (Prism's
 * answer).
 */
export function lifecycleRole(
  providerId: string,
  document: OpenApiDocument,
  entry: OperationEntry,
): MatchedOperation['role'] {
  registeredProvider(providerId)
  const table: LifecycleProviderTable = providerRegistry[providerId as keyof typeof providerRegistry].table
  const engine = createLifecycleEngine({ table, document: document as LifecycleDocument })
  const path = entry.path.replace(/\{[^}]+\}/g, 'sample')
  return engine.match(entry.method, `http://mock${path}`)?.role ?? 'other'
}

/** The generated table of a provider, from the registry: its callbacks say which are signed. */
export async function generatedTable(providerId: string): Promise<ProviderTable> {
  return registeredProvider(providerId).table
}

function registeredProvider(providerId: string): GeneratedProvider {
  const provider = (providerRegistry as Record<string, GeneratedProvider>)[providerId]
  if (provider === undefined)
    throw new Error(`${providerId} is not in @sorakit/provider-registry: run \`pnpm codegen\` and \`pnpm install\``)
  return provider
}

/** URL of each mock server started by the global setup, by server key (`kie`, `kie-upload`, ...). */
export function mockUrls(): Record<string, string> {
  return inject('mockUrls')
}

/** The webhook key the suite's mocks sign callbacks with. */
export function mockWebhookKey(): string {
  return inject('mockWebhookKey')
}

export interface SendOptions {
  /** Value of the `Prefer` header. */
  prefer?: string
  /** Send no Authorization header. */
  withoutCredentials?: boolean
}

export interface MockAnswer {
  status: number
  headers: Headers
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown
}

/** Sends a sample request to the provider's mock through its generated client (`create<Id>Client`). */
export async function send(
  provider: ProviderTable,
  entry: OperationEntry,
  request: RequestSample,
  options: SendOptions = {},
): Promise<MockAnswer> {
  const urls = mockUrls()
  const servers = mockServerSpecs().filter((spec) => spec.provider.id === provider.id)
  const upload = servers.find((spec) => spec.server === 'upload')
  const factory = await generatedClientFactory(provider.id)
  const client = factory({
    apiKey: 'contract-test-key',
    baseUrl: urls[provider.id]!,
    ...(upload === undefined ? {} : { uploadBaseUrl: urls[upload.key]! }),
    ...(options.withoutCredentials ? { fetch: withoutAuthorization } : {}),
  })
  const multipart = request.contentType === 'multipart/form-data'
  const init = {
    params: { query: request.query, path: request.pathParameters },
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(multipart ? { bodySerializer: (body: unknown) => encodeBody(entry, body) } : {}),
    headers: options.prefer === undefined ? {} : { Prefer: options.prefer },
    parseAs: 'text',
  }
  // The generated clients type literal paths; the contract tests walk paths read from the documents (see
  // GeneratedClient).
  const { response, data, error } = await client.request(entry.method, entry.path, init as never)
  // parseAs 'text' hands a 2xx body over as text in `data`; an error body arrives in `error`, already JSON-parsed when
  // it parses.
  const payload = response.ok ? data : error
  const isJson = /json/.test(response.headers.get('content-type') ?? '')
  const body =
    typeof payload === 'string' && isJson && payload.length > 0 ? (JSON.parse(payload) as unknown) : (payload ?? '')
  return { status: response.status, headers: response.headers, body }
}

function withoutAuthorization(request: Request): Promise<Response> {
  const copy = new Request(request)
  copy.headers.delete('Authorization')
  return fetch(copy)
}

/** A local HTTP server that records what Prism POSTs to callback URLs. */
export interface CallbackSink {
  url: string
  received: Array<{ path: string; headers: IncomingMessage['headers']; body: unknown; rawBody: string }>
  /** Resolves with the first request received on `path`; `rawBody` is the text a signature covers. */
  next(
    path: string,
    timeoutMs?: number,
  ): Promise<{ headers: IncomingMessage['headers']; body: unknown; rawBody: string }>
  /** Answers the next `count` requests with `status` (a receiver refusing callbacks). */
  refuse(count: number, status: number): void
  close(): Promise<void>
}

export async function startCallbackSink(): Promise<CallbackSink> {
  const received: CallbackSink['received'] = []
  const waiting: Array<{ path: string; resolve: (entry: CallbackSink['received'][number]) => void }> = []
  const refusals: number[] = []
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const refusal = refusals.shift()
      if (refusal !== undefined) {
        response.writeHead(refusal).end()
        return
      }
      const entry = {
        path: request.url ?? '',
        headers: request.headers,
        body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined,
        rawBody: text,
      }
      received.push(entry)
      for (const waiter of waiting.filter((candidate) => candidate.path === entry.path)) waiter.resolve(entry)
      response.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    next(path, timeoutMs = 5_000) {
      const already = received.find((entry) => entry.path === path)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no callback on ${path} within ${timeoutMs} ms`)), timeoutMs)
        waiting.push({ path, resolve: (entry) => (clearTimeout(timer), resolve(entry)) })
      })
    },
    refuse(count, status) {
      refusals.push(...Array.from({ length: count }, () => status))
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * The request with every callback URL field (declared by the operation's `callbacks`) pointed at the sink:
 * Prism POSTs callbacks for every request it answers, and the documents' examples name public hosts.
 */
export function withLocalCallbacks(entry: OperationEntry, request: RequestSample, sinkUrl: string): RequestSample {
  if (request.body === undefined || entry.callbacks.length === 0) return request
  const body = structuredClone(request.body) as Record<string, unknown>
  const query = { ...request.query }
  for (const callback of entry.callbacks) {
    const field = callback.requestBodyField
    // A URL in a query parameter (fal's `fal_webhook`) is always set; one in the body where the sample has the field.
    if (callback.requestQueryParameter !== undefined)
      query[callback.requestQueryParameter] = `${sinkUrl}/${callback.name}`
    else if (field?.length === 1 && field[0]! in body) body[field[0]!] = `${sinkUrl}/${callback.name}`
  }
  return { ...request, body, query }
}

/** Whether the request (as {@link withLocalCallbacks} makes it) carries the callback's URL. */
export function carriesCallback(callback: OperationEntry['callbacks'][number], request: RequestSample): boolean {
  const field = callback.requestBodyField
  return callback.requestQueryParameter !== undefined || (field?.length === 1 && field[0]! in (request.body as object))
}

/**
 * Whether the provider sells the sample's model now (the manifest's availability, in the table); a paused model's
 * create is refused.
 */
export function sellsModel(table: ProviderTable, sample: RequestSample): boolean {
  return sample.variant === undefined || table.models[sample.variant]?.availability.status === 'available'
}

/** A request with any Host header (fetch forbids setting one), answered as status, headers and text. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (incoming) => {
        let text = ''
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()))
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }))
      },
    )
    outgoing.on('error', reject)
    outgoing.end(options.body)
  })
}

/**
 * A create naming `model`, which the provider does not have, and the status it is refused with: in the body with the
 * validation status (modelIn body), or as the path, answered as an unknown endpoint, 404 (modelIn path).
 */
export function unknownModelCreate(
  table: ProviderTable,
  sample: RequestSample,
  create: OperationEntry,
  model: string,
  validationStatus: number,
): { path: string; body: Record<string, unknown>; status: number } {
  const body = sample.body as Record<string, unknown>
  return table.modelOperation.modelIn === 'path'
    ? { path: `/${model}`, body, status: 404 }
    : { path: create.path, body: { ...body, [table.modelOperation.discriminator]: model }, status: validationStatus }
}
