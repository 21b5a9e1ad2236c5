import { sample } from 'openapi-sampler'
import {
  dereference,
  type OpenApiDocument,
  type OperationEntry,
  type ParameterObject,
  type SchemaObject,
} from './openapi-operations.js'

/** Which optional fields a sample request carries. */
export type FieldSelection = 'required' | 'all'

/** A request built from an operation's schemas and examples. */
export interface RequestSample {
  /** The value of the body's discriminator (the model id) when the body is a `oneOf`. */
  variant?: string
  query: Record<string, unknown>
  pathParameters: Record<string, unknown>
  body?: unknown
  contentType?: string
}

export type InvalidKind = 'missing-required' | 'bad-enum' | 'too-long' | 'missing-credentials'

/** A request the document forbids, and the field that makes it so. */
export interface InvalidRequest extends RequestSample {
  kind: InvalidKind
  /** Dotted location of the broken field, e.g. `body.input.prompt` or `query.taskId`; empty for missing credentials. */
  field: string
}

/** A value of a valid enum that no enum contains. */
export const invalidEnumValue = 'not-a-documented-value'

/**
 * One request per body variant (each branch of a `oneOf`, i.e. every model), built by openapi-sampler from the
 * document's examples, defaults and enums: with only the required fields, or with every field.
 */
export function requestSamples(
  document: OpenApiDocument,
  entry: OperationEntry,
  fields: FieldSelection,
): RequestSample[] {
  const parameters = entry.parameters
    .filter((parameter) => parameter.in === 'query' || parameter.in === 'path')
    .filter((parameter) => fields === 'all' || parameter.required)
  const query = Object.fromEntries(
    parameters
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => [parameter.name, parameterValue(document, parameter)]),
  )
  const pathParameters = Object.fromEntries(
    parameters
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => [parameter.name, parameterValue(document, parameter)]),
  )
  if (entry.body === undefined) return [{ query, pathParameters }]
  const { contentType, schema } = entry.body
  const discriminator = schema.discriminator?.propertyName
  return bodyVariants(document, schema).map((variant) => {
    const body = sample(
      variant as never,
      { skipNonRequired: fields === 'required', skipReadOnly: true, quiet: true },
      document,
    ) as Record<string, unknown>
    const variantName = discriminator === undefined ? undefined : String(body[discriminator])
    return { ...(variantName === undefined ? {} : { variant: variantName }), query, pathParameters, body, contentType }
  })
}

function bodyVariants(document: OpenApiDocument, schema: SchemaObject): SchemaObject[] {
  return schema.oneOf === undefined
    ? [schema]
    : schema.oneOf.map((branch) => dereference<SchemaObject>(document, branch))
}

function parameterValue(document: OpenApiDocument, parameter: ParameterObject): unknown {
  if (parameter.example !== undefined) return parameter.example
  return sample((parameter.schema ?? { type: 'string' }) as never, { quiet: true }, document)
}

/**
 * Requests the document forbids, derived from the all-fields sample of every body variant and from the
 * parameters: a required field left out, a value outside an enum, a string over its maxLength (the
 * deepest such field, so `input.prompt` rather than `model`), and, for every operation, no credentials.
 */
export function invalidRequests(document: OpenApiDocument, entry: OperationEntry): InvalidRequest[] {
  const invalid: InvalidRequest[] = []
  const [minimal] = requestSamples(document, entry, 'required')
  invalid.push({ ...minimal!, kind: 'missing-credentials', field: '' })
  const parameterSchema: SchemaObject = {
    type: 'object',
    properties: Object.fromEntries(
      entry.parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => [parameter.name, parameter.schema ?? {}]),
    ),
    required: entry.parameters
      .filter((parameter) => parameter.in === 'query' && parameter.required)
      .map((parameter) => parameter.name),
  }
  const discriminator = entry.body?.schema.discriminator?.propertyName
  const variants = entry.body === undefined ? [] : bodyVariants(document, entry.body.schema)
  for (const full of requestSamples(document, entry, 'all')) {
    const fields = [
      ...collectFields(document, parameterSchema, full.query, ['query']),
      ...(full.body === undefined
        ? []
        : collectFields(
            document,
            variants.find((variant) => variantMatches(variant, full, discriminator)) ?? variants[0]!,
            full.body,
            ['body'],
          )),
    ]
    const primary = (location: string[]) => location.length > 2 || location[1] !== discriminator
    const pick = (candidates: FieldLocation[]) =>
      candidates
        .filter((field) => primary(field.location))
        .sort((left, right) => right.location.length - left.location.length)[0] ?? candidates[0]
    const required = pick(
      fields.filter((field) => field.required && field.location[0] === (full.body === undefined ? 'query' : 'body')),
    )
    const enumerated = pick(fields.filter((field) => field.schema.enum !== undefined))
    const limited = pick(fields.filter((field) => field.schema.maxLength !== undefined))
    if (required)
      invalid.push({
        ...withField(full, required.location, undefined),
        kind: 'missing-required',
        field: required.location.join('.'),
      })
    if (enumerated)
      invalid.push({
        ...withField(full, enumerated.location, invalidEnumValue),
        kind: 'bad-enum',
        field: enumerated.location.join('.'),
      })
    if (limited)
      invalid.push({
        ...withField(full, limited.location, 'x'.repeat(limited.schema.maxLength! + 1)),
        kind: 'too-long',
        field: limited.location.join('.'),
      })
  }
  return invalid
}

function variantMatches(variant: SchemaObject, request: RequestSample, discriminator: string | undefined): boolean {
  return (
    discriminator !== undefined &&
    variant.properties?.[discriminator]?.enum?.includes((request.body as Record<string, unknown>)[discriminator]) ===
      true
  )
}

interface FieldLocation {
  location: string[]
  schema: SchemaObject
  required: boolean
}

/** Every field present in `value`, with its schema, walking objects and the first item of arrays. */
function collectFields(
  document: OpenApiDocument,
  schemaOrReference: SchemaObject,
  value: unknown,
  location: string[],
): FieldLocation[] {
  const schema = dereference<SchemaObject>(document, schemaOrReference)
  if (Array.isArray(value) && schema.items !== undefined && value.length > 0)
    return collectFields(document, schema.items, value[0], [...location, '0'])
  if (typeof value !== 'object' || value === null || schema.properties === undefined) return []
  return Object.entries(schema.properties).flatMap(([name, propertySchema]) => {
    const propertyValue = (value as Record<string, unknown>)[name]
    if (propertyValue === undefined) return []
    const resolved = dereference<SchemaObject>(document, propertySchema)
    return [
      { location: [...location, name], schema: resolved, required: schema.required?.includes(name) ?? false },
      ...collectFields(document, resolved, propertyValue, [...location, name]),
    ]
  })
}

/** A copy of the request with the field at `location` set, or removed when `value` is undefined. */
function withField(request: RequestSample, location: readonly string[], value: unknown): RequestSample {
  const copy = structuredClone(request)
  const [section, ...rest] = location
  let target: Record<string, unknown> =
    section === 'query' ? copy.query : (copy as unknown as Record<string, Record<string, unknown>>)[section!]!
  for (const key of rest.slice(0, -1)) target = target[key] as Record<string, unknown>
  const last = rest.at(-1)!
  if (value === undefined) delete target[last]
  else target[last] = value
  return copy
}

/**
 * The sample body as it goes on the wire: JSON text, or a FormData for a multipart body whose
 * `format: binary` fields become small files (the sampler gives them a placeholder string).
 */
export function encodeBody(entry: OperationEntry, body: unknown): string | FormData {
  if (entry.body?.contentType !== 'multipart/form-data') return JSON.stringify(body)
  const form = new FormData()
  const properties = entry.body.schema.properties ?? {}
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (properties[name]?.format === 'binary')
      form.append(name, new Blob(['sample file'], { type: 'image/png' }), 'sample.png')
    else form.append(name, typeof value === 'string' ? value : JSON.stringify(value))
  }
  return form
}
