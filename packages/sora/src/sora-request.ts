import { describeValue, isPlainObject, labelled, listValues, parameterProblem } from './parameter-check.js'
import type { ParameterMapping, ProviderTable } from '@sorakit/provider'
import { encodeCommonValue } from './parameter-mapping.js'
import {
  soraOperations,
  type ModelCapabilities,
  type SoraCapabilities,
  type SoraOperation,
} from './sora-capabilities.js'
import { UnsupportedFeatureError, ValidationError } from './sora-errors.js'
import { callbackOptions, operationOptions, optionTypeProblem } from './sora-options.js'

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
}

/**
 * Turns facade input into the provider's request, or throws before any network call: a
 * ValidationError for input that is wrong anywhere, an UnsupportedFeatureError for what this
 * provider cannot do. Both name the field and list what the provider accepts.
 */
export function buildModelRequest(context: RequestContext, operation: SoraOperation, input: unknown): ModelRequest {
  const { capabilities } = context
  if (!isPlainObject(input))
    throw new ValidationError(`${operation} takes an object of options`, { provider: capabilities.provider })
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
  return new UnsupportedFeatureError(
    `${capabilities.displayName} has no ${operation}; it offers ${offered.join(', ')}`,
    {
      provider: capabilities.provider,
      field: operation,
      supported: offered,
    },
  )
}

/** The operation's model named by id or alias, or its declared default; never another model. */
function selectModel(capabilities: SoraCapabilities, operation: SoraOperation, model: unknown): ModelCapabilities {
  const models = capabilities.operations[operation]
  const available = models.flatMap((candidate) => [candidate.model, ...candidate.aliases])
  const details = { provider: capabilities.provider, field: 'model', supported: available }
  // From JavaScript a bigint or a circular object may come here: describe it without serialising it.
  if (model !== undefined && typeof model !== 'string')
    throw new ValidationError(
      `model must be a string, one of ${listValues(available)} (got ${typeof model === 'bigint' ? 'a bigint' : describeValue(model)})`,
      details,
    )
  if (model === undefined) {
    const defaultModel = capabilities.defaultModels[operation]
    const chosen = models.find((candidate) => candidate.model === defaultModel)
    if (chosen === undefined) {
      throw new ValidationError(
        `model is required: ${capabilities.displayName} declares no default ${operation} model; pass one of ${listValues(available)}`,
        details,
      )
    }
    return chosen
  }
  const chosen =
    typeof model === 'string'
      ? (models.find((candidate) => candidate.model === model) ??
        models.find((candidate) => candidate.aliases.includes(model)))
      : undefined
  if (chosen === undefined) {
    throw new UnsupportedFeatureError(
      `model: ${capabilities.displayName} has no ${operation} model ${JSON.stringify(model)}; its ${operation} models are ${listValues(available)}`,
      details,
    )
  }
  return chosen
}

function checkKnownOptions(operation: SoraOperation, input: Record<string, unknown>, provider: string): void {
  const known = [
    ...Object.keys(operationOptions[operation]),
    ...Object.keys(callbackOptions),
    'providerOptions',
    'model',
  ]
  for (const name of Object.keys(input)) {
    if (!known.includes(name))
      throw new ValidationError(`${operation} has no option '${name}'; its options are ${known.join(', ')}`, {
        provider,
        field: name,
        supported: known,
      })
  }
}

function setFacadeOptions(
  context: RequestContext,
  operation: SoraOperation,
  model: ModelCapabilities,
  input: Record<string, unknown>,
  request: ModelRequest,
): void {
  const { capabilities, table } = context
  const modelTable = table.models[model.model]!
  const where = `${capabilities.displayName} ${model.model}`
  const details = (field: string, supported?: readonly unknown[]) => ({
    provider: capabilities.provider,
    field,
    ...(supported === undefined ? {} : { supported }),
  })
  for (const [name, definition] of Object.entries({ ...operationOptions[operation], ...callbackOptions })) {
    const value = input[name]
    const capability = model.options[name]
    if (value === undefined) {
      if (definition.required || capability?.required)
        throw new ValidationError(`${name} is required by ${where}`, details(name))
      continue
    }
    const typeProblem = optionTypeProblem(definition, value)
    if (typeProblem !== undefined) throw new ValidationError(`${name} ${typeProblem}`, details(name))
    const mapping = (modelTable.commonParameters as Record<string, ParameterMapping | undefined>)[name]
    if (capability === undefined || mapping === undefined) {
      const others = capabilities.operations[operation]
        .filter((other) => name in other.options)
        .map((other) => other.model)
      const hint =
        others.length === 0
          ? `no ${capabilities.displayName} model for ${operation} does`
          : `use model ${listValues(others)}`
      throw new UnsupportedFeatureError(`${name}: ${where} does not take it; ${hint}`, details(name, others))
    }
    const schema = modelTable.parameters[mapping.field]
    const encoded = encodeCommonValue(mapping, schema, value)
    if (encoded === undefined) {
      const accepted = [...(capability.values ?? []), ...(capability.aliases ?? [])]
      throw new UnsupportedFeatureError(
        `${name}: ${where} supports ${listValues(capability.values ?? [])} (got ${JSON.stringify(value)})`,
        details(name, accepted),
      )
    }
    const problem = schema === undefined ? undefined : parameterProblem(schema, encoded.value)
    if (problem !== undefined)
      throw new ValidationError(`${labelled(name, problem)} (${where} ${mapping.field})`, details(name))
    if (schema === undefined) request.requestFields[mapping.field] = value as string
    else if (mapping.encoding === 'list') placeInList(request.parameters, mapping.field, mapping.position ?? 0, value)
    else request.parameters[mapping.field] = encoded.value
  }
}

// Two options may share one list field at their positions (kie.ai Kling 3.0 `image_urls`: first frame, last frame).
function placeInList(parameters: Record<string, unknown>, field: string, position: number, value: unknown): void {
  const list = Array.isArray(parameters[field]) ? (parameters[field] as unknown[]) : []
  list[position] = value
  parameters[field] = list
}

/**
 * `providerOptions: { [provider]: { [parameter]: value } }` (the AI SDK convention): this provider's
 * entry is checked against the model's schema; other providers' entries are left for them.
 */
function setProviderOptions(
  context: RequestContext,
  model: ModelCapabilities,
  providerOptions: unknown,
  parameters: Record<string, unknown>,
): void {
  if (providerOptions === undefined) return
  const { capabilities, table } = context
  const { provider } = capabilities
  const allowed = Object.keys(model.providerOptions)
  const details = (field: string) => ({ provider, field: `providerOptions.${field}`, supported: allowed })
  if (!isPlainObject(providerOptions))
    throw new ValidationError(
      `providerOptions must be an object keyed by provider: { ${provider}: { ... } }`,
      details(''),
    )
  const modelParameters = table.models[model.model]!.parameters
  for (const key of Object.keys(providerOptions)) {
    // A flat parameter of this model means the caller forgot the provider key.
    if (key !== provider && Object.hasOwn(modelParameters, key)) {
      throw new ValidationError(
        `providerOptions is keyed by provider: write providerOptions: { ${provider}: { ${key}: ... } }`,
        details(key),
      )
    }
  }
  const own = providerOptions[provider]
  if (own === undefined) return
  if (!isPlainObject(own))
    throw new ValidationError(
      `providerOptions.${provider} must be an object of ${capabilities.displayName} parameters`,
      details(provider),
    )
  for (const [name, value] of Object.entries(own)) {
    const field = `${provider}.${name}`
    if (!Object.hasOwn(model.providerOptions, name)) {
      const facadeOption = Object.entries(model.options).find(([, capability]) => capability.parameter === name)?.[0]
      const fix =
        facadeOption === undefined
          ? `its provider options are ${allowed.join(', ') || 'none'}`
          : `set it with the ${facadeOption} option`
      throw new ValidationError(
        `providerOptions.${field}: ${capabilities.displayName} ${model.model} does not take it here; ${fix}`,
        details(field),
      )
    }
    const problem = parameterProblem(modelParameters[name]!, value)
    if (problem !== undefined) throw new ValidationError(labelled(`providerOptions.${field}`, problem), details(field))
    parameters[name] = value
  }
}

// The provider requires some parameters the facade has no option for; send their documented default.
function setRequiredDefaults(
  context: RequestContext,
  model: ModelCapabilities,
  parameters: Record<string, unknown>,
): void {
  const modelTable = context.table.models[model.model]!
  for (const name of modelTable.required) {
    if (parameters[name] !== undefined) continue
    const schema = modelTable.parameters[name]
    if (schema?.default !== undefined) {
      parameters[name] = schema.default
      continue
    }
    const values = schema?.enum === undefined ? '' : `: one of ${listValues(schema.enum)}`
    throw new ValidationError(
      `providerOptions.${context.capabilities.provider}.${name} is required by ${context.capabilities.displayName} ${model.model}${values}`,
      {
        provider: context.capabilities.provider,
        field: `providerOptions.${context.capabilities.provider}.${name}`,
        ...(schema?.enum === undefined ? {} : { supported: schema.enum }),
      },
    )
  }
}
