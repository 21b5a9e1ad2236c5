import { isJsonObject, type JsonValue } from './json-value.js'

// Keywords that document a schema or operation without changing what it accepts or returns.
const documentationKeywords = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'deprecated',
  '$comment',
])

// Maps whose keys are names chosen by the author (a property called "title" is not documentation).
const nameMaps = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'schemas',
  'responses',
  'parameters',
  'headers',
  'content',
  'callbacks',
])

/**
 * True for a keyword that only documents (descriptions, examples, extensions): codegen's merge and the drift diff agree
 * on it.
 */
export function isDocumentationKeyword(keyword: string): boolean {
  return documentationKeywords.has(keyword) || keyword.startsWith('x-')
}

/** The value without documentation keywords, at every depth: what two definitions must share to be the same. */
export function withoutDocumentation(value: JsonValue, isNameMap = false): JsonValue {
  if (Array.isArray(value)) return value.map((item) => withoutDocumentation(item))
  if (!isJsonObject(value)) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => isNameMap || !isDocumentationKeyword(key))
      .map(([key, child]) => [key, withoutDocumentation(child, !isNameMap && nameMaps.has(key))]),
  )
}
