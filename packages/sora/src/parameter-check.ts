import type { ParameterSchema } from './provider-table.js'

/**
 * What is wrong with `value` under a provider table's parameter schema, as the end of a sentence
 * ("must be at most 10000 characters (got 10001)"), or undefined when it fits. Hand-written on
 * purpose: the tables keep only type, enum and limits, and a JSON Schema validator (ajv) would
 * multiply the browser bundle for these few keywords.
 */
export function parameterProblem(schema: ParameterSchema, value: unknown): string | undefined {
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type
  if (types.length > 0 && !types.some((type) => hasType(type, value)))
    return `must be of type ${types.join(' or ')} (got ${describeValue(value)})`
  if (schema.enum !== undefined && !schema.enum.includes(value))
    return `must be one of ${listValues(schema.enum)} (got ${describeValue(value)})`
  if (typeof value === 'string') return lengthProblem(schema, value.length, 'characters')
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `must be at least ${schema.minimum} (got ${value})`
    if (schema.maximum !== undefined && value > schema.maximum)
      return `must be at most ${schema.maximum} (got ${value})`
  }
  if (Array.isArray(value)) return itemsProblem(schema, value)
  if (isPlainObject(value) && schema.properties !== undefined) return propertiesProblem(schema, value)
  return undefined
}

function lengthProblem(schema: ParameterSchema, length: number, unit: string): string | undefined {
  if (schema.minLength !== undefined && length < schema.minLength)
    return `must be at least ${schema.minLength} ${unit} (got ${length})`
  if (schema.maxLength !== undefined && length > schema.maxLength)
    return `must be at most ${schema.maxLength} ${unit} (got ${length})`
  return undefined
}

function itemsProblem(schema: ParameterSchema, value: readonly unknown[]): string | undefined {
  if (schema.minItems !== undefined && value.length < schema.minItems)
    return `must have at least ${schema.minItems} items (got ${value.length})`
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    return `must have at most ${schema.maxItems} items (got ${value.length})`
  if (schema.items === undefined) return undefined
  for (const [index, item] of value.entries()) {
    const problem = parameterProblem(schema.items, item)
    if (problem !== undefined) return labelled(`[${index}]`, problem)
  }
  return undefined
}

function propertiesProblem(schema: ParameterSchema, value: Record<string, unknown>): string | undefined {
  for (const name of schema.required ?? []) if (value[name] === undefined) return `.${name} is required`
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (value[name] === undefined) continue
    const problem = parameterProblem(property, value[name])
    if (problem !== undefined) return labelled(`.${name}`, problem)
  }
  return undefined
}

function hasType(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value)
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  if (type === 'array') return Array.isArray(value)
  if (type === 'object') return isPlainObject(value)
  if (type === 'null') return value === null
  return typeof value === type
}

/** "prompt" + "must be..." → "prompt must be..."; "shots" + "[0].duration must..." → "shots[0].duration must...". */
export function labelled(label: string, problem: string): string {
  return label + (problem.startsWith('[') || problem.startsWith('.') ? '' : ' ') + problem
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function listValues(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ')
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : String(value)
}
