/**
 * The consumer-side classification of every change the contract diff can report.
 *
 * Why a table of our own: no kept npm library classifies OpenAPI 3.1 changes from the consumer's
 * side (oasdiff is a Go binary). api-smart-diff 1.0.6, the closest, was tried on these documents:
 * it calls a removed request field and a newly required nested request field non-breaking, does
 * not flag a response field made nullable, matches `oneOf` members by index (removing one model
 * reports the last member as removed) and mutates its inputs. Each rule below has a test in
 * test/change-rules.test.ts built from a real document with one realistic edit.
 *
 * `breaking`: a consumer's code or types can stop working (major bump).
 * `non-breaking`: something new to use or a constraint loosened (minor bump).
 * `info`: nothing for a consumer to change; recorded so the change is visible (patch bump).
 */
export type Classification = 'breaking' | 'non-breaking' | 'info'

export interface ChangeRule {
  classification: Classification
  /** One line for the maintainer reading the table. */
  summary: string
}

export const changeRules = {
  'operation-removed': { classification: 'breaking', summary: 'operation removed' },
  'operation-added': { classification: 'non-breaking', summary: 'operation added' },
  'operation-id-changed': {
    classification: 'breaking',
    summary: 'operationId changed or removed (the `operations` type key)',
  },
  'operation-id-added': {
    classification: 'non-breaking',
    summary: 'operationId given to an operation that had none (a new `operations` type key)',
  },
  'server-url-changed': { classification: 'breaking', summary: 'server URL changed (requests go to another host)' },
  'model-removed': {
    classification: 'breaking',
    summary: 'value removed from a discriminated request union (e.g. a model)',
  },
  'model-added': {
    classification: 'non-breaking',
    summary: 'value added to a discriminated request union (e.g. a model)',
  },
  'request-field-removed': {
    classification: 'breaking',
    summary: 'request field or parameter removed (also: a field made readOnly)',
  },
  'request-field-renamed': { classification: 'breaking', summary: 'request field renamed' },
  'request-field-added': { classification: 'non-breaking', summary: 'optional request field or parameter added' },
  'request-field-newly-required': { classification: 'breaking', summary: 'request field or parameter newly required' },
  'request-field-no-longer-required': {
    classification: 'non-breaking',
    summary: 'request field or parameter no longer required',
  },
  'request-type-narrowed': { classification: 'breaking', summary: 'request type narrowed' },
  'request-type-widened': { classification: 'non-breaking', summary: 'request type widened' },
  'request-enum-value-removed': { classification: 'breaking', summary: 'request enum value removed' },
  'request-enum-value-added': { classification: 'non-breaking', summary: 'request enum value added' },
  'request-limit-tightened': {
    classification: 'breaking',
    summary:
      'request limit tightened (maxLength/maxItems/maximum lowered, minimum raised, pattern or format added or changed, a then/else/contains/prefixItems constraint added or tightened)',
  },
  'request-limit-loosened': {
    classification: 'non-breaking',
    summary: 'request limit loosened (pattern or format removed, pattern now `.*` or `.+`...)',
  },
  'request-default-changed': { classification: 'non-breaking', summary: 'default of an omitted request field changed' },
  'response-field-removed': {
    classification: 'breaking',
    summary: 'response field removed (also: the only JSON body removed, a field made writeOnly)',
  },
  'response-field-renamed': { classification: 'breaking', summary: 'response field renamed' },
  'response-field-added': { classification: 'non-breaking', summary: 'response field added' },
  'response-field-optional': {
    classification: 'breaking',
    summary: 'response field no longer required (may be absent)',
  },
  'response-field-newly-required': { classification: 'info', summary: 'response field now always present' },
  'response-field-nullable': { classification: 'breaking', summary: 'response field made nullable' },
  'response-type-widened': {
    classification: 'breaking',
    summary: 'response type widened (a value of a new type may arrive)',
  },
  'response-type-narrowed': { classification: 'info', summary: 'response type narrowed' },
  'response-enum-value-added': {
    classification: 'breaking',
    summary: 'response enum value added (breaks exhaustive switches)',
  },
  'response-enum-value-removed': { classification: 'info', summary: 'response enum value removed' },
  'response-limit-changed': { classification: 'info', summary: 'response limit changed' },
  'response-media-type-added': {
    classification: 'non-breaking',
    summary: 'response media type added; the JSON body a consumer reads is unchanged',
  },
  'response-media-type-removed': {
    classification: 'info',
    summary: 'response media type removed while a JSON body remains (or a non-JSON one)',
  },
  'response-status-removed': { classification: 'breaking', summary: 'response status removed' },
  'response-status-added': { classification: 'non-breaking', summary: 'response status added' },
  'callback-removed': { classification: 'breaking', summary: 'callback or webhook removed' },
  'callback-added': { classification: 'non-breaking', summary: 'callback or webhook added' },
  'component-removed': {
    classification: 'breaking',
    summary: 'named schema or response removed (its `components` type is gone)',
  },
  'component-added': { classification: 'non-breaking', summary: 'named schema or response added' },
  'schema-changed': { classification: 'info', summary: 'other schema keyword changed' },
  'documentation-changed': { classification: 'info', summary: 'description, summary, example or extension changed' },
} as const satisfies Record<string, ChangeRule>

export type RuleId = keyof typeof changeRules

export const ruleIds = Object.keys(changeRules) as RuleId[]

export type Bump = 'major' | 'minor' | 'patch'

const bumpByClassification: Record<Classification, Bump> = { breaking: 'major', 'non-breaking': 'minor', info: 'patch' }
const bumpOrder: Record<Bump, number> = { patch: 1, minor: 2, major: 3 }

function classificationOf(rule: RuleId): Classification {
  return changeRules[rule].classification
}

/** The smallest release that may carry changes of these rules; `undefined` for no change. */
export function requiredBump(rules: Iterable<RuleId>): Bump | undefined {
  let largest: Bump | undefined
  for (const rule of rules) {
    const bump = bumpByClassification[classificationOf(rule)]
    if (largest === undefined || bumpOrder[bump] > bumpOrder[largest]) largest = bump
  }
  return largest
}

/** True when a changeset of bump `offered` covers a change that requires `needed`. */
export function bumpCovers(offered: Bump, needed: Bump): boolean {
  return bumpOrder[offered] >= bumpOrder[needed]
}
