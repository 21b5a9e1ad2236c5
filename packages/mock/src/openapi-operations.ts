import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { dereference as dereferenceDocument, type LifecycleDocument } from '@sorakit/mock-msw/engine'
import type { ProviderTable } from './mock-providers.js'

/** The parts of a bundled OpenAPI 3.1 document the mock reads. */
export interface OpenApiDocument {
  servers?: Array<{ url: string }>
  paths: Record<string, PathItem>
  components?: Record<string, Record<string, unknown>>
}

type PathItem = Record<string, unknown> & { servers?: Array<{ url: string }>; parameters?: unknown[] }

export interface SchemaObject {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, SchemaObject>
  required?: string[]
  items?: SchemaObject
  oneOf?: SchemaObject[]
  enum?: unknown[]
  maxLength?: number
  format?: string
  discriminator?: { propertyName: string }
}

export interface ParameterObject {
  name: string
  in: 'query' | 'path' | 'header' | 'cookie'
  required?: boolean
  schema?: SchemaObject
  example?: unknown
}

export interface MediaTypeObject {
  schema?: SchemaObject
  example?: unknown
  examples?: Record<string, { summary?: string; value?: unknown }>
}

export interface ResponseObject {
  description?: string
  content?: Record<string, MediaTypeObject>
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch'] as const
export type HttpMethod = (typeof httpMethods)[number]

/** One operation of a bundled document, with its references resolved one level deep. */
export interface OperationEntry {
  method: HttpMethod
  path: string
  operationId: string
  /** Name of the provider server that serves it (`api`, `upload`). */
  server: string
  parameters: ParameterObject[]
  body?: { contentType: string; schema: SchemaObject; required: boolean }
  /** Responses by status code. */
  responses: Record<string, ResponseObject>
  callbacks: CallbackEntry[]
}

/** An OpenAPI callback of an operation: Prism POSTs its request body to the URL the expression names. */
export interface CallbackEntry {
  name: string
  /** Runtime expression of the URL, e.g. `{$request.body#/callBackUrl}`. */
  expression: string
  /** The request body field that holds the URL (`['callBackUrl']`), when the expression reads one. */
  requestBodyField?: string[]
  /** The query parameter that holds the URL (fal's `fal_webhook`), when the expression reads one. */
  requestQueryParameter?: string
  /** JSON pointer (in the document) of the schema of the body the provider POSTs. */
  bodySchemaPointer: string
}

/**
 * The bundled document of a provider: `packages/<id>/openapi.json` under the repository root, or, in an
 * install outside this repository (no such file), the installed `@sorakit/<id>/openapi.json`.
 */
export function bundledDocumentFile(root: string, providerId: string): string {
  const inRepository = path.join(root, 'packages', providerId, 'openapi.json')
  return existsSync(inRepository)
    ? inRepository
    : createRequire(import.meta.url).resolve(`@sorakit/${providerId}/openapi.json`)
}

/** Reads a provider's bundled document ({@link bundledDocumentFile}). */
export function readBundledDocument(root: string, providerId: string): OpenApiDocument {
  return JSON.parse(readFileSync(bundledDocumentFile(root, providerId), 'utf8')) as OpenApiDocument
}

/** Follows `$ref` until it reaches an object that is not a reference (the engine's, over this module's document type). */
export function dereference<T>(document: OpenApiDocument, value: unknown): T {
  return dereferenceDocument<T>(document as unknown as LifecycleDocument, value)
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument, provider: ProviderTable): OperationEntry[] {
  const escape = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1')
  const serverNames = new Map(Object.entries(provider.servers).map(([name, url]) => [url, name]))
  return Object.entries(document.paths).flatMap(([operationPath, pathItem]) =>
    httpMethods.flatMap((method) => {
      const operation = pathItem[method] as Record<string, unknown> | undefined
      if (operation === undefined) return []
      const servers = (operation.servers ?? pathItem.servers ?? document.servers ?? []) as Array<{ url: string }>
      const server = servers.map((entry) => serverNames.get(entry.url)).find((name) => name !== undefined) ?? 'api'
      const parameters = [
        ...(pathItem.parameters ?? []),
        ...((operation.parameters as unknown[] | undefined) ?? []),
      ].map((parameter) => dereference<ParameterObject>(document, parameter))
      const responses = Object.fromEntries(
        Object.entries((operation.responses ?? {}) as Record<string, unknown>).map(([status, response]) => [
          status,
          dereference<ResponseObject>(document, response),
        ]),
      )
      return [
        {
          method,
          path: operationPath,
          operationId: String(operation.operationId ?? `${method} ${operationPath}`),
          server,
          parameters,
          body: requestBody(document, operation.requestBody),
          responses,
          callbacks: callbackEntries(
            operation.callbacks,
            `#/paths/${escape(operationPath)}/${method}/callbacks`,
            escape,
          ),
        },
      ]
    }),
  )
}

function callbackEntries(value: unknown, pointer: string, escape: (token: string) => string): CallbackEntry[] {
  return Object.entries((value ?? {}) as Record<string, Record<string, Record<string, unknown>>>).flatMap(
    ([name, callback]) =>
      Object.entries(callback).map(([expression, pathItem]) => {
        const field = /^\{\$request\.body#\/(.+)\}$/.exec(expression)?.[1]
        const queryParameter = /^\{\$request\.query\.(.+)\}$/.exec(expression)?.[1]
        const method = Object.keys(pathItem).find((key) => (httpMethods as readonly string[]).includes(key)) ?? 'post'
        return {
          name,
          expression,
          ...(field === undefined
            ? {}
            : { requestBodyField: field.split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~')) }),
          ...(queryParameter === undefined ? {} : { requestQueryParameter: queryParameter }),
          bodySchemaPointer: `${pointer}/${escape(name)}/${escape(expression)}/${method}/requestBody/content/application~1json/schema`,
        }
      }),
  )
}

function requestBody(document: OpenApiDocument, value: unknown): OperationEntry['body'] {
  if (value === undefined) return undefined
  const body = dereference<{ required?: boolean; content?: Record<string, MediaTypeObject> }>(document, value)
  const [contentType, media] = Object.entries(body.content ?? {})[0] ?? []
  if (contentType === undefined || media?.schema === undefined) return undefined
  return { contentType, schema: dereference<SchemaObject>(document, media.schema), required: body.required ?? false }
}

/** The examples a response documents for its JSON content: named ones by name, a single `example` as `(default)`. */
export function responseExamples(response: ResponseObject): Array<{ name: string | undefined; value: unknown }> {
  const media = response.content?.['application/json'] ?? Object.values(response.content ?? {})[0]
  if (media === undefined) return []
  const named = Object.entries(media.examples ?? {}).map(([name, example]) => ({
    name: name as string | undefined,
    value: example.value,
  }))
  return media.example === undefined ? named : [...named, { name: undefined, value: media.example }]
}

/** The status Prism answers a request with that fails validation: 422, else 400 (Prism's negotiator order). */
export function validationErrorStatus(entry: OperationEntry): string | undefined {
  return ['422', '400'].find((status) => entry.responses[status] !== undefined)
}

/** The status Prism answers a valid request with by default: the lowest documented 2xx. */
export function successStatus(entry: OperationEntry): string {
  const status = Object.keys(entry.responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort()[0]
  if (status === undefined) throw new Error(`${entry.operationId} documents no 2xx response`)
  return status
}
