import { isJsonObject, type JsonObject } from './json-value.js'
import { resolveFacadeFacts, type ModelFacadeFacts } from './model-mappings.js'
import { describeModels, type ModelDescription, type ParameterSchema } from './model-parameters.js'
import { packageNaming, tsHeader } from './package-naming.js'
import type { MergedProvider } from './provider-merge.js'

/**
 * The provider's facts as a constant: servers, every operation the document defines, the model
 * operation, and each model's parameters with their enums, defaults and limits. The facade derives
 * its capability table from it (which operations and models exist, and their limits), so nothing
 * about a provider is written twice. Descriptions are left to the README to keep bundles small.
 */
export function providerTableModule(merged: MergedProvider): string {
  const { manifest } = merged
  const naming = packageNaming(manifest)
  const operations = operationsByOperationId(merged)
  const models = describeModels(merged)
  const facade = resolveFacadeFacts(manifest, models, Object.keys(operations))
  const { keyPage: _keyPage, ...auth } = manifest.auth
  const table = {
    id: manifest.id,
    displayName: manifest.displayName,
    family: manifest.family,
    auth,
    servers: manifest.servers,
    operations,
    modelOperation: manifest.modelOperation,
    callbacks: modelOperationCallbacks(merged),
    services: facade.services,
    defaultModels: facade.defaultModels,
    models: Object.fromEntries(models.map((model) => [model.modelId, modelEntry(model, facade.models.get(model.modelId)!)])),
  }
  return `${tsHeader(manifest)}import type { ProviderTable } from '@sorakit/provider'

/** ${manifest.displayName} as its bundled OpenAPI document and its manifest describe it. */
export const ${naming.providerConstant} = ${JSON.stringify(table, null, 2)} as const satisfies ProviderTable

/** Every model id the ${manifest.displayName} document defines. */
export type ${naming.modelIdType} = keyof typeof ${naming.providerConstant}.models
`
}

const httpMethods = ['get', 'put', 'post', 'delete', 'patch']

/**
 * The callbacks the model operation declares: the request field holding each URL, and the headers
 * the provider sends with it (a signature, when it signs). Empty for a provider that only polls.
 */
function modelOperationCallbacks(merged: MergedProvider): Record<string, { urlField: string; headers: string[] }> {
  const { path, method } = merged.manifest.modelOperation
  const operation = ((merged.document['paths'] as JsonObject)[path] as JsonObject)[method] as JsonObject
  const callbacks: Record<string, { urlField: string; headers: string[] }> = {}
  for (const [name, callback] of Object.entries(isJsonObject(operation['callbacks']) ? operation['callbacks'] : {})) {
    for (const [expression, item] of Object.entries(isJsonObject(callback) ? callback : {})) {
      // `{$request.body#/callBackUrl}`: the URL comes from that request field.
      const urlField = /^\{\$request\.body#\/([^}/]+)\}$/.exec(expression)?.[1]
      const post = isJsonObject(item) && isJsonObject(item['post']) ? item['post'] : {}
      const parameters = Array.isArray(post['parameters']) ? post['parameters'] : []
      const headers = parameters.filter((parameter) => isJsonObject(parameter) && parameter['in'] === 'header').map((parameter) => String((parameter as JsonObject)['name']))
      if (urlField !== undefined) callbacks[name] = { urlField, headers }
    }
  }
  return callbacks
}

/** `{ [operationId]: { method, path } }` in document order, so a client can tell what the provider offers. */
function operationsByOperationId(merged: MergedProvider): Record<string, { method: string; path: string }> {
  const operations: Record<string, { method: string; path: string }> = {}
  for (const [path, item] of Object.entries(merged.document['paths'] as JsonObject)) {
    if (!isJsonObject(item)) continue
    for (const method of httpMethods) {
      const operation = item[method]
      if (isJsonObject(operation) && typeof operation['operationId'] === 'string') operations[operation['operationId']] = { method, path }
    }
  }
  return operations
}

function modelEntry(model: ModelDescription, facade: ModelFacadeFacts) {
  return {
    operations: facade.operations,
    availability: facade.availability ?? unlistedAvailability,
    aliases: facade.aliases,
    required: model.required,
    requestFields: model.requestFields,
    parameters: Object.fromEntries(Object.entries(model.parameters).map(([name, schema]) => [name, withoutDescriptions(schema)])),
    commonParameters: facade.commonParameters,
  }
}

// A model without a facade role (kept in the typed client only) has no availability in the manifest.
const unlistedAvailability = { status: 'available', source: 'no model role in the manifest: the bundled document defines it, the facade does not drive it' } as const

function withoutDescriptions(schema: ParameterSchema): ParameterSchema {
  const { description: _description, items, properties, ...rest } = schema
  return {
    ...rest,
    ...(items === undefined ? {} : { items: withoutDescriptions(items) }),
    ...(properties === undefined ? {} : { properties: Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, withoutDescriptions(child)])) }),
  }
}
