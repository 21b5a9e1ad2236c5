import { CodegenError } from './codegen-error.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js'

export const bundledOpenApiVersion = '3.1.0'

/**
 * Brings an OpenAPI 3.0.x document to 3.1, the version every bundled document uses (Apidog
 * exports already write 3.1-style `examples` arrays inside 3.0 schemas). Only the two schema
 * keywords whose meaning changed are rewritten: `nullable` and boolean `exclusiveMinimum` /
 * `exclusiveMaximum`. Written here because the npm converters go the other way (3.1 to 3.0).
 */
export function upgradeToOpenApi31(document: JsonValue, displayPath: string): JsonValue {
  if (!isJsonObject(document) || typeof document['openapi'] !== 'string') {
    throw new CodegenError({
      file: displayPath,
      pointer: '/openapi',
      message: 'not an OpenAPI document: the root needs an "openapi" version string',
    })
  }
  const version = document['openapi']
  if (version.startsWith('3.1.')) return document
  if (!version.startsWith('3.0.')) {
    throw new CodegenError({
      file: displayPath,
      pointer: '/openapi',
      message: `unsupported OpenAPI version ${version}; use 3.0.x or 3.1.x`,
    })
  }
  const upgraded = structuredClone(document)
  upgraded['openapi'] = bundledOpenApiVersion
  rewriteSchemas(upgraded)
  return upgraded
}

// Examples are payloads, not schemas: a property there named "nullable" is data.
const payloadKeys = new Set(['example', 'examples', 'default', 'enum', 'const'])

function rewriteSchemas(node: JsonValue): void {
  if (Array.isArray(node)) {
    node.forEach(rewriteSchemas)
    return
  }
  if (!isJsonObject(node)) return
  if (node['nullable'] === true) makeNullable(node)
  if ('nullable' in node) delete node['nullable']
  rewriteExclusive(node, 'exclusiveMinimum', 'minimum')
  rewriteExclusive(node, 'exclusiveMaximum', 'maximum')
  for (const [key, value] of Object.entries(node)) {
    if (!payloadKeys.has(key)) rewriteSchemas(value)
  }
}

function makeNullable(schema: JsonObject): void {
  const type = schema['type']
  if (typeof type === 'string') schema['type'] = [type, 'null']
  else if (Array.isArray(type) && !type.includes('null')) type.push('null')
  const values = schema['enum']
  if (Array.isArray(values) && !values.includes(null)) values.push(null)
}

function rewriteExclusive(schema: JsonObject, exclusiveKey: string, boundKey: string): void {
  const exclusive = schema[exclusiveKey]
  if (typeof exclusive !== 'boolean') return
  if (exclusive && typeof schema[boundKey] === 'number') {
    schema[exclusiveKey] = schema[boundKey]
    delete schema[boundKey]
  } else {
    delete schema[exclusiveKey]
  }
}
