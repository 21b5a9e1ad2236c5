import { CodegenError } from './codegen-error.js'
import { resolvePointer } from './json-pointer.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js'
import type { ParameterSchema as ContractParameterSchema } from '@sorakit/provider'
import type { ModelRole } from './provider-manifest.js'
import type { MergedProvider } from './provider-merge.js'

/** A parameter schema as the tables keep it (the contract's), plus its first sentence of description for the README. */
export type ParameterSchema = ContractParameterSchema & { readonly description?: string }

export interface ModelDescription {
  modelId: string
  schemaName: string
  file: string
  /** What the model does in the unified facade, when its manifest entry says. */
  role: ModelRole | undefined
  /** The model's own parameters (kie: `input`; vtrix: `input[0].params`). */
  parameters: Record<string, ParameterSchema>
  required: string[]
  /** Request fields next to the parameters, such as `callBackUrl`. */
  requestFields: string[]
}

const keptKeywords = [
  'type',
  'enum',
  'default',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'pattern',
] as const

export function describeModels(merged: MergedProvider): ModelDescription[] {
  const { discriminator, parametersPath } = merged.manifest.modelOperation
  return merged.models.map((model) => {
    const schema = resolve(merged.document, { $ref: `#/components/schemas/${model.schemaName}` })
    let node: JsonValue | undefined = schema
    for (const keyword of parametersPath)
      node = isJsonObject(node) ? resolve(merged.document, node[keyword]) : undefined
    if (!isJsonObject(node)) {
      throw new CodegenError({
        file: model.file,
        pointer: '',
        message: `model '${model.modelId}' has no parameters object at ${parametersPath.join('/')} (manifest modelOperation.parametersPath)`,
      })
    }
    const parametersProperty = parametersPath[1]
    // With an empty parametersPath the body is the parameters: nothing lies next to them, and a modelIn 'path'
    // model's request fields are its submit operation's query parameters (fal's `fal_webhook`).
    const requestFields =
      parametersPath.length === 0
        ? submitQueryParameters(merged, model.modelId)
        : Object.keys(isJsonObject(schema['properties']) ? schema['properties'] : {}).filter(
            (name) => name !== discriminator && name !== parametersProperty,
          )
    const properties = isJsonObject(node['properties']) ? node['properties'] : {}
    return {
      modelId: model.modelId,
      schemaName: model.schemaName,
      file: model.file,
      role: model.role,
      parameters: Object.fromEntries(
        Object.entries(properties).map(([name, value]) => [name, compact(merged.document, value)]),
      ),
      required: Array.isArray(node['required']) ? (node['required'] as string[]) : [],
      requestFields,
    }
  })
}

function submitQueryParameters(merged: MergedProvider, modelId: string): string[] {
  const { modelIn, method } = merged.manifest.modelOperation
  const pathItem = (merged.document['paths'] as JsonObject)[`/${modelId}`]
  const operation = modelIn === 'path' && isJsonObject(pathItem) ? pathItem[method] : undefined
  const parameters = isJsonObject(operation) && Array.isArray(operation['parameters']) ? operation['parameters'] : []
  return parameters.flatMap((entry) => {
    const parameter = resolve(merged.document, entry)
    return parameter['in'] === 'query' && typeof parameter['name'] === 'string' ? [parameter['name']] : []
  })
}

function compact(document: JsonObject, value: JsonValue | undefined, keepDescription = true): ParameterSchema {
  const schema = withoutNullBranch(resolve(document, value))
  const result: Record<string, unknown> = {}
  for (const keyword of keptKeywords) {
    if (schema[keyword] !== undefined) result[keyword] = schema[keyword]
  }
  if (schema['items'] !== undefined) result['items'] = compact(document, schema['items'], false)
  if (isJsonObject(schema['properties'])) {
    result['properties'] = Object.fromEntries(
      Object.entries(schema['properties']).map(([name, child]) => [name, compact(document, child, false)]),
    )
  }
  if (Array.isArray(schema['required'])) result['required'] = schema['required']
  if (keepDescription && typeof schema['description'] === 'string')
    result['description'] = firstSentence(schema['description'])
  return result as ParameterSchema
}

/**
 * `anyOf: [X, {type: 'null'}]` (a nullable field, fal.ai's optional parameters) as X, keeping the outer keywords: the
 * facade never sends null, so the table keeps what a value must be.
 */
function withoutNullBranch(schema: JsonObject): JsonObject {
  const branches = Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined
  const values = branches?.filter((branch) => !(isJsonObject(branch) && branch['type'] === 'null'))
  if (branches === undefined || values?.length !== 1 || values.length === branches.length || !isJsonObject(values[0]))
    return schema
  const { anyOf: _anyOf, ...outer } = schema
  return { ...values[0], ...outer }
}

function resolve(document: JsonObject, value: JsonValue | undefined): JsonObject {
  let node = value
  for (let depth = 0; isJsonObject(node) && typeof node['$ref'] === 'string' && depth < 20; depth += 1) {
    node = resolvePointer(document, decodeURIComponent(node['$ref'].slice(1))) as JsonValue | undefined
  }
  return isJsonObject(node) ? node : {}
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const end = flat.search(/\.(\s|$)/)
  return end === -1 ? flat : flat.slice(0, end + 1)
}
