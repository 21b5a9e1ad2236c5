import { isJsonObject, jsonEqual, resolvePointer, type JsonObject, type JsonValue } from '@sorakit/codegen'

/**
 * A read-only view of one OpenAPI 3.0/3.1 document that answers what a consumer sees: `$ref`s
 * followed (local ones; bundled documents have no others), `allOf` merged into one schema, and
 * `type` read as a set of types (3.1 `type: ['string', 'null']` and 3.0 `nullable: true` alike).
 */
export class OpenApiView {
  constructor(readonly document: JsonObject) {}

  /** Follows a `$ref` chain; returns the target and the refs passed through. */
  resolve(node: JsonValue | undefined): { node: JsonValue | undefined; refs: string[] } {
    const refs: string[] = []
    let current = node
    while (isJsonObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref
      if (refs.includes(ref)) break
      refs.push(ref)
      current = ref.startsWith('#')
        ? (resolvePointer(this.document, decodeURIComponent(ref.slice(1))) as JsonValue | undefined)
        : undefined
    }
    return { node: current, refs }
  }

  /** The schema with refs followed and `allOf` members merged in; `{}` (any value) when absent. */
  schema(node: JsonValue | undefined): { schema: JsonObject; refs: string[] } {
    const { node: resolved, refs } = this.resolve(node)
    if (!isJsonObject(resolved)) return { schema: {}, refs }
    if (!Array.isArray(resolved.allOf)) return { schema: resolved, refs }
    const { allOf, ...own } = resolved
    let merged: JsonObject = {}
    for (const member of allOf) {
      const part = this.schema(member)
      refs.push(...part.refs)
      merged = mergeSchemas(merged, part.schema)
    }
    return { schema: mergeSchemas(merged, own), refs }
  }
}

/**
 * Merges two schemas that must both hold (an `allOf`): properties of both, required of both; a
 * property both declare becomes an `allOf` of the two, merged again when it is visited.
 */
function mergeSchemas(left: JsonObject, right: JsonObject): JsonObject {
  const merged: JsonObject = { ...left, ...right }
  if (isJsonObject(left.properties) && isJsonObject(right.properties)) {
    const properties: JsonObject = { ...left.properties }
    for (const [name, schema] of Object.entries(right.properties)) {
      const existing = properties[name]
      properties[name] = existing === undefined || jsonEqual(existing, schema) ? schema : { allOf: [existing, schema] }
    }
    merged.properties = properties
  }
  const required = [...stringArray(left.required), ...stringArray(right.required)]
  if (required.length > 0) merged.required = [...new Set(required)]
  return merged
}

export function stringArray(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** The JSON types a schema admits; `undefined` means any type. */
export function typeSet(schema: JsonObject): Set<string> | undefined {
  const declared = typeof schema.type === 'string' ? [schema.type] : stringArray(schema.type)
  if (declared.length === 0) return undefined
  const types = new Set(declared)
  if (schema.nullable === true) types.add('null')
  return types
}

/** True when every value of type `type` is admitted by `types` (an integer is a number). */
export function admitsType(types: Set<string> | undefined, type: string): boolean {
  return types === undefined || types.has(type) || (type === 'integer' && types.has('number'))
}

/** Enum values of a schema (`const` counts as a one-value enum); `undefined` when unrestricted. */
export function enumValues(schema: JsonObject): JsonValue[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum
  if (Object.hasOwn(schema, 'const')) return [schema.const as JsonValue]
  return undefined
}
