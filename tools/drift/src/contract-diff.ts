import { isDocumentationKeyword, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '@sorakit/codegen'
import { ChangeList, Location, type ContractChange } from './contract-change.js'
import { OpenApiView } from './openapi-schema-view.js'
import { compareSchemas, type Direction } from './schema-compare.js'

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
const documentWide = 'document'

/**
 * The consumer-side difference between two OpenAPI documents (bundled `packages/<id>/openapi.json`
 * files, or any 3.0/3.1 document): operations, servers, parameters, request bodies, responses,
 * callbacks, 3.1 top-level webhooks and named components, each change classified by the rule table.
 * `before` is `undefined` for a package that did not exist: everything in it is an addition (no
 * consumer called an earlier server), and `after` likewise for a package that is gone.
 */
export function diffDocuments(before: JsonValue | undefined, after: JsonValue | undefined): ContractChange[] {
  const left = new OpenApiView(asObject(before))
  const right = new OpenApiView(asObject(after))
  const changes = new ChangeList()
  if (before !== undefined && after !== undefined)
    compareServers(left.document.servers, right.document.servers, documentWide, 'servers', changes)
  compareOperations(left, right, changes)
  new OperationScope('webhooks', left, right, changes).compareIncomingRequests(
    webhookOperations(left),
    webhookOperations(right),
    'webhook',
  )
  compareComponents(left.document, right.document, changes)
  return changes.changes
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {}
}

function serverUrls(servers: JsonValue | undefined): string[] {
  return Array.isArray(servers)
    ? servers.flatMap((server) => (isJsonObject(server) && typeof server.url === 'string' ? [server.url] : []))
    : []
}

function compareServers(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  operation: string,
  location: string,
  changes: ChangeList,
): void {
  const [from, to] = [serverUrls(before), serverUrls(after)]
  if (jsonEqual(from, to)) return
  changes.add({
    rule: 'server-url-changed',
    operation,
    location,
    message: `${from.join(', ') || '(inherited)'} → ${to.join(', ') || '(inherited)'}`,
    before: from,
    after: to,
  })
}

function operationsOf(
  view: OpenApiView,
): Map<string, { path: string; method: string; pathItem: JsonObject; operation: JsonObject }> {
  const operations = new Map<string, { path: string; method: string; pathItem: JsonObject; operation: JsonObject }>()
  const paths = isJsonObject(view.document.paths) ? view.document.paths : {}
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = view.resolve(rawItem).node
    if (!isJsonObject(pathItem)) continue
    for (const method of httpMethods) {
      const operation = pathItem[method]
      if (isJsonObject(operation))
        operations.set(`${method.toUpperCase()} ${path}`, { path, method, pathItem, operation })
    }
  }
  return operations
}

function compareOperations(left: OpenApiView, right: OpenApiView, changes: ChangeList): void {
  const before = operationsOf(left)
  const after = operationsOf(right)
  for (const key of before.keys())
    if (!after.has(key))
      changes.add({ rule: 'operation-removed', operation: key, location: 'operation', message: 'operation removed' })
  for (const key of after.keys())
    if (!before.has(key))
      changes.add({ rule: 'operation-added', operation: key, location: 'operation', message: 'operation added' })
  const comparedPaths = new Set<string>()
  for (const [key, was] of before) {
    const is = after.get(key)
    if (is === undefined) continue
    if (!comparedPaths.has(was.path)) {
      comparedPaths.add(was.path)
      compareServers(was.pathItem.servers, is.pathItem.servers, was.path, 'path servers', changes)
    }
    const scope = new OperationScope(key, left, right, changes)
    scope.compare(was, is)
  }
}

interface OperationEntry {
  pathItem: JsonObject
  operation: JsonObject
}

class OperationScope {
  constructor(
    private readonly key: string,
    private readonly left: OpenApiView,
    private readonly right: OpenApiView,
    private readonly changes: ChangeList,
  ) {}

  compare(before: OperationEntry, after: OperationEntry): void {
    const [was, is] = [before.operation, after.operation]
    if (was.operationId !== is.operationId) {
      // A first operationId adds an `operations` key; changing or dropping one takes a key away.
      this.add(
        was.operationId === undefined ? 'operation-id-added' : 'operation-id-changed',
        'operation',
        `operationId ${String(was.operationId ?? '(none)')} → ${String(is.operationId ?? '(none)')}`,
        { before: was.operationId ?? null, after: is.operationId ?? null },
      )
    }
    compareServers(was.servers, is.servers, this.key, 'operation servers', this.changes)
    this.compareDocumentation(was, is, 'operation')
    this.compareParameters(parametersOf(this.left, before), parametersOf(this.right, after), 'request', '')
    this.compareBodies(was.requestBody, is.requestBody, 'request', Location.root('request body'))
    this.compareResponses(was.responses, is.responses)
    this.compareCallbacks(was.callbacks, is.callbacks)
  }

  private add(
    rule: ContractChange['rule'],
    location: string,
    message: string,
    values: { before?: JsonValue; after?: JsonValue } = {},
  ): void {
    this.changes.add({ rule, operation: this.key, location, message, ...values })
  }

  private compareDocumentation(before: JsonObject, after: JsonObject, location: string): void {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    const changed = [...keys].filter(
      (key) => (isDocumentationKeyword(key) || key === 'tags') && !jsonEqual(before[key], after[key]),
    )
    if (changed.length > 0) this.add('documentation-changed', location, `${changed.join(', ')} changed`)
  }

  /** Parameters (and callback headers) keyed by `in` + `name`; `prefix` says whose they are. */
  private compareParameters(
    before: Map<string, JsonObject>,
    after: Map<string, JsonObject>,
    direction: Direction,
    prefix: string,
  ): void {
    const request = direction === 'request'
    const label = (parameter: JsonObject) => `${String(parameter.in)} parameter`
    for (const [key, parameter] of before) {
      const location = `${prefix}${key}`
      const other = after.get(key)
      if (other === undefined) {
        this.add(request ? 'request-field-removed' : 'response-field-removed', location, `${label(parameter)} removed`)
        continue
      }
      const [was, is] = [parameter.required === true, other.required === true]
      if (was !== is) {
        if (request)
          this.add(
            is ? 'request-field-newly-required' : 'request-field-no-longer-required',
            location,
            is ? 'now required' : 'no longer required',
          )
        else
          this.add(
            is ? 'response-field-newly-required' : 'response-field-optional',
            location,
            is ? 'now always sent' : 'no longer always sent',
          )
      }
      compareSchemas(
        { view: this.left, node: parameter.schema },
        { view: this.right, node: other.schema },
        Location.root(location),
        direction,
        this.key,
        this.changes,
      )
      this.compareDocumentation(parameter, other, location)
    }
    for (const [key, parameter] of after) {
      if (before.has(key)) continue
      const location = `${prefix}${key}`
      if (!request) this.add('response-field-added', location, `${label(parameter)} added`)
      else if (parameter.required === true)
        this.add('request-field-newly-required', location, `new required ${label(parameter)}`)
      else this.add('request-field-added', location, `optional ${label(parameter)} added`)
    }
  }

  /** A request body, a response or a callback body: required flag, media types, schemas, named examples. */
  private compareBodies(
    rawBefore: JsonValue | undefined,
    rawAfter: JsonValue | undefined,
    direction: Direction,
    location: Location,
  ): void {
    const before = this.left.resolve(rawBefore).node
    const after = this.right.resolve(rawAfter).node
    const request = direction === 'request'
    if (!isJsonObject(before) && !isJsonObject(after)) return
    if (!isJsonObject(after)) {
      this.add(request ? 'request-field-removed' : 'response-field-removed', location.toString(), 'body removed')
      return
    }
    if (!isJsonObject(before)) {
      if (!request) this.add('response-field-added', location.toString(), 'body added')
      else
        this.add(
          after.required === true ? 'request-field-newly-required' : 'request-field-added',
          location.toString(),
          after.required === true ? 'new required body' : 'optional body added',
        )
      return
    }
    if (request && (before.required === true) !== (after.required === true)) {
      this.add(
        after.required === true ? 'request-field-newly-required' : 'request-field-no-longer-required',
        location.toString(),
        after.required === true ? 'body now required' : 'body no longer required',
      )
    }
    const beforeContent = isJsonObject(before.content) ? before.content : {}
    const afterContent = isJsonObject(after.content) ? after.content : {}
    const mediaTypes = new Set([...Object.keys(beforeContent), ...Object.keys(afterContent)])
    const single = mediaTypes.size === 1
    for (const mediaType of mediaTypes) {
      const at = single ? location : location.tag(mediaType)
      const [was, is] = [beforeContent[mediaType], afterContent[mediaType]]
      if (!isJsonObject(is)) {
        if (request) this.add('request-type-narrowed', at.toString(), `media type ${mediaType} no longer accepted`)
        else this.responseMediaTypeRemoved(mediaType, afterContent, at)
      } else if (!isJsonObject(was)) {
        if (request) this.add('request-type-widened', at.toString(), `media type ${mediaType} added`)
        else this.responseMediaTypeAdded(mediaType, beforeContent, at)
      } else {
        compareSchemas(
          { view: this.left, node: was.schema },
          { view: this.right, node: is.schema },
          at,
          direction,
          this.key,
          this.changes,
        )
        this.compareExamples(was.examples, is.examples, at.toString())
      }
    }
    this.compareDocumentation(before, after, location.toString())
  }

  /**
   * A consumer reads the JSON body (the generated client parses JSON): losing the last JSON media
   * type takes its body away; losing another type (XML, or a second JSON type) leaves it.
   */
  private responseMediaTypeRemoved(mediaType: string, afterContent: JsonObject, at: Location): void {
    if (isJsonMediaType(mediaType) && !Object.keys(afterContent).some(isJsonMediaType))
      this.add('response-field-removed', at.toString(), `JSON body removed (${mediaType} was the only JSON media type)`)
    else this.add('response-media-type-removed', at.toString(), `media type ${mediaType} no longer sent`)
  }

  /** A type next to the JSON body changes nothing it reads; a second JSON type may bring another shape. */
  private responseMediaTypeAdded(mediaType: string, beforeContent: JsonObject, at: Location): void {
    if (isJsonMediaType(mediaType) && Object.keys(beforeContent).some(isJsonMediaType))
      this.add('response-type-widened', at.toString(), `second JSON media type ${mediaType} added`)
    else this.add('response-media-type-added', at.toString(), `media type ${mediaType} added`)
  }

  private compareExamples(before: JsonValue | undefined, after: JsonValue | undefined, location: string): void {
    const [was, is] = [isJsonObject(before) ? before : {}, isJsonObject(after) ? after : {}]
    const removed = Object.keys(was).filter((name) => !Object.hasOwn(is, name))
    const added = Object.keys(is).filter((name) => !Object.hasOwn(was, name))
    const changed = Object.keys(was).filter(
      (name) =>
        Object.hasOwn(is, name) && !jsonEqual(this.left.resolve(was[name]).node, this.right.resolve(is[name]).node),
    )
    const parts = [
      removed.length > 0 ? `removed ${removed.join(', ')}` : '',
      added.length > 0 ? `added ${added.join(', ')}` : '',
      changed.length > 0 ? `changed ${changed.join(', ')}` : '',
    ].filter(Boolean)
    if (parts.length > 0) this.add('documentation-changed', location, `named examples: ${parts.join('; ')}`)
  }

  private compareResponses(rawBefore: JsonValue | undefined, rawAfter: JsonValue | undefined): void {
    const before = isJsonObject(rawBefore) ? rawBefore : {}
    const after = isJsonObject(rawAfter) ? rawAfter : {}
    for (const status of Object.keys(before)) {
      const location = `response ${status}`
      if (!Object.hasOwn(after, status))
        this.add('response-status-removed', location, `response ${status} no longer documented`)
      else this.compareBodies(before[status], after[status], 'response', Location.root(location))
    }
    for (const status of Object.keys(after))
      if (!Object.hasOwn(before, status))
        this.add('response-status-added', `response ${status}`, `response ${status} added`)
  }

  private compareCallbacks(rawBefore: JsonValue | undefined, rawAfter: JsonValue | undefined): void {
    this.compareIncomingRequests(
      callbackOperations(this.left, rawBefore),
      callbackOperations(this.right, rawAfter),
      'callback',
    )
  }

  /**
   * Callbacks and webhooks are requests the provider sends to the consumer: their parameters and
   * bodies are read like responses. Keys are `name METHOD expression` (callbacks) or `name METHOD`.
   */
  compareIncomingRequests(
    before: Map<string, JsonObject>,
    after: Map<string, JsonObject>,
    kind: 'callback' | 'webhook',
  ): void {
    for (const key of before.keys())
      if (!after.has(key)) this.add('callback-removed', `${kind} ${key}`, `${kind} removed`)
    for (const key of after.keys()) if (!before.has(key)) this.add('callback-added', `${kind} ${key}`, `${kind} added`)
    for (const [key, was] of before) {
      const is = after.get(key)
      if (is === undefined) continue
      this.compareParameters(
        parametersOf(this.left, { pathItem: {}, operation: was }),
        parametersOf(this.right, { pathItem: {}, operation: is }),
        'response',
        `${kind} ${key} `,
      )
      this.compareBodies(was.requestBody, is.requestBody, 'response', Location.root(`${kind} ${key} body`))
    }
  }
}

function parametersOf(view: OpenApiView, entry: OperationEntry): Map<string, JsonObject> {
  const parameters = new Map<string, JsonObject>()
  for (const list of [entry.pathItem.parameters, entry.operation.parameters]) {
    if (!Array.isArray(list)) continue
    for (const raw of list) {
      const parameter = view.resolve(raw).node
      if (isJsonObject(parameter) && typeof parameter.name === 'string')
        parameters.set(`${String(parameter.in)} ${parameter.name}`, parameter)
    }
  }
  return parameters
}

function isJsonMediaType(mediaType: string): boolean {
  return /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(mediaType)
}

/** OpenAPI 3.1 top-level `webhooks`: `name METHOD` → the operation the provider sends. */
function webhookOperations(view: OpenApiView): Map<string, JsonObject> {
  const operations = new Map<string, JsonObject>()
  const webhooks = isJsonObject(view.document.webhooks) ? view.document.webhooks : {}
  for (const [name, rawItem] of Object.entries(webhooks)) {
    const pathItem = view.resolve(rawItem).node
    if (!isJsonObject(pathItem)) continue
    for (const method of httpMethods) {
      const operation = pathItem[method]
      if (isJsonObject(operation)) operations.set(`${name} ${method.toUpperCase()}`, operation)
    }
  }
  return operations
}

/** `name METHOD expression` → the callback operation. */
function callbackOperations(view: OpenApiView, callbacks: JsonValue | undefined): Map<string, JsonObject> {
  const operations = new Map<string, JsonObject>()
  if (!isJsonObject(callbacks)) return operations
  for (const [name, rawCallback] of Object.entries(callbacks)) {
    const callback = view.resolve(rawCallback).node
    if (!isJsonObject(callback)) continue
    for (const [expression, rawItem] of Object.entries(callback)) {
      const pathItem = view.resolve(rawItem).node
      if (!isJsonObject(pathItem)) continue
      for (const method of httpMethods) {
        const operation = pathItem[method]
        if (isJsonObject(operation)) operations.set(`${name} ${method.toUpperCase()} ${expression}`, operation)
      }
    }
  }
  return operations
}

// openapi-typescript exports `components['schemas'][name]` and `components['responses'][name]` as types.
function compareComponents(before: JsonObject, after: JsonObject, changes: ChangeList): void {
  for (const section of ['schemas', 'responses'] as const) {
    const was =
      isJsonObject(before.components) && isJsonObject(before.components[section]) ? before.components[section] : {}
    const is =
      isJsonObject(after.components) && isJsonObject(after.components[section]) ? after.components[section] : {}
    for (const name of Object.keys(was)) {
      if (!Object.hasOwn(is, name))
        changes.add({
          rule: 'component-removed',
          operation: documentWide,
          location: `components.${section}.${name}`,
          message: `${section} ${name} removed`,
        })
    }
    for (const name of Object.keys(is)) {
      if (!Object.hasOwn(was, name))
        changes.add({
          rule: 'component-added',
          operation: documentWide,
          location: `components.${section}.${name}`,
          message: `${section} ${name} added`,
        })
    }
  }
}
