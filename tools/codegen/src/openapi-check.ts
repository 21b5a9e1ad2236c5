import { Validator } from '@seriousme/openapi-schema-validator'
import { CodegenError, CodegenErrors } from './codegen-error.js'
import { resolvePointer, toPointer, type PathSegment } from './json-pointer.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js'
import type { MergedProvider, Origin } from './provider-merge.js'

const maximumReportedProblems = 10

/** Every `$ref` in the bundled document must resolve; a dangling one is reported in its source file. */
export function checkReferences(merged: MergedProvider): void {
  const problems: CodegenError[] = []
  walkReferences(merged.document, [], (reference, path) => {
    const target = reference.startsWith('#')
      ? resolvePointer(merged.document, decodeURIComponent(reference.slice(1)))
      : undefined
    if (target === undefined) {
      const where = locate(merged, toPointer([...path, '$ref']))
      problems.push(
        new CodegenError({
          ...where,
          message: `dangling $ref ${reference}: nothing in ${merged.manifest.directory} defines it (only local #/… references are supported)`,
        }),
      )
    }
  })
  throwAll(problems)
}

// One validator for the process: compiling the OpenAPI 3.1 meta-schema is its expensive part.
// Validations run one after another because the validator keeps the last document as state.
let validator: Validator | undefined
let previousValidation: Promise<unknown> = Promise.resolve()

/** Validates the bundled document against the official OpenAPI 3.1 schema. */
export async function validateOpenApi(merged: MergedProvider): Promise<void> {
  validator ??= new Validator()
  const shared = validator
  const validation = previousValidation.then(() =>
    shared.validate(merged.document as unknown as Parameters<Validator['validate']>[0]),
  )
  previousValidation = validation.catch(() => undefined)
  const result = await validation
  if (result.valid) return
  const errors = (Array.isArray(result.errors) ? result.errors : []) as Array<{
    instancePath: string
    message?: string
    keyword: string
    params?: Record<string, unknown>
  }>
  const concrete = errors.filter((error) => !['if', 'oneOf', 'anyOf', '$ref'].includes(error.keyword))
  const problems = (concrete.length > 0 ? concrete : errors).map((error) => {
    const allowed = error.params?.['allowedValues']
    const detail = Array.isArray(allowed) ? ` (allowed: ${allowed.join(', ')})` : ''
    return new CodegenError({
      ...locate(merged, error.instancePath),
      message: `fails OpenAPI 3.1 validation: ${error.message ?? error.keyword}${detail}`,
    })
  })
  throwAll(problems)
}

/** Maps a pointer in the bundled document to the file and pointer it came from. */
function locate(merged: MergedProvider, bundledPointer: string): { file: string; pointer: string } {
  let best: Origin | undefined
  for (const origin of merged.origins) {
    const covers = bundledPointer === origin.bundledPointer || bundledPointer.startsWith(origin.bundledPointer + '/')
    if (covers && (best === undefined || origin.bundledPointer.length > best.bundledPointer.length)) best = origin
  }
  if (best === undefined)
    return { file: `${merged.manifest.directory} (bundled openapi.json)`, pointer: bundledPointer }
  return { file: best.file, pointer: best.sourcePointer + bundledPointer.slice(best.bundledPointer.length) }
}

function walkReferences(
  node: JsonValue,
  path: PathSegment[],
  visit: (reference: string, path: PathSegment[]) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walkReferences(item, [...path, index], visit))
  } else if (isJsonObject(node)) {
    const reference = (node as JsonObject)['$ref']
    if (typeof reference === 'string') visit(reference, path)
    for (const [key, child] of Object.entries(node)) {
      if (!isPayload(key, child)) walkReferences(child, [...path, key], visit)
    }
  }
}

// Example payloads are data: a "$ref" inside one is not a reference. An `examples` map of Example
// Objects is walked (its entries may be references), their `value` payloads are not.
function isPayload(key: string, value: JsonValue): boolean {
  return key === 'example' || key === 'value' || (key === 'examples' && Array.isArray(value))
}

function throwAll(problems: readonly CodegenError[]): void {
  if (problems.length === 0) return
  const reported = problems.slice(0, maximumReportedProblems)
  throw reported.length === 1 ? reported[0]! : new CodegenErrors(reported)
}
