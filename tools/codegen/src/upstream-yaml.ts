import { createHash } from 'node:crypto'
import { parse, YAMLParseError } from 'yaml'
import { CodegenError } from './codegen-error.js'
import { stringifyJson, type JsonValue } from './json-value.js'

/** Upstream documents are YAML; vendored copies are their JSON form, content unchanged. */
export function parseUpstreamYaml(text: string, displayPath: string): JsonValue {
  try {
    return parse(text, { uniqueKeys: true, strict: true, prettyErrors: true }) as JsonValue
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0]
      throw new CodegenError({
        file: displayPath,
        message: `malformed YAML at line ${line}, column ${column}: ${error.code}`,
      })
    }
    throw error
  }
}

export function vendoredJsonFromYaml(text: string, displayPath: string): string {
  return stringifyJson(parseUpstreamYaml(text, displayPath))
}

/**
 * kie.ai's schema route (`GET /api/v1/models/{model}/schema`) answers `{ code, msg, data: { model,
 * openapi } }`; the vendored copy is `data.openapi`, content unchanged. A `code` other than 200 or a
 * null `openapi` (the route's answer for a model without a document) is refused, naming the code.
 */
export function openApiFromSchemaEndpoint(text: string, displayPath: string): JsonValue {
  let envelope: unknown
  try {
    envelope = JSON.parse(text)
  } catch (error) {
    throw new CodegenError({
      file: displayPath,
      message: `the schema endpoint's answer is not JSON: ${(error as Error).message}`,
    })
  }
  const body = envelope as { code?: unknown; msg?: unknown; data?: { openapi?: unknown } | null }
  if (body.code !== 200)
    throw new CodegenError({
      file: displayPath,
      message: `the schema endpoint answered code ${String(body.code)} (${String(body.msg)}), not 200`,
    })
  const openapi = body.data?.openapi
  if (typeof openapi !== 'object' || openapi === null || Array.isArray(openapi)) {
    throw new CodegenError({
      file: displayPath,
      pointer: '/data/openapi',
      message: 'the schema endpoint has no OpenAPI document for this model (data.openapi is not an object)',
    })
  }
  return openapi as JsonValue
}

/**
 * The vendored JSON of an upstream text, by its form: the schema endpoint's envelope is unwrapped, every other form is
 * YAML (JSON included).
 */
export function vendoredJsonFromUpstream(text: string, form: string, displayPath: string): string {
  return form === 'schema-endpoint'
    ? stringifyJson(openApiFromSchemaEndpoint(text, displayPath))
    : vendoredJsonFromYaml(text, displayPath)
}

/** The hash recorded in a manifest: sha256 of the upstream text exactly as published. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** What a page that lost its indentation keeps: every non-blank line, trimmed. */
export function flattenYaml(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/**
 * Restores the indentation of a YAML document whose page lost it, from a reference document of
 * the same structure (Apikley's image-to-video page is kie's document re-worded). No library does
 * this. Lines are aligned by a longest-common-subsequence match on their trimmed text; a changed
 * line takes the indentation of the reference line it replaces. The result is accepted only if it
 * flattens back to exactly the input lines, so no content can be added or lost.
 */
export function repairFlattenedYaml(flattenedText: string, referenceText: string): string {
  const flattened = flattenYaml(flattenedText)
  const reference = referenceText.split('\n')
  const referenceContent = reference
    .map((line, index) => ({ index, text: line.trim() }))
    .filter((line) => line.text !== '')
  const matches = longestCommonSubsequence(
    flattened,
    referenceContent.map((line) => line.text),
  )
  const output: string[] = []
  let flatIndex = 0
  let referenceIndex = 0
  const emit = (text: string, referenceLine: number | undefined) => {
    const indentSource = referenceLine === undefined ? '' : (reference[referenceLine] ?? '')
    output.push(indentOf(indentSource) + text)
  }
  for (const [matchFlat, matchReference] of [...matches, [flattened.length, referenceContent.length] as const]) {
    // Lines between two matches: changed lines inherit the indentation of the lines they replace.
    while (flatIndex < matchFlat) {
      const pairedOneToOne = referenceIndex < matchReference
      const replaced =
        referenceContent[Math.min(referenceIndex, matchReference - 1)] ?? referenceContent[matchReference]
      if (pairedOneToOne && replaced !== undefined) pushBlankLinesBefore(output, reference, replaced.index)
      emit(flattened[flatIndex]!, replaced?.index)
      flatIndex += 1
      if (pairedOneToOne) referenceIndex += 1
    }
    referenceIndex = matchReference
    if (matchFlat < flattened.length) {
      const referenceLine = referenceContent[matchReference]!.index
      pushBlankLinesBefore(output, reference, referenceLine)
      emit(flattened[flatIndex]!, referenceLine)
      flatIndex += 1
      referenceIndex += 1
    }
  }
  const repaired = output.join('\n') + '\n'
  const roundTrip = flattenYaml(repaired)
  if (roundTrip.length !== flattened.length || roundTrip.some((line, index) => line !== flattened[index])) {
    throw new Error('repair would change the document text; refusing')
  }
  return repaired
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? ''
}

// Blank lines separate paragraphs inside folded YAML scalars; the reference says where they were.
function pushBlankLinesBefore(output: string[], reference: readonly string[], referenceLine: number): void {
  let count = 0
  for (let index = referenceLine - 1; index >= 0 && reference[index]!.trim() === ''; index -= 1) count += 1
  for (let index = 0; index < count && output.length > 0; index += 1) output.push('')
}

function longestCommonSubsequence(left: readonly string[], right: readonly string[]): Array<readonly [number, number]> {
  const lengths: number[][] = Array.from({ length: left.length + 1 }, () => new Array<number>(right.length + 1).fill(0))
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      lengths[i]![j] =
        left[i] === right[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const pairs: Array<readonly [number, number]> = []
  let i = 0
  let j = 0
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      pairs.push([i, j])
      i += 1
      j += 1
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      i += 1
    } else {
      j += 1
    }
  }
  return pairs
}
