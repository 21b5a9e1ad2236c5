import {
  checkWaitOptions,
  createSora,
  defaultPollSchedule,
  UnsupportedFeatureError,
  ValidationError,
  type BuiltInProviderId,
  type GeneratedProvider,
  type ModelCapabilities,
  type Sora,
  type SoraOperation,
  type SoraOptions,
  type TableOf,
} from '@sorakit/sora'
import type { FalWebhookKeySource } from '@sorakit/sora/webhooks'
import type { SorakitVideoModelV3, SorakitVideoModelV4 } from './ai-sdk-specification.js'
import type { VideoDataSetting } from './sorakit-metadata.js'
import {
  createVideoModelV3,
  createVideoModelV4,
  type ServedOperation,
  type SorakitWaitSettings,
  type VideoModelContext,
} from './sorakit-video-model.js'

/** The ids of a table's models and their aliases (the manifest's friendly names). */
type ModelIdOrAlias<Models> =
  | (keyof Models & string)
  | {
      [Id in keyof Models]: Models[Id] extends { readonly aliases: readonly (infer Alias extends string)[] }
        ? Alias
        : never
    }[keyof Models]

/** A built-in provider id, or `{ table, createClient }` of another generated provider package (a white label). */
export type SorakitProviderChoice = BuiltInProviderId | GeneratedProvider

// The tables come from @sorakit/provider-registry (through the facade's TableOf): a provider added to specs/
// (a white label) types its model ids with no edit here.
/**
 * Every model id of the provider's generated table and every alias, e.g. `'kling-3.0/video' | 'kling-3.0' | 'veo-3-1' |
 * ...` for kie.ai.
 */
export type SorakitModelId<Provider extends SorakitProviderChoice> =
  TableOf<Provider> extends { readonly models: infer Models } ? ModelIdOrAlias<Models> : string

/** Options of `createSorakit` and `createSorakitV3`: the facade's options, plus the provider. */
export interface SorakitProviderSettings<Provider extends SorakitProviderChoice>
  extends Omit<SoraOptions, 'clock' | 'random'> {
  /** `kie`, `apikley`, `vtrix`, or `{ table, createClient }` of another generated provider package. */
  provider: Provider
  /**
   * The webhook HMAC key (kie.ai settings). When set, a webhook delivery is verified before the AI
   * SDK re-fetches the task; without it a delivery is only a hint (the task is always re-fetched).
   * Default: none.
   */
  webhookSecret?: string
  /**
   * The public keys of a provider that signs its webhooks with a key pair (fal.ai: `falWebhookKeys()` of
   * `@sorakit/sora/webhooks`, or one with the mock's `/__mock/jwks.json`). When set, a delivery is verified as the
   * provider's family signs before the AI SDK re-fetches the task. Default: none (a delivery is only a hint).
   */
  webhookKeys?: FalWebhookKeySource
  /** How `doGenerate` waits (`createSorakitV3`). Default: the facade's schedule and 15-minute deadline. */
  wait?: SorakitWaitSettings
  /**
   * How finished videos reach the AI SDK: `'url'` (the AI SDK downloads them) or `'binary'` (this provider
   * downloads them through `fetch`, so MSW handlers serve them). Default: `'binary'` for a video on a
   * loopback host (a mock server: the AI SDK refuses to download from one), else `'url'`.
   */
  videoData?: VideoDataSetting
}

interface SorakitProviderBase<ModelId extends string, Model> {
  /** The model for `experimental_generateVideo({ model })`. */
  (modelId: ModelId): Model
  video(modelId: ModelId): Model
  videoModel(modelId: ModelId): Model
  /** The facade underneath, for what the AI SDK has no call for: credits, download links, uploads, `wait`. */
  readonly sora: Sora
  /** sorakit serves video models only: these throw an UnsupportedFeatureError. */
  languageModel(modelId: string): never
  embeddingModel(modelId: string): never
  imageModel(modelId: string): never
}

/** An AI SDK provider (`ProviderV4`, ai 7) whose video models implement `Experimental_VideoModelV4`. */
export interface SorakitProvider<ModelId extends string = string>
  extends SorakitProviderBase<ModelId, SorakitVideoModelV4<ModelId>> {
  readonly specificationVersion: 'v4'
}

/** An AI SDK provider (`ProviderV3`, ai 6) whose video models implement `Experimental_VideoModelV3`. */
export interface SorakitProviderV3<ModelId extends string = string>
  extends SorakitProviderBase<ModelId, SorakitVideoModelV3<ModelId>> {
  readonly specificationVersion: 'v3'
}

/**
 * The provider for ai 7 (`@ai-sdk/provider` 4, Node >= 22): `doStart` / `doStatus`, the sorakit
 * handle as the operation, `handleWebhookOption` where the provider signs callbacks. Server-side
 * only: the API key must never reach a browser.
 */
export function createSorakit<const Provider extends SorakitProviderChoice>(
  settings: SorakitProviderSettings<Provider>,
): SorakitProvider<SorakitModelId<Provider>> {
  return createProvider(settings, 'v4', createVideoModelV4<SorakitModelId<Provider>>)
}

/**
 * The provider for ai 6 (`@ai-sdk/provider` 3, Node >= 18): a blocking `doGenerate` that starts the
 * task and waits with the facade's poller. Server-side only.
 */
export function createSorakitV3<const Provider extends SorakitProviderChoice>(
  settings: SorakitProviderSettings<Provider>,
): SorakitProviderV3<SorakitModelId<Provider>> {
  return createProvider(settings, 'v3', createVideoModelV3<SorakitModelId<Provider>>)
}

function createProvider<ModelId extends string, Model, Version extends 'v3' | 'v4'>(
  settings: SorakitProviderSettings<SorakitProviderChoice>,
  specificationVersion: Version,
  createModel: (context: VideoModelContext<ModelId>) => Model,
): SorakitProviderBase<ModelId, Model> & { readonly specificationVersion: Version } {
  if (typeof settings !== 'object' || settings === null)
    throw new ValidationError('createSorakit takes an options object', { field: 'options' })
  const { webhookSecret, webhookKeys, wait = {}, videoData, ...soraOptions } = settings
  if (videoData !== undefined && videoData !== 'url' && videoData !== 'binary')
    throw new ValidationError(`videoData must be 'url' or 'binary' (got ${JSON.stringify(videoData)})`, {
      field: 'videoData',
      supported: ['url', 'binary'],
    })
  if (webhookSecret !== undefined && (typeof webhookSecret !== 'string' || webhookSecret === ''))
    throw new ValidationError('webhookSecret must be a non-empty string', { field: 'webhookSecret' })
  if (webhookKeys !== undefined && typeof (webhookKeys as { keys?: unknown } | null)?.keys !== 'function')
    throw new ValidationError('webhookKeys must be a key source (falWebhookKeys() of @sorakit/sora/webhooks)', {
      field: 'webhookKeys',
    })
  checkWaitSettings(wait)
  const sora = createSora(soraOptions)
  const { byId, byAlias } = servedOperations(sora)
  const video = (modelId: ModelId): Model => {
    const served =
      typeof modelId !== 'string'
        ? undefined
        : Object.hasOwn(byId, modelId)
          ? byId[modelId]
          : Object.hasOwn(byAlias, modelId)
            ? byAlias[modelId]
            : undefined
    if (served === undefined) {
      const ids = Object.keys(byId)
      const aliases = Object.keys(byAlias)
      throw new ValidationError(
        `${sora.capabilities.displayName} has no model ${JSON.stringify(modelId)}; its models: ${ids.join(', ')}${aliases.length === 0 ? '' : `; aliases: ${aliases.join(', ')}`}`,
        {
          provider: sora.provider,
          field: 'modelId',
          supported: [...ids, ...aliases],
        },
      )
    }
    // The facade's fetch, read at call time as the facade reads it: MSW patches globalThis.fetch after imports.
    const fetch = soraOptions.fetch ?? ((request: Request) => globalThis.fetch(request))
    const webhooks = { secret: webhookSecret, keys: webhookKeys }
    return createModel({ sora, modelId, operations: served, webhooks, wait, delivery: { videoData, fetch } })
  }
  const videoOnly =
    (kind: string) =>
    (modelId: string): never => {
      throw new UnsupportedFeatureError(
        `sorakit serves video models only (asked for the ${kind} ${modelId}): use video(modelId)`,
        { provider: sora.provider, field: kind, supported: ['videoModel'] },
      )
    }
  return Object.assign((modelId: ModelId) => video(modelId), {
    specificationVersion,
    sora,
    video,
    videoModel: video,
    languageModel: videoOnly('languageModel'),
    embeddingModel: videoOnly('embeddingModel'),
    imageModel: videoOnly('imageModel'),
  })
}

/**
 * Checked when the provider is made, not at the first wait: by then a billable task exists. The
 * facade's own check, with the field named as these settings name it.
 */
function checkWaitSettings(wait: unknown): asserts wait is SorakitWaitSettings {
  if (typeof wait !== 'object' || wait === null || Array.isArray(wait))
    throw new ValidationError('wait must be an object { deadlineMs?, pollSchedule? }', { field: 'wait' })
  const { deadlineMs = 0, pollSchedule = defaultPollSchedule } = wait as SorakitWaitSettings
  try {
    checkWaitOptions(deadlineMs, pollSchedule, undefined)
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error
    throw new ValidationError(`wait.${error.message}`, { field: `wait.${error.field ?? ''}` })
  }
}

/**
 * The operations each model of the provider's table runs, in the facade's order, by model id and by
 * alias. One alias may name a model per operation (kie.ai `grok-imagine`: a text-to-video and an
 * image-to-video model): the call's frames then pick one, as for a model serving both.
 */
function servedOperations(sora: Sora): {
  byId: Record<string, ServedOperation[]>
  byAlias: Record<string, ServedOperation[]>
} {
  const byId: Record<string, ServedOperation[]> = {}
  const byAlias: Record<string, ServedOperation[]> = {}
  const listed = (record: Record<string, ServedOperation[]>, name: string) => (record[name] ??= [])
  for (const [operation, entries] of Object.entries(sora.capabilities.operations) as Array<
    [SoraOperation, ModelCapabilities[]]
  >) {
    for (const model of entries) {
      listed(byId, model.model).push({ operation, model })
      for (const alias of model.aliases) listed(byAlias, alias).push({ operation, model })
    }
  }
  return { byId, byAlias }
}
