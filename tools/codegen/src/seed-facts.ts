import { resolvePointer, toPointer } from './json-pointer.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js'
import type { ModelOperation } from './provider-manifest.js'

/**
 * One checkable statement a document makes: a field exists, a type, an enum value, a limit, a
 * default, a required entry. `location` names the place independently of how the document is laid
 * out (inline or $ref, one document or merged, 3.0 or 3.1), so the same fact can be found in a
 * vendored document and in the bundle.
 */
export interface SeedFact {
  location: string
  fact: string
  /** Where the fact is stated in its document. */
  pointer: string
}

const limitKeywords = [
  'format',
  'default',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'multipleOf',
  'uniqueItems',
] as const
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

export function factKey(fact: SeedFact): string {
  return `${fact.location} | ${fact.fact}`
}

/**
 * @param sharedComponents a document whose components resolve references this document leaves to
 * its provider's other documents (the shared envelope); default: none.
 */
export function seedFacts(
  document: JsonObject,
  modelOperation: Pick<ModelOperation, 'method' | 'path' | 'discriminator'>,
  sharedComponents?: JsonObject,
): SeedFact[] {
  const walker = new FactWalker(document, modelOperation, sharedComponents)
  for (const [path, item] of Object.entries(asObject(document['paths'])))
    walker.pathItem(path, asObject(item), ['paths', path], '')
  return walker.facts
}

class FactWalker {
  readonly facts: SeedFact[] = []

  constructor(
    private readonly document: JsonObject,
    private readonly modelOperation: Pick<ModelOperation, 'method' | 'path' | 'discriminator'>,
    private readonly sharedComponents: JsonObject | undefined,
  ) {}

  pathItem(path: string, item: JsonObject, pointer: Array<string | number>, prefix: string): void {
    for (const method of httpMethods) {
      const operation = item[method]
      if (isJsonObject(operation))
        this.operation(`${prefix}${method.toUpperCase()} ${path}`, method, path, operation, [...pointer, method])
    }
  }

  private operation(
    key: string,
    method: string,
    path: string,
    operation: JsonObject,
    pointer: Array<string | number>,
  ): void {
    asArray(operation['parameters']).forEach((parameter, index) => {
      const { node, at } = this.resolve(parameter, [...pointer, 'parameters', index])
      const location = `${key} parameter ${String(node['in'])}.${String(node['name'])}`
      this.add(location, 'parameter', at)
      if (node['required'] === true) this.add(location, 'required', [...at, 'required'])
      this.schema(node['schema'], location, [...at, 'schema'])
    })
    if (operation['requestBody'] !== undefined) {
      const { node, at } = this.resolve(operation['requestBody'], [...pointer, 'requestBody'])
      const isModelOperation = method === this.modelOperation.method && path === this.modelOperation.path
      for (const [mediaType, media] of Object.entries(asObject(node['content']))) {
        const schemaPointer = [...at, 'content', mediaType, 'schema']
        const schema = asObject(media)['schema']
        if (isModelOperation) this.modelRequests(key, mediaType, schema, schemaPointer)
        else this.schema(schema, `${key} request ${mediaType}`, schemaPointer)
      }
    }
    for (const [status, response] of Object.entries(asObject(operation['responses']))) {
      const { node, at } = this.resolve(response, [...pointer, 'responses', status])
      for (const [mediaType, media] of Object.entries(asObject(node['content']))) {
        this.schema(asObject(media)['schema'], `${key} response ${status} ${mediaType}`, [
          ...at,
          'content',
          mediaType,
          'schema',
        ])
      }
    }
    for (const [name, callback] of Object.entries(asObject(operation['callbacks']))) {
      for (const [expression, item] of Object.entries(asObject(callback))) {
        this.pathItem(
          expression,
          asObject(item),
          [...pointer, 'callbacks', name, expression],
          `${key} callback ${name} `,
        )
      }
    }
  }

  // A model document's body and the bundle's discriminated oneOf member land on the same location.
  private modelRequests(
    key: string,
    mediaType: string,
    schema: JsonValue | undefined,
    pointer: Array<string | number>,
  ): void {
    const { node, at } = this.resolve(schema, pointer)
    const mapping = asObject(asObject(node['discriminator'])['mapping'])
    if (Object.keys(mapping).length > 0) {
      for (const [modelId, reference] of Object.entries(mapping)) {
        this.schema({ $ref: reference }, `${key} model=${modelId} request ${mediaType}`, at)
      }
      return
    }
    // A document of one model names it in an enum, or only as the default (kie.ai's veo-3-1 schema route).
    const discriminator = asObject(asObject(node['properties'])[this.modelOperation.discriminator])
    const modelId = asArray(discriminator['enum'])[0] ?? discriminator['default']
    this.schema(node, `${key} model=${String(modelId)} request ${mediaType}`, at)
  }

  private schema(value: JsonValue | undefined, location: string, pointer: Array<string | number>, depth = 0): void {
    if (value === undefined || depth > 32) return
    const { node, at } = this.resolve(value, pointer)
    for (const combinator of ['allOf', 'oneOf', 'anyOf'] as const) {
      asArray(node[combinator]).forEach((member, index) =>
        this.schema(member, location, [...at, combinator, index], depth + 1),
      )
    }
    const types = node['type']
    for (const type of Array.isArray(types) ? types : types === undefined ? [] : [types])
      this.add(location, `type:${String(type)}`, [...at, 'type'])
    if (node['nullable'] === true) this.add(location, 'type:null', [...at, 'nullable'])
    for (const value of asArray(node['enum'])) this.add(location, `enum:${JSON.stringify(value)}`, [...at, 'enum'])
    if (node['const'] !== undefined) this.add(location, `enum:${JSON.stringify(node['const'])}`, [...at, 'const'])
    for (const keyword of limitKeywords) {
      if (node[keyword] !== undefined)
        this.add(location, `${keyword}:${JSON.stringify(node[keyword])}`, [...at, keyword])
    }
    for (const name of asArray(node['required'])) this.add(location, `required:${String(name)}`, [...at, 'required'])
    for (const [name, child] of Object.entries(asObject(node['properties']))) {
      this.add(location, `property:${name}`, [...at, 'properties', name])
      this.schema(child, `${location}.${name}`, [...at, 'properties', name], depth + 1)
    }
    if (node['items'] !== undefined) this.schema(node['items'], `${location}[]`, [...at, 'items'], depth + 1)
    if (isJsonObject(node['additionalProperties']))
      this.schema(node['additionalProperties'], `${location}{}`, [...at, 'additionalProperties'], depth + 1)
  }

  private resolve(
    value: JsonValue | undefined,
    pointer: Array<string | number>,
  ): { node: JsonObject; at: Array<string | number> } {
    let node = value
    let at = pointer
    for (let hops = 0; isJsonObject(node) && typeof node['$ref'] === 'string' && hops < 20; hops += 1) {
      const target = decodeURIComponent(node['$ref'].slice(1))
      node = (resolvePointer(this.document, target) ??
        (this.sharedComponents && resolvePointer(this.sharedComponents, target))) as JsonValue | undefined
      at = target
        .split('/')
        .slice(1)
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    }
    return { node: asObject(node), at }
  }

  private add(location: string, fact: string, pointer: Array<string | number>): void {
    this.facts.push({ location, fact, pointer: toPointer(pointer) })
  }
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {}
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}
