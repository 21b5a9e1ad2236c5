import { isJsonObject, type JsonObject } from './json-value.js'
import { resolveFacadeFacts, type ModelFacadeFacts } from './model-mappings.js'
import { describeModels, type ModelDescription, type ParameterSchema } from './model-parameters.js'
import { modelModules, packageNaming, tsHeader } from './package-naming.js'
import type { ModelOperation } from './provider-manifest.js'
import type { MergedProvider } from './provider-merge.js'

/**
 * The provider's facts as constants, in modules a bundler can keep apart: `<id>ProviderApi` (servers,
 * every operation the document defines, the model operation, callbacks, services, default models),
 * one module per model (its parameters with their enums, defaults and limits, its mappings), and
 * `<id>Provider`, the whole table composed of them. An app that hands the facade only the models it
 * calls bundles only those; one that takes `<id>Provider` gets every model, as before. The facade
 * derives its capability table from them, so nothing about a provider is written twice.
 * Descriptions are left to the README to keep bundles small.
 */
export function providerTableModules(merged: MergedProvider): Array<{ module: string; content: string }> {
  const { manifest } = merged
  const naming = packageNaming(manifest)
  const operations = operationsByOperationId(merged, manifest.modelOperation)
  const models = describeModels(merged)
  const facade = resolveFacadeFacts(manifest, models, Object.keys(operations))
  const modules = modelModules(
    manifest,
    models.map((model) => model.modelId),
  )
  const { keyPage: _keyPage, ...auth } = manifest.auth
  const api = {
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
  }
  const apiModule = `${tsHeader(manifest)}import type { ProviderApi } from '@sorakit/provider'

/** How to reach and call ${manifest.displayName}, without its models (each model is its own module under \`models/\`). */
export const ${naming.providerApiConstant} = ${JSON.stringify(api, null, 2)} as const satisfies ProviderApi
`
  const modelSources = models.map((model) => {
    const { module, constant, subpath } = modules.get(model.modelId)!
    const definition = {
      provider: manifest.id,
      id: model.modelId,
      ...modelEntry(model, facade.models.get(model.modelId)!),
    }
    const content = `${tsHeader(manifest)}import type { ModelDefinition } from '@sorakit/provider'

/** ${manifest.displayName} ${model.modelId} (\`${naming.packageName}/${subpath}\`): pass it to the facade's \`models\` to bundle only the models an app calls. */
export const ${constant} = ${JSON.stringify(definition, null, 2)} as const satisfies ModelDefinition
`
    return { module, content }
  })
  const imports = models.map(
    (model) => `import { ${modules.get(model.modelId)!.constant} } from './${modules.get(model.modelId)!.module}.js'`,
  )
  const entries = models.map(
    (model) => `    ${JSON.stringify(model.modelId)}: ${modules.get(model.modelId)!.constant},`,
  )
  const tableModule = `${tsHeader(manifest)}import type { ProviderTable } from '@sorakit/provider'
import { ${naming.providerApiConstant} } from './${naming.providerApiModule}.js'
${imports.join('\n')}

/** ${manifest.displayName} as its bundled OpenAPI document and its manifest describe it: every model. */
// A pure call, because bundlers keep an object spread of an import even when nothing reads it: an app
// that takes only \`${naming.providerApiConstant}\` and a few model modules must not carry every model.
export const ${naming.providerConstant} = /* @__PURE__ */ (() =>
  ({
    ...${naming.providerApiConstant},
    models: {
${entries.map((entry) => `  ${entry}`).join('\n')}
    },
  }) as const satisfies ProviderTable)()

/** Every model id the ${manifest.displayName} document defines. */
export type ${naming.modelIdType} = keyof typeof ${naming.providerConstant}.models
`
  return [
    { module: naming.providerApiModule, content: apiModule },
    ...modelSources,
    { module: naming.providerModule, content: tableModule },
  ]
}

const httpMethods = ['get', 'put', 'post', 'delete', 'patch']

/**
 * The callbacks the model operation declares: the request field holding each URL, and the headers
 * the provider sends with it (a signature, when it signs). Empty for a provider that only polls.
 */
function modelOperationCallbacks(merged: MergedProvider): Record<string, { urlField: string; headers: string[] }> {
  const { path, method, modelIn } = merged.manifest.modelOperation
  // A modelIn 'path' provider has no one model operation in its document: each model submits on its own path, and
  // the first one's callbacks stand for all (the merge keeps the documents' shared parts equal).
  const [firstModel] = merged.models
  const located = modelIn === 'path' && firstModel !== undefined ? `/${firstModel.modelId}` : path
  const pathItem = (merged.document['paths'] as JsonObject)[located]
  const operation = isJsonObject(pathItem) && isJsonObject(pathItem[method]) ? pathItem[method] : {}
  const callbacks: Record<string, { urlField: string; headers: string[] }> = {}
  for (const [name, callback] of Object.entries(isJsonObject(operation['callbacks']) ? operation['callbacks'] : {})) {
    for (const [expression, item] of Object.entries(isJsonObject(callback) ? callback : {})) {
      // `{$request.body#/callBackUrl}` or `{$request.query.fal_webhook}`: the URL comes from that request field.
      const urlField = /^\{\$request\.(?:body#\/|query\.)([^}/]+)\}$/.exec(expression)?.[1]
      const post = isJsonObject(item) && isJsonObject(item['post']) ? item['post'] : {}
      const parameters = Array.isArray(post['parameters']) ? post['parameters'] : []
      const headers = parameters
        .filter((parameter) => isJsonObject(parameter) && parameter['in'] === 'header')
        .map((parameter) => String((parameter as JsonObject)['name']))
      if (urlField !== undefined) callbacks[name] = { urlField, headers }
    }
  }
  return callbacks
}

/**
 * `{ [operationId]: { method, path } }` in document order, so a client can tell what the provider offers. A modelIn
 * `path` provider's documents name no operations: its model operation and `modelPaths` are listed under the template.
 */
function operationsByOperationId(
  merged: MergedProvider,
  modelOperation: ModelOperation,
): Record<string, { method: string; path: string }> {
  const operations: Record<string, { method: string; path: string }> = {}
  if (modelOperation.modelIn === 'path') {
    operations[modelOperation.operationId] = { method: modelOperation.method, path: modelOperation.path }
    for (const [operationId, { method, path }] of Object.entries(modelOperation.modelPaths ?? {}))
      operations[operationId] = { method, path: `${modelOperation.path}${path}` }
  }
  for (const [path, item] of Object.entries(merged.document['paths'] as JsonObject)) {
    if (!isJsonObject(item)) continue
    for (const method of httpMethods) {
      const operation = item[method]
      if (isJsonObject(operation) && typeof operation['operationId'] === 'string')
        operations[operation['operationId']] = { method, path }
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
    parameters: Object.fromEntries(
      Object.entries(model.parameters).map(([name, schema]) => [name, withoutDescriptions(schema)]),
    ),
    commonParameters: facade.commonParameters,
  }
}

// A model without a facade role (kept in the typed client only) has no availability in the manifest.
const unlistedAvailability = {
  status: 'available',
  source: 'no model role in the manifest: the bundled document defines it, the facade does not drive it',
} as const

function withoutDescriptions(schema: ParameterSchema): ParameterSchema {
  const { description: _description, items, properties, ...rest } = schema
  return {
    ...rest,
    ...(items === undefined ? {} : { items: withoutDescriptions(items) }),
    ...(properties === undefined
      ? {}
      : {
          properties: Object.fromEntries(
            Object.entries(properties).map(([name, child]) => [name, withoutDescriptions(child)]),
          ),
        }),
  }
}
