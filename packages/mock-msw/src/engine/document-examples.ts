import { resolveInlineRef } from '@stoplight/json'
import type { LifecycleDocument } from './lifecycle-types.js'

/** Follows local `$ref`s until a value that is not a reference. */
export function dereference<T>(document: LifecycleDocument, value: unknown): T {
  let current = value
  for (let depth = 0; isReference(current); depth++) {
    if (depth > 20) throw new Error(`$ref cycle at ${current.$ref}`)
    current = resolveInlineRef(document as unknown as Record<string, unknown>, current.$ref)
  }
  return current as T
}

function isReference(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string'
}

interface Media {
  example?: unknown
  examples?: Record<string, { value?: unknown }>
}

/** The JSON examples a documented response holds, by name (a single unnamed `example` is `(default)`). */
export function responseExamples(
  document: LifecycleDocument,
  method: string,
  path: string,
  status: string,
): Map<string, unknown> {
  const operation = document.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, unknown> } | undefined
  const response = dereference<{ content?: Record<string, Media> } | undefined>(
    document,
    operation?.responses?.[status],
  )
  const media = response?.content?.['application/json'] ?? Object.values(response?.content ?? {})[0]
  const examples = new Map<string, unknown>()
  for (const [name, example] of Object.entries(media?.examples ?? {}))
    examples.set(name, dereference<{ value?: unknown }>(document, example).value)
  if (media?.example !== undefined) examples.set('(default)', media.example)
  return examples
}

/**
 * A named example of a response (else its first one), deep-copied so callers may change it; throws naming what is
 * missing.
 */
export function responseExample(
  document: LifecycleDocument,
  method: string,
  path: string,
  status: string,
  name?: string,
): unknown {
  const examples = responseExamples(document, method, path, status)
  const value = name === undefined ? [...examples.values()][0] : examples.get(name)
  if (value === undefined)
    throw new Error(
      `The bundled document has no ${name === undefined ? '' : `"${name}" `}example of the ${status} answer of ${method.toUpperCase()} ${path}`,
    )
  return structuredClone(value)
}

/** Statuses the operation documents. */
export function documentedStatuses(document: LifecycleDocument, method: string, path: string): string[] {
  const operation = document.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, unknown> } | undefined
  return Object.keys(operation?.responses ?? {})
}
