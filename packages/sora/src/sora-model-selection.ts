import type { GeneratedClient, GeneratedProvider, ModelDefinition, ProviderApi, ProviderTable } from '@sorakit/provider'
import { describeValue, isPlainObject } from './parameter-check.js'
import type { FamilyDefinition, ProviderDefinition } from './sora-adapter.js'
import { defineProvider } from './sora-adapter.js'
import { ValidationError } from './sora-errors.js'

/**
 * A provider's table holding only the models an app passed (`models: [kling30Video]`): the facade's
 * types and capabilities then know those models and no others, and the app's bundle carries no
 * other model's data. A default model the app did not pass is no default.
 */
export type TableWithModels<Api extends ProviderApi, Models extends readonly ModelDefinition[]> = Omit<
  Api,
  'defaultModels'
> & {
  readonly defaultModels: {
    readonly [O in keyof Api['defaultModels'] as Api['defaultModels'][O] extends Models[number]['id']
      ? O
      : never]: Api['defaultModels'][O]
  }
  readonly models: { readonly [Model in Models[number] as Model['id']]: Model }
}

/**
 * The options of a facade over a few models: `models` are the model modules (`@sorakit/<provider>/models/<model>`) it
 * drives.
 */
export interface ModelSelection<Models extends readonly ModelDefinition[]> {
  /**
   * The models this facade drives, each imported from its own module (`import { kling30Video } from
   * '@sorakit/kie/models/kling-3.0-video'`). Required, at least one; every other model of the
   * provider is unknown to this facade, and a call naming one fails with the list of these.
   */
  models: Models
}

/** `models` apart from the facade's own options; refuses a non-object as `createSora` does. */
export function splitModelSelection<Options extends object>(
  options: Options & ModelSelection<readonly ModelDefinition[]>,
): { models: unknown; facadeOptions: Omit<Options, 'models'> } {
  if (!isPlainObject(options))
    throw new ValidationError('createSoraWithModels takes an options object: { apiKey, models: [...] }', {
      field: 'options',
    })
  const { models, ...facadeOptions } = options
  return { models, facadeOptions }
}

/**
 * The facade's definition of a provider over the given models only; throws a ValidationError for anything that is not
 * one of its models.
 */
export function definitionWithModels(
  family: FamilyDefinition,
  api: ProviderApi,
  createClient: GeneratedProvider['createClient'],
  models: unknown,
): ProviderDefinition {
  const provider: GeneratedProvider<ProviderTable, GeneratedClient> = {
    table: tableWithModels(api, models),
    createClient,
  }
  return defineProvider(family, provider)
}

/**
 * `api` plus the given models, checked: a model of another provider, or one given twice, is refused before any request.
 */
function tableWithModels(api: ProviderApi, models: unknown): ProviderTable {
  if (!Array.isArray(models) || models.length === 0) {
    throw new ValidationError(
      `models must be a non-empty array of ${api.displayName} model modules (import { ... } from '@sorakit/${api.id}/models/<model>')`,
      { provider: api.id, field: 'models' },
    )
  }
  const entries: Record<string, ModelDefinition> = {}
  for (const [index, model] of models.entries()) {
    if (!isModelDefinition(model))
      throw new ValidationError(
        `models[${index}] is not a model module (got ${describeValue(model)}); import it from '@sorakit/${api.id}/models/<model>'`,
        { provider: api.id, field: `models[${index}]` },
      )
    if (model.provider !== api.id)
      throw new ValidationError(
        `models[${index}] is ${model.provider}'s model ${JSON.stringify(model.id)}; this facade talks to ${api.id}`,
        { provider: api.id, field: `models[${index}]`, supported: [api.id] },
      )
    if (Object.hasOwn(entries, model.id))
      throw new ValidationError(`models names ${JSON.stringify(model.id)} twice`, {
        provider: api.id,
        field: `models[${index}]`,
      })
    entries[model.id] = model
  }
  const defaultModels = Object.fromEntries(
    Object.entries(api.defaultModels).filter(([, modelId]) => modelId !== undefined && Object.hasOwn(entries, modelId)),
  )
  return { ...api, defaultModels, models: entries }
}

function isModelDefinition(value: unknown): value is ModelDefinition {
  return (
    isPlainObject(value) &&
    typeof value['provider'] === 'string' &&
    typeof value['id'] === 'string' &&
    Array.isArray(value['operations']) &&
    isPlainObject(value['parameters']) &&
    isPlainObject(value['commonParameters'])
  )
}
