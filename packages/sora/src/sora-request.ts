import { describeValue, isPlainObject, labelled, listValues, parameterProblem } from './parameter-check.js'
import type { ProviderTable } from './provider-table.js'
import { soraOperations, type FamilyMappings, type ModelCapabilities, type SoraCapabilities, type SoraOperation } from './sora-capabilities.js'
import { UnsupportedFeatureError, ValidationError } from './sora-errors.js'
import { callbackOptions, operationOptions, optionTypeProblem, tieredOperations } from './sora-options.js'

/** A create request in the provider's terms, checked against its table. */
export interface ModelRequest {
  modelId: string
  /** kie.ai `input`, vtrix `input[0].params`. */
  parameters: Record<string, unknown>
  /** Fields next to the parameters (`callBackUrl`). */
  requestFields: Record<string, string>
}

export interface RequestContext {
  table: ProviderTable
  capabilities: SoraCapabilities
  mappings: FamilyMappings
}

/**
 * Turns facade input into the provider's request, or throws before any network call: a
 * ValidationError for input that is wrong anywhere, an UnsupportedFeatureError for what this
 * provider cannot do. Both name the field and list what the provider accepts.
 */
export function buildModelRequest(context: RequestContext, operation: SoraOperation, input: unknown): ModelRequest {
  const { capabilities } = context
  if (!isPlainObject(input)) throw new ValidationError(`${operation} takes an object of options`, { provider: capabilities.provider })
  if (capabilities.operations[operation].length === 0) throw unsupportedOperation(capabilities, operation)
  checkKnownOptions(operation, input, capabilities.provider)
  const model = selectModel(capabilities, operation, input['model'])
  const request: ModelRequest = { modelId: model.model, parameters: {}, requestFields: {} }
  setFacadeOptions(context, operation, model, input, request)
  setProviderOptions(context, model, input['providerOptions'], request.parameters)
  setRequiredDefaults(context, model, request.parameters)
  return request
}

export function unsupportedOperation(capabilities: SoraCapabilities, operation: string): UnsupportedFeatureError {
  const offered = soraOperations.filter((name) => capabilities.operations[name].length > 0)
  return new UnsupportedFeatureError(`${capabilities.displayName} has no ${operation}; it offers ${offered.join(', ')}`, {
    provider: capabilities.provider,
    field: operation,
    supported: offered,
  })
}

function selectModel(capabilities: SoraCapabilities, operation: SoraOperation, tier: unknown): ModelCapabilities {
  const models = capabilities.operations[operation]
  if (tier === undefined) return models[0]!
  const tiers = models.map((model) => model.tier)
  // From JavaScript a bigint or a circular object may come here: describe it without serialising it.
  if (typeof tier !== 'string') throw new ValidationError(`model must be a string, one of ${listValues(tiers)} (got ${typeof tier === 'bigint' ? 'a bigint' : describeValue(tier)})`, { provider: capabilities.provider, field: 'model', supported: tiers })
  const model = models.find((candidate) => candidate.tier === tier)
  if (model === undefined) {
    throw new UnsupportedFeatureError(`model: ${capabilities.displayName} ${operation} supports ${listValues(tiers)} (got ${describeValue(tier)})`, {
      provider: capabilities.provider,
      field: 'model',
      supported: tiers,
    })
  }
  return model
}

function checkKnownOptions(operation: SoraOperation, input: Record<string, unknown>, provider: string): void {
  const known = [...Object.keys(operationOptions[operation]), ...Object.keys(callbackOptions), 'providerOptions', ...(tieredOperations.has(operation) ? ['model'] : [])]
  for (const name of Object.keys(input)) {
    if (!known.includes(name)) throw new ValidationError(`${operation} has no option '${name}'; its options are ${known.join(', ')}`, { provider, field: name, supported: known })
  }
}

function setFacadeOptions(context: RequestContext, operation: SoraOperation, model: ModelCapabilities, input: Record<string, unknown>, request: ModelRequest): void {
  const { capabilities, mappings, table } = context
  const where = `${capabilities.displayName} ${model.model}`
  const details = (field: string, supported?: readonly unknown[]) => ({ provider: capabilities.provider, field, ...(supported === undefined ? {} : { supported }) })
  for (const [name, definition] of Object.entries({ ...operationOptions[operation], ...callbackOptions })) {
    const value = input[name]
    const capability = model.options[name]
    if (value === undefined) {
      if (definition.required || capability?.required) throw new ValidationError(`${name} is required by ${where}`, details(name))
      continue
    }
    const typeProblem = optionTypeProblem(definition, value)
    if (typeProblem !== undefined) throw new ValidationError(`${name} ${typeProblem}`, details(name))
    if (capability === undefined) {
      const tiers = capabilities.operations[operation].filter((other) => name in other.options).map((other) => other.tier ?? other.model)
      const hint = tiers.length === 0 ? `no ${capabilities.displayName} model for ${operation} does` : `use model ${listValues(tiers)}`
      throw new UnsupportedFeatureError(`${name}: ${where} does not take it; ${hint}`, details(name, tiers))
    }
    const mapping = mappings.operations[operation]?.[name]
    const schema = table.models[model.model]!.parameters[capability.parameter]
    let providerValue: unknown = value
    if (capability.values !== undefined) {
      const index = capability.values.indexOf(value)
      if (index === -1) throw new UnsupportedFeatureError(`${name}: ${where} supports ${listValues(capability.values)} (got ${JSON.stringify(value)})`, details(name, capability.values))
      providerValue = schema!.enum![index]
    } else if (mapping?.encode !== undefined) {
      providerValue = mapping.encode(value as never)
    }
    const problem = schema === undefined ? undefined : parameterProblem(schema, providerValue)
    if (problem !== undefined) throw new ValidationError(`${labelled(name, problem)} (${where} ${capability.parameter})`, details(name))
    if (schema === undefined) request.requestFields[capability.parameter] = value as string
    else request.parameters[capability.parameter] = providerValue
  }
}

function setProviderOptions(context: RequestContext, model: ModelCapabilities, providerOptions: unknown, parameters: Record<string, unknown>): void {
  if (providerOptions === undefined) return
  const { capabilities, table } = context
  const allowed = Object.keys(model.providerOptions)
  const details = (field: string) => ({ provider: capabilities.provider, field: `providerOptions.${field}`, supported: allowed })
  if (!isPlainObject(providerOptions)) throw new ValidationError('providerOptions must be an object', details(''))
  for (const [name, value] of Object.entries(providerOptions)) {
    if (!Object.hasOwn(model.providerOptions, name)) {
      const facadeOption = Object.entries(model.options).find(([, capability]) => capability.parameter === name)?.[0]
      const fix = facadeOption === undefined ? `its provider options are ${allowed.join(', ') || 'none'}` : `set it with the ${facadeOption} option`
      throw new ValidationError(`providerOptions.${name}: ${capabilities.displayName} ${model.model} does not take it here; ${fix}`, details(name))
    }
    const problem = parameterProblem(table.models[model.model]!.parameters[name]!, value)
    if (problem !== undefined) throw new ValidationError(labelled(`providerOptions.${name}`, problem), details(name))
    parameters[name] = value
  }
}

// The provider requires some parameters the facade has no option for; send their documented default.
function setRequiredDefaults(context: RequestContext, model: ModelCapabilities, parameters: Record<string, unknown>): void {
  const modelTable = context.table.models[model.model]!
  for (const name of modelTable.required) {
    if (parameters[name] !== undefined) continue
    const schema = modelTable.parameters[name]
    if (schema?.default !== undefined) {
      parameters[name] = schema.default
      continue
    }
    const values = schema?.enum === undefined ? '' : `: one of ${listValues(schema.enum)}`
    throw new ValidationError(`providerOptions.${name} is required by ${context.capabilities.displayName} ${model.model}${values}`, {
      provider: context.capabilities.provider,
      field: `providerOptions.${name}`,
      ...(schema?.enum === undefined ? {} : { supported: schema.enum }),
    })
  }
}
