import type { ParameterSchema, ProviderTable } from './provider-table.js'
import { operationOptions, soraOperations, type OptionDefinition, type SoraOperation } from './sora-options.js'
import type { ModelTier, ProviderId } from './sora-types.js'

export { soraOperations, type SoraOperation } from './sora-options.js'

export type UploadSource = 'file' | 'url' | 'base64'

/** How one facade option becomes one provider parameter. Written per API family; the values come from the table. */
export interface OptionMapping {
  parameter: string
  /** Provider enum value → facade value (kie `n_frames` "10" → 10; vtrix `size` "720x1280" → "portrait"). */
  decode?: (providerValue: unknown) => unknown
  /** Facade value → provider value, for options without an enum (`imageUrl` → `image_urls: [url]`). */
  encode?: (value: never) => unknown
}

/** An API family's names for what the facade offers; kie.ai and Apikley share one. */
export interface FamilyMappings {
  operations: Partial<Record<SoraOperation, Record<string, OptionMapping>>>
  /** Facade option → request field next to the parameters (`callbackUrl` → `callBackUrl`). */
  requestFields: Record<string, string>
  /** Operation ids (from the table's `operations`) behind each service. */
  services: { credits?: string; downloadUrl?: string; upload: Partial<Record<UploadSource, string>> }
  /** The header that carries the family's callback signature, when it signs callbacks. */
  callbackSignatureHeader?: string
}

/** What a provider's model accepts for one facade option. */
export interface OptionCapability {
  /** The provider's name for it. */
  parameter: string
  /** The call fails without it (the facade's API or the provider requires it, with no default). */
  required: boolean
  /** The only accepted values, in facade terms (durationSeconds: [10, 15]). */
  values?: unknown[]
  default?: unknown
  maxLength?: number
  minItems?: number
  maxItems?: number
}

export interface ModelCapabilities {
  /** The provider's model id. */
  model: string
  tier: ModelTier | null
  /** Facade options this model takes; an absent option is unsupported. */
  options: Record<string, OptionCapability>
  /** Provider parameters no facade option covers, settable through `providerOptions`. */
  providerOptions: Record<string, OptionCapability>
}

/** What a provider can do, derived from its generated table (`sora.capabilities`). */
export interface SoraCapabilities {
  provider: ProviderId
  displayName: string
  /** The API family (`kie`, `vtrix`): providers of one family share an adapter and a callback format. */
  family: string
  /** Models per operation, in the table's order (the first is the default); empty when unsupported. */
  operations: Record<SoraOperation, ModelCapabilities[]>
  credits: boolean
  downloadUrl: boolean
  upload: UploadSource[]
  /**
   * The provider's callbacks carry a signature (its documents declare the header): verify them with
   * `@sorakit/sora/webhooks`. Otherwise a callback is only a hint to fetch the task back.
   */
  signedCallbacks: boolean
}

export function deriveCapabilities(table: ProviderTable, mappings: FamilyMappings): SoraCapabilities {
  const operations = Object.fromEntries(soraOperations.map((operation) => [operation, [] as ModelCapabilities[]])) as SoraCapabilities['operations']
  for (const [modelId, model] of Object.entries(table.models)) {
    const optionMappings = mappings.operations[model.operation as SoraOperation]
    if (optionMappings === undefined) continue
    const options: Record<string, OptionCapability> = {}
    const covered = new Set<string>()
    for (const [option, mapping] of Object.entries(optionMappings)) {
      const schema = model.parameters[mapping.parameter]
      covered.add(mapping.parameter)
      if (schema !== undefined) options[option] = optionCapability(mapping, schema, model.required, operationOptions[model.operation as SoraOperation][option])
    }
    for (const [option, field] of Object.entries(mappings.requestFields)) {
      if (model.requestFields.includes(field)) options[option] = { parameter: field, required: false }
    }
    const providerOptions: Record<string, OptionCapability> = {}
    for (const [name, schema] of Object.entries(model.parameters)) {
      if (!covered.has(name)) providerOptions[name] = optionCapability({ parameter: name }, schema, model.required)
    }
    operations[model.operation as SoraOperation].push({ model: modelId, tier: (model.aliases[0] as ModelTier | undefined) ?? null, options, providerOptions })
  }
  const has = (operationId: string | undefined) => operationId !== undefined && operationId in table.operations
  return {
    provider: table.id as ProviderId,
    displayName: table.displayName,
    family: table.family,
    operations,
    credits: has(mappings.services.credits),
    downloadUrl: has(mappings.services.downloadUrl),
    upload: (Object.entries(mappings.services.upload) as Array<[UploadSource, string]>).filter(([, operationId]) => has(operationId)).map(([source]) => source),
    signedCallbacks: Object.values(table.callbacks).some((callback) => mappings.callbackSignatureHeader !== undefined && callback.headers.includes(mappings.callbackSignatureHeader)),
  }
}

// `definition` is the facade option's, absent for provider options (which the caller sends as they are).
function optionCapability(mapping: OptionMapping, schema: ParameterSchema, required: readonly string[], definition?: OptionDefinition): OptionCapability {
  const decode = mapping.decode ?? ((value: unknown) => value)
  const providerRequires = required.includes(mapping.parameter) && schema.default === undefined
  const capability: OptionCapability = { parameter: mapping.parameter, required: providerRequires || definition?.required === true }
  if (schema.enum !== undefined) capability.values = schema.enum.map(decode)
  if (schema.default !== undefined) capability.default = decode(schema.default)
  if (schema.maxLength !== undefined) capability.maxLength = schema.maxLength
  // A single URL the family wraps in a list (`image_urls: [url]`) has no item limits of its own.
  const isList = definition === undefined || definition.type === 'text-list' || definition.type === 'shots'
  if (isList && schema.minItems !== undefined) capability.minItems = schema.minItems
  if (isList && schema.maxItems !== undefined) capability.maxItems = schema.maxItems
  return capability
}
