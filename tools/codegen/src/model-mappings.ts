import {
  commonParameters,
  modelOperations,
  parameterEncodings,
  type ParameterMapping,
  type ParameterMappings,
  type ProviderServices,
} from '@sorakit/provider'
import { CodegenError } from './codegen-error.js'
import type { ModelDescription } from './model-parameters.js'
import {
  roleOperations,
  type ManifestMappingChoice,
  type ManifestParameterMapping,
  type ModelRole,
  type ProviderManifest,
} from './provider-manifest.js'

/** A model's facade facts for its table entry. */
export interface ModelFacadeFacts {
  operations: string[]
  availability?: ModelRole['availability']
  aliases: string[]
  commonParameters: ParameterMappings
}

/** The manifest's facade facts, checked against the contract's names and the models' own fields. */
export interface ProviderFacadeFacts {
  models: Map<string, ModelFacadeFacts>
  defaultModels: Record<string, string>
  services: ProviderServices
}

/**
 * Resolves each model's common-parameter mappings (the operation's, where the model has the field,
 * then the model's own), its aliases, the default models and the services. Every name is checked
 * against the contract (`@sorakit/provider`) and every field against the model, so the facade's one
 * generic mapper never meets a mapping it cannot apply.
 */
export function resolveFacadeFacts(
  manifest: ProviderManifest,
  models: readonly ModelDescription[],
  operationIds: readonly string[],
): ProviderFacadeFacts {
  const fail = (pointer: string, message: string) => new CodegenError({ file: manifest.manifestPath, pointer, message })
  for (const [operation] of Object.entries(manifest.commonParameters))
    checkOperation(operation, `/commonParameters/${operation}`, fail)
  const facts = new Map<string, ModelFacadeFacts>()
  for (const model of models) {
    const entry = manifest.documents.find((document) => document.file === model.file)
    const role = model.role
    if (role === undefined) {
      facts.set(model.modelId, { operations: [], aliases: [], commonParameters: {} })
      continue
    }
    const pointer = `${entry?.manifestPointer ?? ''}/model`
    const operations = roleOperations(role)
    for (const operation of operations) checkOperation(operation, `${pointer}/operation`, fail)
    const mappings: Record<string, ParameterMapping> = {}
    for (const operation of operations) {
      for (const [name, choice] of Object.entries(manifest.commonParameters[operation] ?? {})) {
        // The operation's mappings are templates: a model without the field (or with another enum) does not take that
        // parameter.
        const resolved = firstApplying(model, name, choice, `/commonParameters/${operation}/${name}`, fail)
        if (resolved !== undefined) mappings[name] ??= resolved
      }
    }
    for (const [name, mapping] of Object.entries(role.commonParameters ?? {})) {
      const where = `${pointer}/commonParameters/${name}`
      const resolved = resolveMapping(model, name, mapping, where, fail)
      const problem = fieldProblem(model, resolved)
      if (problem !== undefined) throw fail(where, `model '${model.modelId}': ${problem}`)
      mappings[name] = resolved
    }
    facts.set(model.modelId, {
      operations,
      availability: role.availability,
      aliases: role.aliases ?? [],
      commonParameters: mappings,
    })
  }
  checkAliases(facts, fail)
  return {
    models: facts,
    defaultModels: checkedDefaults(manifest, facts, fail),
    services: checkedServices(manifest, operationIds, fail),
  }
}

type Fail = (pointer: string, message: string) => CodegenError

function checkOperation(operation: string, pointer: string, fail: Fail): void {
  if (!(modelOperations as readonly string[]).includes(operation))
    throw fail(pointer, `unknown facade operation '${operation}'; the operations are ${modelOperations.join(', ')}`)
}

function resolveMapping(
  model: ModelDescription,
  name: string,
  mapping: ManifestParameterMapping,
  pointer: string,
  fail: Fail,
): ParameterMapping {
  if (!(commonParameters as readonly string[]).includes(name))
    throw fail(pointer, `unknown common parameter '${name}'; the common parameters are ${commonParameters.join(', ')}`)
  const { encoding, itemFields, values, position } = mapping
  if (encoding !== undefined && !(parameterEncodings as readonly string[]).includes(encoding))
    throw fail(
      `${pointer}/encoding`,
      `unknown encoding '${encoding}'; the encodings are ${parameterEncodings.join(', ')}`,
    )
  if ((encoding === 'object-list') !== (itemFields !== undefined))
    throw fail(
      pointer,
      `itemFields goes with encoding object-list, and object-list needs itemFields (model '${model.modelId}')`,
    )
  if (position !== undefined && encoding !== 'list')
    throw fail(`${pointer}/position`, `position goes with encoding list (model '${model.modelId}')`)
  return {
    field: mapping.field,
    ...(values === undefined
      ? {}
      : {
          values: Object.fromEntries(
            Object.entries(values).map(([fieldValue, common]) => [
              fieldValue,
              Array.isArray(common) ? common : [common],
            ]),
          ),
        }),
    ...(encoding === undefined ? {} : { encoding: encoding as ParameterMapping['encoding'] }),
    ...(itemFields === undefined ? {} : { itemFields }),
    ...(position === undefined || position === 0 ? {} : { position }),
  }
}

/** The first of an operation's alternatives that the model's fields accept, or undefined when none does. */
function firstApplying(
  model: ModelDescription,
  name: string,
  choice: ManifestMappingChoice,
  pointer: string,
  fail: Fail,
): ParameterMapping | undefined {
  const alternatives = Array.isArray(choice) ? choice : [choice]
  for (const [index, mapping] of alternatives.entries()) {
    const resolved = resolveMapping(model, name, mapping, Array.isArray(choice) ? `${pointer}/${index}` : pointer, fail)
    if (fieldProblem(model, resolved) === undefined) return resolved
  }
  return undefined
}

/** Why the mapping cannot be applied to the model, or undefined. */
function fieldProblem(model: ModelDescription, mapping: ParameterMapping): string | undefined {
  const schema = model.parameters[mapping.field]
  if (schema === undefined) {
    return model.requestFields.includes(mapping.field)
      ? undefined
      : `no field '${mapping.field}' (its parameters: ${Object.keys(model.parameters).join(', ')}; request fields: ${model.requestFields.join(', ') || 'none'})`
  }
  const enumValues = (schema.enum ?? []).map(String)
  if (mapping.values !== undefined) {
    const keys = Object.keys(mapping.values)
    const missing = enumValues.filter((value) => !keys.includes(value))
    const extra = keys.filter((value) => !enumValues.includes(value))
    if (missing.length > 0 || extra.length > 0)
      return `values of '${mapping.field}' must cover exactly its enum ${JSON.stringify(enumValues)} (missing ${JSON.stringify(missing)}, unknown ${JSON.stringify(extra)})`
  }
  if (
    mapping.encoding === 'number-as-string' &&
    (schema.type !== 'string' || enumValues.some((value) => !Number.isFinite(Number(value))))
  ) {
    return `encoding number-as-string needs a string field with numeric values in '${mapping.field}' (type ${JSON.stringify(schema.type)}, enum ${JSON.stringify(enumValues)})`
  }
  if (mapping.encoding === 'list' && schema.type !== 'array')
    return `encoding list needs an array field in '${mapping.field}' (type ${JSON.stringify(schema.type)})`
  if (mapping.position !== undefined && schema.maxItems !== undefined && mapping.position >= schema.maxItems)
    return `position ${mapping.position} is past '${mapping.field}' maxItems ${schema.maxItems}`
  return undefined
}

function checkAliases(facts: Map<string, ModelFacadeFacts>, fail: Fail): void {
  const owners = new Map<string, string>()
  for (const [modelId, model] of facts) {
    for (const operation of model.operations) {
      for (const alias of model.aliases) {
        const key = `${operation}:${alias}`
        const owner =
          owners.get(key) ??
          [...facts].find(
            ([otherId, other]) => otherId === alias && other.operations.includes(operation) && otherId !== modelId,
          )?.[0]
        if (owner !== undefined)
          throw fail('/documents', `alias '${alias}' of '${modelId}' already selects '${owner}' for ${operation}`)
        owners.set(key, modelId)
      }
    }
  }
}

function checkedDefaults(
  manifest: ProviderManifest,
  facts: Map<string, ModelFacadeFacts>,
  fail: Fail,
): Record<string, string> {
  for (const [operation, modelId] of Object.entries(manifest.defaultModels)) {
    const pointer = `/defaultModels/${operation}`
    checkOperation(operation, pointer, fail)
    const candidates = [...facts]
      .filter(([, model]) => model.operations.includes(operation) && model.availability?.status === 'available')
      .map(([id]) => id)
    const chosen = facts.get(modelId)
    if (chosen === undefined || !chosen.operations.includes(operation)) {
      throw fail(
        pointer,
        `default model '${modelId}' is not a ${operation} model of ${manifest.id}; name one of ${candidates.join(', ') || '(none)'} or remove the entry (a call without model then fails, listing the models)`,
      )
    }
    // A default is what a caller gets without asking: it must be a model the provider sells now.
    if (chosen.availability?.status !== 'available') {
      throw fail(
        pointer,
        `default model '${modelId}' is ${chosen.availability?.status ?? 'of unknown availability'}; name an available ${operation} model (${candidates.join(', ') || 'none'}) or remove the entry`,
      )
    }
  }
  return manifest.defaultModels
}

function checkedServices(manifest: ProviderManifest, operationIds: readonly string[], fail: Fail): ProviderServices {
  const services = manifest.services ?? {}
  const named: Array<[string, string | undefined]> = [
    ['credits', services.credits],
    ['downloadUrl', services.downloadUrl],
    ['cancel', services.cancel],
    ...Object.entries(services.upload ?? {}).map(([source, operationId]): [string, string | undefined] => [
      `upload/${source}`,
      operationId,
    ]),
  ]
  for (const [name, operationId] of named) {
    if (operationId !== undefined && !operationIds.includes(operationId))
      throw fail(
        `/services/${name}`,
        `operation '${operationId}' is not in ${manifest.id}'s bundled document (its operations: ${operationIds.join(', ')})`,
      )
  }
  return services
}
