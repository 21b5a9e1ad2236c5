// What Prism does in front of the lifecycle in server mode, done in-process for the MSW handlers: read
// the request, check it against its operation in the bundled document (ajv, as the engine's model
// validator), and pick the documented example a valid or invalid request is answered from.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { dereference, responseExample, responseExamples } from './engine/document-examples.js'
import {
  BodyTooLargeError,
  maxBodyDepth,
  nestsDeeperThan,
  type BodyRefusal,
  type EngineAnswer,
  type EngineRequest,
  type LifecycleDocument,
  type LifecycleProviderTable,
  type MatchedOperation,
  type Violation,
} from './engine/index.js'
import { createModelValidator } from './engine/model-validation.js'

/** A request body as read: parsed, or why it was refused. */
export type ReadBody = { ok: true; value: unknown } | { ok: false; refusal: BodyRefusal }

/**
 * The engine's view of a fetch `Request`, and its body read as the server mode reads it: at most `limitBytes`, nested
 * at most {@link maxBodyDepth} deep.
 */
export async function readEngineRequest(
  request: Request,
  url: string,
  limitBytes: number,
): Promise<{ engineRequest: EngineRequest; body: ReadBody }> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => (headers[name] = value))
  const engineRequest: EngineRequest = { method: request.method, url, headers, body: undefined }
  const body = await readBody(request, headers['content-type'] ?? '', limitBytes)
  if (body.ok) engineRequest.body = body.value
  return { engineRequest, body }
}

async function readBody(request: Request, contentType: string, limitBytes: number): Promise<ReadBody> {
  let bytes: Uint8Array<ArrayBuffer>
  try {
    bytes = await readBoundedBytes(request, limitBytes)
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, refusal: { kind: 'too-large', limitBytes } }
    throw error
  }
  try {
    if (/^multipart\/form-data/.test(contentType)) {
      // A file upload: the engine reads its text fields (fileName, uploadPath); a file stands for its name.
      const fields: Record<string, string> = {}
      ;(await new Response(bytes, { headers: { 'content-type': contentType } }).formData()).forEach(
        (value, name) => (fields[name] = typeof value === 'string' ? value : value.name),
      )
      return { ok: true, value: fields }
    }
    const text = new TextDecoder().decode(bytes)
    if (text.length === 0) return { ok: true, value: undefined }
    if (!/^application\/(.+\+)?json/.test(contentType)) return { ok: true, value: text }
    const value: unknown = JSON.parse(text)
    // Checked before anything walks the body: ajv and the scenario markers recurse into it.
    return nestsDeeperThan(value, maxBodyDepth)
      ? { ok: false, refusal: { kind: 'too-deep', limitDepth: maxBodyDepth } }
      : { ok: true, value }
  } catch (error) {
    return { ok: false, refusal: { kind: 'not-json', reason: (error as Error).message } }
  }
}

/**
 * The body's bytes, at most `limitBytes`: a declared `Content-Length` over it is refused unread. In-process
 * the sender already holds the whole body (fetch sets `Content-Length` for every body but a stream), so it
 * is read at once: reading MSW's copy of a request chunk by chunk stalls past its first 16 KiB.
 */
async function readBoundedBytes(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get('content-length') ?? 0) > limitBytes) throw new BodyTooLargeError(limitBytes)
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.length > limitBytes) throw new BodyTooLargeError(limitBytes)
  return bytes
}

interface OperationObject {
  parameters?: unknown[]
  requestBody?: unknown
  responses?: Record<string, unknown>
  security?: unknown[]
}

/** Checks requests against the bundled document; one instance per provider, schemas compiled on first use. */
export function createRequestChecker(table: LifecycleProviderTable, document: LifecycleDocument) {
  const checkModel = createModelValidator(table, document)
  const compiled = new Map<string, ValidateFunction>()
  let ajv: Ajv2020 | undefined
  const documentSecurity = (document as { security?: unknown[] }).security ?? []

  function bodyValidator(method: string, path: string): ValidateFunction | undefined {
    const key = `${method} ${path}`
    if (compiled.has(key)) return compiled.get(key)
    const requestBody = dereference<{ content?: Record<string, { schema?: unknown }> } | undefined>(
      document,
      operationOf(method, path)?.requestBody,
    )
    if (requestBody?.content?.['application/json']?.schema === undefined) return undefined
    if (ajv === undefined) {
      // OpenAPI keywords (discriminator, example) are not JSON Schema ones: strict off ignores them.
      ajv = new Ajv2020({ strict: false, allErrors: true })
      addFormats.default(ajv)
      ajv.addSchema({ ...document, $id: 'document' })
    }
    const pointer = ['paths', path, method, 'requestBody', 'content', 'application/json', 'schema']
      .map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1'))
      .join('/')
    const validate = ajv.compile({ $ref: `document#/${pointer}` })
    compiled.set(key, validate)
    return validate
  }

  function operationOf(method: string, path: string): OperationObject | undefined {
    return document.paths[path]?.[method.toLowerCase()] as OperationObject | undefined
  }

  return {
    /** What is wrong with a request to a table operation; empty when nothing is. */
    async violations(matched: MatchedOperation, request: EngineRequest): Promise<Violation[]> {
      const { method, path } = matched.location
      const operation = operationOf(method, path) ?? {}
      const found: Violation[] = []
      const query = new URL(request.url).searchParams
      for (const parameter of (operation.parameters ?? []).map((entry) =>
        dereference<{ name: string; in: string; required?: boolean }>(document, entry),
      )) {
        if (parameter.in === 'query' && parameter.required === true && !query.has(parameter.name))
          found.push({ path: [parameter.name], message: 'This field is required' })
      }
      if (matched.role === 'create') {
        const check = await checkModel(request.body, matched.model)
        // The engine names the unknown model itself (answerInvalid): any entry marks the request invalid.
        if (check.kind === 'unknown-model')
          found.push({ path: [table.modelOperation.discriminator], message: 'unknown model' })
        else found.push(...check.violations)
        return found
      }
      const validate = typeof request.body === 'object' ? bodyValidator(method, path) : undefined
      if (validate !== undefined && !validate(request.body ?? {})) {
        for (const error of validate.errors ?? [])
          found.push({ path: error.instancePath.split('/').slice(1), message: error.message ?? error.keyword })
      }
      return found
    },
    /** True when the operation asks for credentials (its own `security`, else the document's) and none came. */
    missingCredentials({ location }: MatchedOperation, request: EngineRequest): boolean {
      const { method, path } = location
      const security = operationOf(method, path)?.security ?? documentSecurity
      return (
        security.length > 0 &&
        !security.some((requirement) => Object.keys(requirement as object).length === 0) &&
        !request.headers['authorization']
      )
    },
    /** The documented answer of a status (its first example), or undefined when the operation documents none. */
    documented({ location }: MatchedOperation, status: string): EngineAnswer | undefined {
      const { method, path } = location
      if (responseExamples(document, method, path, status).size === 0) return undefined
      return {
        status: Number(status),
        headers: { 'Content-Type': 'application/json' },
        body: responseExample(document, method, path, status),
      }
    },
    /** The statuses an operation documents, lowest first. */
    statuses({ location }: MatchedOperation): string[] {
      const { method, path } = location
      return Object.keys(operationOf(method, path)?.responses ?? {}).sort()
    },
    /** The server URLs an operation is served at (its own `servers`, its path's, else none). */
    servers({ location }: MatchedOperation): string[] {
      const { method, path } = location
      const pathItem = document.paths[path] as { servers?: Array<{ url: string }> } | undefined
      return (
        (operationOf(method, path) as { servers?: Array<{ url: string }> } | undefined)?.servers?.map(
          (server) => server.url,
        ) ??
        pathItem?.servers?.map((server) => server.url) ??
        []
      )
    },
  }
}
