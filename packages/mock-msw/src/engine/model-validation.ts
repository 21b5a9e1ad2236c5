import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { dereference } from './document-examples.js'
import type { LifecycleDocument, LifecycleProviderTable, Violation } from './lifecycle-types.js'

/** What is wrong with a create request, judged against the model it names. */
export type ModelCheck =
  | { kind: 'unknown-model'; model: unknown; known: string[] }
  | { kind: 'violations'; violations: Violation[] }

/**
 * Checks a create body against the schema of the model it names (the `oneOf` branch its discriminator
 * maps to), so an error names that model's field, not the first branch's. ajv compiles each model's
 * schema on first use only: start-up pays nothing, and only invalid requests are checked here.
 */
export function createModelValidator(
  table: LifecycleProviderTable,
  document: LifecycleDocument,
): (body: unknown, pathModel?: string) => Promise<ModelCheck> {
  const { method, path, discriminator, modelIn } = table.modelOperation
  const operation = document.paths[path]?.[method] as { requestBody?: unknown } | undefined
  const requestBody = dereference<
    { content?: Record<string, { schema?: { discriminator?: { mapping?: Record<string, string> } } }> } | undefined
  >(document, operation?.requestBody)
  const mapping = requestBody?.content?.['application/json']?.schema?.discriminator?.mapping ?? {}
  // modelIn 'path': each model's body schema is its own submit operation's, at `/<model id>`.
  const referenceOf = (model: unknown): string | undefined => {
    if (typeof model !== 'string') return undefined
    if (modelIn !== 'path') return Object.hasOwn(mapping, model) ? mapping[model] : undefined
    if (!Object.hasOwn(table.models, model) || document.paths[`/${model}`]?.[method] === undefined) return undefined
    return `#/${['paths', `/${model}`, method, 'requestBody', 'content', 'application/json', 'schema'].map(pointerToken).join('/')}`
  }
  let ajv: Ajv2020 | undefined
  const compiled = new Map<string, ValidateFunction>()
  return async (body, pathModel) => {
    const model =
      modelIn === 'path'
        ? pathModel
        : typeof body === 'object' && body !== null
          ? (body as Record<string, unknown>)[discriminator]
          : undefined
    const reference = referenceOf(model)
    if (reference === undefined) return { kind: 'unknown-model', model, known: Object.keys(table.models) }
    if (ajv === undefined) {
      // Imported on first use: a start (and a valid request) never pays for loading ajv.
      const [{ Ajv2020: Validator }, { default: addFormats }] = await Promise.all([
        import('ajv/dist/2020.js'),
        import('ajv-formats'),
      ])
      // OpenAPI keywords (discriminator, example) are not JSON Schema ones: strict off ignores them.
      ajv = new Validator({ strict: false, allErrors: true })
      addFormats.default(ajv)
      ajv.addSchema({ ...document, $id: 'document' })
    }
    let validate = compiled.get(model as string)
    if (validate === undefined) {
      validate = ajv!.compile({ $ref: `document${reference}` })
      compiled.set(model as string, validate)
    }
    return validate(body)
      ? { kind: 'violations', violations: [] }
      : { kind: 'violations', violations: (validate.errors ?? []).map(toViolation) }
  }
}

function pointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}

function toViolation(error: ErrorObject): Violation {
  const path: Array<string | number> = error.instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token))
  if (error.keyword === 'required')
    return { path: [...path, String(error.params['missingProperty'])], message: 'This field is required' }
  if (error.keyword === 'additionalProperties')
    return {
      path: [...path, String(error.params['additionalProperty'])],
      message: 'This field is not accepted by this model',
    }
  if (error.keyword === 'enum')
    return {
      path,
      message: `must be one of ${(error.params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
    }
  return { path, message: error.message ?? error.keyword }
}

/** `input.image_urls`, `input[0].params.prompt`. */
function fieldName(path: readonly (string | number)[]): string {
  return (
    path
      .map((token, index) => (typeof token === 'number' ? `[${token}]` : index === 0 ? token : `.${token}`))
      .join('') || '(body)'
  )
}

/**
 * One line naming each problem: `input.image_urls: This field is required; input.n_frames: must be one of "10", "15"`.
 */
export function violationsMessage(violations: readonly Violation[]): string {
  const unique = [...new Set(violations.map((violation) => `${fieldName(violation.path)}: ${violation.message}`))]
  return unique.slice(0, 5).join('; ') + (unique.length > 5 ? `; and ${unique.length - 5} more` : '')
}
