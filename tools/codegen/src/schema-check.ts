import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { CodegenError, CodegenErrors } from './codegen-error.js'
import type { JsonValue } from './json-value.js'

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
addFormats.default(ajv)
// Keyed by content: a long-lived process (tests, a watcher) may read the same schema file again.
const compiled = new Map<string, ValidateFunction>()

/**
 * Validates a data file (manifest, overlay) against its JSON Schema; every violation becomes a
 * CodegenError at the JSON pointer of the offending value.
 */
export function checkAgainstSchema(schema: JsonValue, value: JsonValue, displayPath: string): void {
  const key = JSON.stringify(schema)
  let validate = compiled.get(key)
  if (validate === undefined) {
    // Without its $id, so compiling a changed copy never clashes with ajv's registry.
    const { $id: _id, ...anonymous } = schema as Record<string, unknown>
    validate = ajv.compile(anonymous)
    compiled.set(key, validate)
  }
  if (validate(value)) return
  const errors = mostSpecific(validate.errors ?? []).map(
    (error) => new CodegenError({ file: displayPath, pointer: error.instancePath, message: describe(error) }),
  )
  throw errors.length === 1 ? errors[0]! : new CodegenErrors(errors)
}

// allOf/oneOf/if failures repeat what their branches already said; keep the concrete complaints.
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  const concrete = errors.filter((error) => !['oneOf', 'anyOf', 'if', 'not'].includes(error.keyword))
  return concrete.length > 0 ? concrete : [...errors]
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `missing required property '${String(error.params['missingProperty'])}'`
    case 'additionalProperties':
      return `unknown property '${String(error.params['additionalProperty'])}'`
    case 'enum':
      return `must be one of ${JSON.stringify(error.params['allowedValues'])}`
    case 'const':
      return `must be ${JSON.stringify(error.params['allowedValue'])}`
    default:
      return error.message ?? error.keyword
  }
}
