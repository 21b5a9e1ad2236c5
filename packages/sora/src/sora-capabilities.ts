import type {
  ModelAvailability,
  ParameterMapping,
  ParameterSchema,
  ProviderTable,
  UploadSource,
} from '@sorakit/provider'
import { commonValuesByFieldValue, decodeFieldValue } from './parameter-mapping.js'
import {
  callbackOptions,
  operationOptions,
  soraOperations,
  type OptionDefinition,
  type SoraOperation,
} from './sora-options.js'
import type { ProviderId } from './sora-types.js'

export { soraOperations, type SoraOperation } from './sora-options.js'
export type { UploadSource } from '@sorakit/provider'

/** What a provider's model accepts for one facade option. */
export interface OptionCapability {
  /** The provider's name for it. */
  parameter: string
  /** The call fails without it (the facade's API or the provider requires it, with no default). */
  required: boolean
  /**
   * The only accepted values, in facade terms, canonical spelling (durationSeconds: [10, 15]; aspectRatio: ['9:16',
   * '16:9']).
   */
  values?: unknown[]
  /** Other spellings accepted for the same values (aspectRatio: 'portrait', 'landscape'). */
  aliases?: unknown[]
  default?: unknown
  maxLength?: number
  minItems?: number
  maxItems?: number
}

export interface ModelCapabilities {
  /** The provider's model id. */
  model: string
  /** Friendly names that select this model too (`kling-3.0`), from the manifest. */
  aliases: string[]
  /**
   * Whether the provider sells it now (`available`, `paused`, `withdrawn`), since when and who says so, from the
   * manifest.
   */
  availability: ModelAvailability
  /** Facade options this model takes; an absent option is unsupported. */
  options: Record<string, OptionCapability>
  /** Provider parameters no facade option covers, settable through `providerOptions: { [provider]: {...} }`. */
  providerOptions: Record<string, OptionCapability>
}

/** What a provider can do, derived from its generated table (`sora.capabilities`). */
export interface SoraCapabilities {
  provider: ProviderId
  displayName: string
  /** The API family (`kie`, `vtrix`): providers of one family share an adapter and a callback format. */
  family: string
  /** Models per operation, in the table's order; empty when unsupported. */
  operations: Record<SoraOperation, ModelCapabilities[]>
  /**
   * The model a call without `model` runs, per operation (the manifest's `defaultModels`); absent: `model` is required.
   */
  defaultModels: Partial<Record<SoraOperation, string>>
  credits: boolean
  downloadUrl: boolean
  /** `sora.cancel` stops a task that has not finished (fal.ai's queue). */
  cancel: boolean
  upload: UploadSource[]
  /**
   * The provider's callbacks carry a signature (its documents declare the header): verify them with
   * `@sorakit/sora/webhooks`. Otherwise a callback is only a hint to fetch the task back.
   */
  signedCallbacks: boolean
}

/** Everything the facade offers a provider, from its table; `callbackSignatureHeader` is its family's. */
export function deriveCapabilities(
  table: ProviderTable,
  callbackSignatureHeader: string | undefined,
): SoraCapabilities {
  const operations = Object.fromEntries(
    soraOperations.map((operation) => [operation, [] as ModelCapabilities[]]),
  ) as SoraCapabilities['operations']
  for (const [modelId, model] of Object.entries(table.models)) {
    for (const operation of model.operations) {
      // A model serving several operations maps the options of all; each operation takes its own.
      const ownOptions = { ...operationOptions[operation], ...callbackOptions }
      const options: Record<string, OptionCapability> = {}
      const covered = new Set<string>()
      for (const [option, mapping] of Object.entries(model.commonParameters) as Array<[string, ParameterMapping]>) {
        if (!Object.hasOwn(ownOptions, option)) continue
        covered.add(mapping.field)
        options[option] = optionCapability(mapping, model.parameters[mapping.field], model.required, ownOptions[option])
      }
      const providerOptions: Record<string, OptionCapability> = {}
      for (const [name, schema] of Object.entries(model.parameters)) {
        if (!covered.has(name)) providerOptions[name] = optionCapability({ field: name }, schema, model.required)
      }
      operations[operation].push({
        model: modelId,
        aliases: [...model.aliases],
        availability: model.availability,
        options,
        providerOptions,
      })
    }
  }
  const { services } = table
  const has = (operationId: string | undefined) => operationId !== undefined && operationId in table.operations
  const defaultModels = Object.fromEntries(
    Object.entries(table.defaultModels).filter(([operation, modelId]) =>
      operations[operation as SoraOperation]?.some((model) => model.model === modelId),
    ),
  )
  return {
    provider: table.id as ProviderId,
    displayName: table.displayName,
    family: table.family,
    operations,
    defaultModels,
    credits: has(services.credits),
    downloadUrl: has(services.downloadUrl),
    cancel: has(services.cancel),
    upload: (Object.entries(services.upload ?? {}) as Array<[UploadSource, string]>)
      .filter(([, operationId]) => has(operationId))
      .map(([source]) => source),
    signedCallbacks:
      callbackSignatureHeader !== undefined &&
      Object.values(table.callbacks).some((callback) => callback.headers.includes(callbackSignatureHeader)),
  }
}

// `definition` is the facade option's, absent for provider options (which the caller sends as they are).
function optionCapability(
  mapping: ParameterMapping,
  schema: ParameterSchema | undefined,
  required: readonly string[],
  definition?: OptionDefinition,
): OptionCapability {
  if (schema === undefined) return { parameter: mapping.field, required: false }
  const providerRequires = required.includes(mapping.field) && schema.default === undefined
  const capability: OptionCapability = {
    parameter: mapping.field,
    required: providerRequires || definition?.required === true,
  }
  const values = commonValuesByFieldValue(mapping, schema)
  if (values !== undefined) {
    capability.values = values.map(([, common]) => common[0])
    const aliases = values.flatMap(([, common]) => common.slice(1))
    if (aliases.length > 0) capability.aliases = aliases
  }
  if (schema.default !== undefined) capability.default = decodeFieldValue(mapping, schema.default)
  if (schema.maxLength !== undefined) capability.maxLength = schema.maxLength
  // A single URL the mapping wraps in a list (`image_urls: [url]`) has no item limits of its own.
  const isList = definition === undefined || definition.type === 'text-list' || definition.type === 'shots'
  if (isList && schema.minItems !== undefined) capability.minItems = schema.minItems
  if (isList && schema.maxItems !== undefined) capability.maxItems = schema.maxItems
  return capability
}
