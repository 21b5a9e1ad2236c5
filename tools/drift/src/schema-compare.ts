import {
  isDocumentationKeyword,
  isJsonObject,
  jsonEqual,
  withoutDocumentation,
  type JsonObject,
  type JsonValue,
} from '@sorakit/codegen'
import type { RuleId } from './change-rules.js'
import type { ChangeList, Location } from './contract-change.js'
import { admitsType, enumValues, stringArray, typeSet, type OpenApiView } from './openapi-schema-view.js'

/** Request schemas are what the consumer sends; response schemas (and callback bodies) what it receives. */
export type Direction = 'request' | 'response'

export interface SchemaSide {
  view: OpenApiView
  node: JsonValue | undefined
}

interface CompareContext {
  direction: Direction
  operation: string
  changes: ChangeList
  /** `$ref` pairs already being compared on this branch, so a recursive schema ends. */
  visiting: Set<string>
}

// Limits whose lower value (or appearance) admits fewer values, and the ones whose higher value does.
const upperLimits = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties'] as const
const lowerLimits = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties'] as const
const textualConstraints = ['pattern', 'format'] as const
// Subschemas that only add constraints to the value (no fields of their own): compared inside, and
// their appearance tightens a request, their disappearance loosens it.
const constraintSubschemas = ['then', 'else', 'contains'] as const
const handledKeywords = new Set<string>([
  'type',
  'nullable',
  'enum',
  'const',
  'default',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'discriminator',
  'allOf',
  '$ref',
  'prefixItems',
  ...constraintSubschemas,
  ...upperLimits,
  ...lowerLimits,
  ...textualConstraints,
])
// Patterns that accept any text: `.+` only refuses the empty string, which `minLength` says better, and
// the empty pattern matches everywhere. Changing a pattern to one of these (or dropping it) loosens; any
// other new or changed pattern tightens.
const unrestrictedPatterns = new Set([
  '',
  '.*',
  '^.*$',
  '^.*',
  '.*$',
  '.+',
  '^.+$',
  '^.+',
  '.+$',
  '[\\s\\S]*',
  '^[\\s\\S]*$',
])

export function compareSchemas(
  before: SchemaSide,
  after: SchemaSide,
  location: Location,
  direction: Direction,
  operation: string,
  changes: ChangeList,
): void {
  compareNode(before, after, location, { direction, operation, changes, visiting: new Set() })
}

function compareNode(beforeSide: SchemaSide, afterSide: SchemaSide, location: Location, context: CompareContext): void {
  const before = beforeSide.view.schema(beforeSide.node)
  const after = afterSide.view.schema(afterSide.node)
  const pairKey = `${before.refs.join(',')}|${after.refs.join(',')}`
  if ((before.refs.length > 0 || after.refs.length > 0) && context.visiting.has(pairKey)) return
  const visiting = new Set(context.visiting).add(pairKey)
  const inner = { ...context, visiting }
  const side = (view: OpenApiView, node: JsonValue | undefined): SchemaSide => ({ view, node })
  const left = before.schema
  const right = after.schema
  const add = (rule: RuleId, message: string, values?: { before?: JsonValue; after?: JsonValue }) =>
    context.changes.add({ rule, operation: context.operation, location: location.toString(), message, ...values })

  compareUnions(beforeSide.view, left, afterSide.view, right, location, inner)
  compareTypes(left, right, add, context.direction)
  compareEnums(left, right, add, context.direction)
  compareLimits(left, right, add, context.direction)
  if (!jsonEqual(left.default, right.default)) {
    const values = { before: left.default, after: right.default }
    if (context.direction === 'request')
      add('request-default-changed', `default ${show(left.default)} → ${show(right.default)}`, values)
    else add('documentation-changed', 'default changed', values)
  }
  compareProperties(beforeSide.view, left, afterSide.view, right, location, inner)
  if (left.items !== undefined || right.items !== undefined) {
    compareNode(side(beforeSide.view, left.items), side(afterSide.view, right.items), location.items(), inner)
  }
  compareAdditionalProperties(beforeSide.view, left, afterSide.view, right, location, inner, add)
  compareConstraintSubschemas(beforeSide.view, left, afterSide.view, right, location, inner, add)

  const keywords = new Set([...Object.keys(left), ...Object.keys(right)])
  const documentation = [...keywords].filter(
    (keyword) => isDocumentationKeyword(keyword) && !jsonEqual(left[keyword], right[keyword]),
  )
  if (documentation.length > 0) add('documentation-changed', `${documentation.join(', ')} changed`)
  const other = [...keywords].filter(
    (keyword) =>
      !isDocumentationKeyword(keyword) && !handledKeywords.has(keyword) && !jsonEqual(left[keyword], right[keyword]),
  )
  if (other.length > 0) add('schema-changed', `${other.join(', ')} changed`)
}

type AddChange = (rule: RuleId, message: string, values?: { before?: JsonValue; after?: JsonValue }) => void

function compareTypes(left: JsonObject, right: JsonObject, add: AddChange, direction: Direction): void {
  const before = typeSet(left)
  const after = typeSet(right)
  const lost =
    before === undefined ? (after === undefined ? [] : ['any']) : [...before].filter((type) => !admitsType(after, type))
  const gained =
    after === undefined ? (before === undefined ? [] : ['any']) : [...after].filter((type) => !admitsType(before, type))
  if (lost.length === 0 && gained.length === 0) return
  const values = { before: typeValue(before), after: typeValue(after) }
  const change = `type ${describeTypes(before)} → ${describeTypes(after)}`
  if (direction === 'request') {
    if (lost.length > 0) add('request-type-narrowed', change, values)
    else add('request-type-widened', change, values)
    return
  }
  if (gained.includes('null')) add('response-field-nullable', `now nullable (${change})`, values)
  const gainedOther = gained.filter((type) => type !== 'null')
  if (gainedOther.length > 0) add('response-type-widened', change, values)
  else if (lost.length > 0 && !gained.includes('null')) add('response-type-narrowed', change, values)
}

function compareEnums(left: JsonObject, right: JsonObject, add: AddChange, direction: Direction): void {
  const before = enumValues(left)
  const after = enumValues(right)
  if (before === undefined && after === undefined) return
  if (before === undefined || after === undefined) {
    // An enum appearing restricts the values; an enum disappearing admits any value.
    const restricted = after !== undefined
    const rule: RuleId =
      direction === 'request'
        ? restricted
          ? 'request-enum-value-removed'
          : 'request-enum-value-added'
        : restricted
          ? 'response-enum-value-removed'
          : 'response-enum-value-added'
    add(rule, restricted ? `now restricted to ${show(after)}` : `enum ${show(before)} dropped: any value`, {
      before: before ?? null,
      after: after ?? null,
    })
    return
  }
  const removed = before.filter((value) => !after.some((other) => jsonEqual(other, value)))
  const added = after.filter((value) => !before.some((other) => jsonEqual(other, value)))
  if (removed.length > 0)
    add(
      direction === 'request' ? 'request-enum-value-removed' : 'response-enum-value-removed',
      `enum value ${removed.map(show).join(', ')} removed`,
      { before: removed },
    )
  if (added.length > 0)
    add(
      direction === 'request' ? 'request-enum-value-added' : 'response-enum-value-added',
      `enum value ${added.map(show).join(', ')} added`,
      { after: added },
    )
}

function compareLimits(left: JsonObject, right: JsonObject, add: AddChange, direction: Direction): void {
  const report = (keyword: string, tightened: boolean) => {
    const values = { before: left[keyword] ?? null, after: right[keyword] ?? null }
    const message = `${keyword} ${show(left[keyword])} → ${show(right[keyword])}`
    if (direction === 'response') add('response-limit-changed', message, values)
    else add(tightened ? 'request-limit-tightened' : 'request-limit-loosened', message, values)
  }
  for (const keyword of upperLimits) {
    const [before, after] = [left[keyword], right[keyword]]
    if (jsonEqual(before, after) || (typeof before !== 'number' && typeof after !== 'number')) continue
    report(keyword, typeof after === 'number' && (typeof before !== 'number' || after < before))
  }
  for (const keyword of lowerLimits) {
    const [before, after] = [left[keyword], right[keyword]]
    if (jsonEqual(before, after) || (typeof before !== 'number' && typeof after !== 'number')) continue
    report(keyword, typeof after === 'number' && (typeof before !== 'number' || after > before))
  }
  for (const keyword of textualConstraints) {
    if (jsonEqual(left[keyword], right[keyword])) continue
    // A new or different pattern/format may reject values the old one accepted; none, `.*` or `.+` rejects none.
    report(keyword, right[keyword] !== undefined && !(keyword === 'pattern' && isUnrestrictedPattern(right[keyword])))
  }
}

function isUnrestrictedPattern(pattern: JsonValue | undefined): boolean {
  return typeof pattern === 'string' && unrestrictedPatterns.has(pattern)
}

/**
 * The properties a side of the exchange sees: a `readOnly` property is not part of a request (the
 * server ignores or refuses it), a `writeOnly` one is not part of a response. So a field made
 * readOnly is a removed request field, one made writeOnly a removed response field; the flag
 * changing on the side it does not concern is `schema-changed` on the field.
 */
function visibleProperties(view: OpenApiView, schema: JsonObject, direction: Direction): JsonObject {
  if (!isJsonObject(schema.properties)) return {}
  const hiddenBy = direction === 'request' ? 'readOnly' : 'writeOnly'
  return Object.fromEntries(
    Object.entries(schema.properties).filter(([, property]) => view.schema(property).schema[hiddenBy] !== true),
  )
}

function compareProperties(
  beforeView: OpenApiView,
  left: JsonObject,
  afterView: OpenApiView,
  right: JsonObject,
  location: Location,
  context: CompareContext,
): void {
  const beforeProperties = visibleProperties(beforeView, left, context.direction)
  const afterProperties = visibleProperties(afterView, right, context.direction)
  const beforeRequired = new Set(stringArray(left.required))
  const afterRequired = new Set(stringArray(right.required))
  const removed = Object.keys(beforeProperties).filter((name) => !Object.hasOwn(afterProperties, name))
  const added = Object.keys(afterProperties).filter((name) => !Object.hasOwn(beforeProperties, name))
  const renames = pairRenames(
    removed,
    added,
    (name) => withoutDocumentation(beforeView.schema(beforeProperties[name]).schema),
    (name) => withoutDocumentation(afterView.schema(afterProperties[name]).schema),
  )
  const request = context.direction === 'request'
  const at = (name: string) => location.field(name).toString()
  const record = (rule: RuleId, name: string, message: string) =>
    context.changes.add({ rule, operation: context.operation, location: at(name), message })

  for (const [from, to] of renames)
    record(request ? 'request-field-renamed' : 'response-field-renamed', from, `renamed to ${to} (same schema)`)
  const hiddenBy = request ? 'readOnly' : 'writeOnly'
  const stillDeclared = (schema: JsonObject, name: string) =>
    isJsonObject(schema.properties) && Object.hasOwn(schema.properties, name)
  for (const name of removed.filter((name) => !renames.has(name))) {
    record(
      request ? 'request-field-removed' : 'response-field-removed',
      name,
      stillDeclared(right, name) ? `now ${hiddenBy}: no longer part of the ${context.direction}` : 'field removed',
    )
  }
  const renamedTo = new Set(renames.values())
  for (const name of added.filter((name) => !renamedTo.has(name))) {
    const what = stillDeclared(left, name) ? `no longer ${hiddenBy}: ` : ''
    if (!request) record('response-field-added', name, `${what}field added`)
    else if (afterRequired.has(name)) record('request-field-newly-required', name, `${what}new required field`)
    else record('request-field-added', name, `${what}optional field added`)
  }
  for (const name of Object.keys(beforeProperties).filter((name) => Object.hasOwn(afterProperties, name))) {
    compareNode(
      { view: beforeView, node: beforeProperties[name] },
      { view: afterView, node: afterProperties[name] },
      location.field(name),
      context,
    )
    const [was, is] = [beforeRequired.has(name), afterRequired.has(name)]
    if (was === is) continue
    if (request)
      record(
        is ? 'request-field-newly-required' : 'request-field-no-longer-required',
        name,
        is ? 'now required' : 'no longer required',
      )
    else
      record(
        is ? 'response-field-newly-required' : 'response-field-optional',
        name,
        is ? 'now always present' : 'no longer required: may be absent',
      )
  }
}

/** A removed and an added field with the same schema (documentation aside), one to one, are a rename. */
function pairRenames(
  removed: string[],
  added: string[],
  beforeSchema: (name: string) => JsonValue,
  afterSchema: (name: string) => JsonValue,
): Map<string, string> {
  const candidates = new Map(
    removed.map((name) => [name, added.filter((other) => jsonEqual(beforeSchema(name), afterSchema(other)))]),
  )
  const renames = new Map<string, string>()
  for (const [name, matches] of candidates) {
    const [only] = matches
    const claimedByOthers = [...candidates].some(
      ([other, otherMatches]) => other !== name && only !== undefined && otherMatches.includes(only),
    )
    if (matches.length === 1 && only !== undefined && !claimedByOthers) renames.set(name, only)
  }
  return renames
}

function compareAdditionalProperties(
  beforeView: OpenApiView,
  left: JsonObject,
  afterView: OpenApiView,
  right: JsonObject,
  location: Location,
  context: CompareContext,
  add: AddChange,
): void {
  const [before, after] = [left.additionalProperties, right.additionalProperties]
  // Both schemas (a `$ref` included: the same ref text may point at a changed schema): compared inside.
  if (isJsonObject(before) && isJsonObject(after)) {
    compareNode({ view: beforeView, node: before }, { view: afterView, node: after }, location.field('{*}'), context)
    return
  }
  if (jsonEqual(before, after)) return
  const message = `additionalProperties ${show(before)} → ${show(after)}`
  if (context.direction === 'response') add('schema-changed', message)
  else
    add(after === false ? 'request-limit-tightened' : 'request-limit-loosened', message, {
      before: before ?? null,
      after: after ?? null,
    })
}

/**
 * `then`/`else`/`contains` and `prefixItems` entries: compared inside when both sides have them; one
 * appearing adds constraints (tightens a request), one disappearing removes them (loosens it).
 */
function compareConstraintSubschemas(
  beforeView: OpenApiView,
  left: JsonObject,
  afterView: OpenApiView,
  right: JsonObject,
  location: Location,
  context: CompareContext,
  add: AddChange,
): void {
  const pairs: Array<{ label: string; before: JsonValue | undefined; after: JsonValue | undefined }> =
    constraintSubschemas.map((keyword) => ({ label: keyword, before: left[keyword], after: right[keyword] }))
  const [beforeItems, afterItems] = [
    Array.isArray(left.prefixItems) ? left.prefixItems : [],
    Array.isArray(right.prefixItems) ? right.prefixItems : [],
  ]
  for (let index = 0; index < Math.max(beforeItems.length, afterItems.length); index += 1)
    pairs.push({ label: `prefixItems ${index}`, before: beforeItems[index], after: afterItems[index] })
  for (const { label, before, after } of pairs) {
    if (before === undefined && after === undefined) continue
    if (before !== undefined && after !== undefined) {
      compareNode({ view: beforeView, node: before }, { view: afterView, node: after }, location.tag(label), context)
      continue
    }
    const message = `${label} ${after === undefined ? 'removed' : 'added'}`
    if (context.direction === 'response') add('response-limit-changed', message)
    else
      add(after === undefined ? 'request-limit-loosened' : 'request-limit-tightened', message, {
        before: before ?? null,
        after: after ?? null,
      })
  }
}

/**
 * `oneOf`/`anyOf`. When both sides declare the same discriminator (the createTask body: `model`),
 * members are matched by their discriminator values, taken from the mapping and from each member's
 * `properties.<name>` enum/const. Otherwise (no discriminator, or one just added or removed) they
 * are matched by content, so inserting or reordering members is not read as members changing.
 */
function compareUnions(
  beforeView: OpenApiView,
  left: JsonObject,
  afterView: OpenApiView,
  right: JsonObject,
  location: Location,
  context: CompareContext,
): void {
  const beforeMembers = unionMembers(left)
  const afterMembers = unionMembers(right)
  if (beforeMembers.length === 0 && afterMembers.length === 0) return
  const request = context.direction === 'request'
  const [beforeName, afterName] = [discriminatorName(left), discriminatorName(right)]
  const propertyName = beforeName === afterName ? beforeName : undefined
  const record = (rule: RuleId, at: Location, message: string, values: { before?: JsonValue; after?: JsonValue }) =>
    context.changes.add({ rule, operation: context.operation, location: at.toString(), message, ...values })
  if (beforeName !== afterName) {
    // Naming the property that tells the members apart changes no value a consumer sends or receives.
    record('schema-changed', location, `discriminator ${show(beforeName)} → ${show(afterName)}`, {
      before: beforeName ?? null,
      after: afterName ?? null,
    })
  }
  if (propertyName !== undefined) {
    const before = membersByValue(beforeView, left, beforeMembers, propertyName)
    const after = membersByValue(afterView, right, afterMembers, propertyName)
    for (const value of before.keys()) {
      if (!after.has(value))
        record(
          request ? 'model-removed' : 'response-enum-value-removed',
          location.field(propertyName),
          `${propertyName} '${value}' removed from the union`,
          { before: value },
        )
    }
    for (const value of after.keys()) {
      if (!before.has(value))
        record(
          request ? 'model-added' : 'response-enum-value-added',
          location.field(propertyName),
          `${propertyName} '${value}' added to the union`,
          { after: value },
        )
    }
    for (const [value, member] of before) {
      const other = after.get(value)
      if (other !== undefined)
        compareNode(
          { view: beforeView, node: member },
          { view: afterView, node: other },
          location.tag(`${propertyName}=${value}`),
          context,
        )
    }
    return
  }
  const { pairs, removed, added } = matchMembersByContent(beforeView, beforeMembers, afterView, afterMembers)
  for (const [beforeIndex, afterIndex] of pairs) {
    compareNode(
      { view: beforeView, node: beforeMembers[beforeIndex] },
      { view: afterView, node: afterMembers[afterIndex] },
      location.tag(`variant ${afterIndex + 1}`),
      context,
    )
  }
  if (removed.length > 0)
    record(
      request ? 'request-type-narrowed' : 'response-type-narrowed',
      location,
      `union variant(s) ${removed.map((index) => index + 1).join(', ')} of the old list removed`,
      {},
    )
  if (added.length > 0)
    record(
      request ? 'request-type-widened' : 'response-type-widened',
      location,
      `union variant(s) ${added.map((index) => index + 1).join(', ')} added`,
      {},
    )
}

/**
 * Pairs union members without a discriminator: first the ones with the same schema (documentation
 * aside), then the most alike of the rest (same types, most property names in common), one to one;
 * members with nothing in common stay unpaired (removed or added). Hand-written: no kept library
 * matches schema union members (api-smart-diff matches by position).
 */
function matchMembersByContent(
  beforeView: OpenApiView,
  beforeMembers: JsonValue[],
  afterView: OpenApiView,
  afterMembers: JsonValue[],
): { pairs: Array<[number, number]>; removed: number[]; added: number[] } {
  const describe = (view: OpenApiView, member: JsonValue) => {
    const schema = view.schema(member).schema
    return {
      shape: JSON.stringify(withoutDocumentation(schema)),
      types: [...(typeSet(schema) ?? [])].sort().join('|'),
      names: new Set(isJsonObject(schema.properties) ? Object.keys(schema.properties) : []),
    }
  }
  const before = beforeMembers.map((member) => describe(beforeView, member))
  const after = afterMembers.map((member) => describe(afterView, member))
  const pairs: Array<[number, number]> = []
  const freeBefore = new Set(before.keys())
  const freeAfter = new Set(after.keys())
  const pair = (beforeIndex: number, afterIndex: number) => {
    pairs.push([beforeIndex, afterIndex])
    freeBefore.delete(beforeIndex)
    freeAfter.delete(afterIndex)
  }
  for (const beforeIndex of [...freeBefore]) {
    const same = [...freeAfter].find((afterIndex) => after[afterIndex]!.shape === before[beforeIndex]!.shape)
    if (same !== undefined) pair(beforeIndex, same)
  }
  const likeness = (beforeIndex: number, afterIndex: number) => {
    const [was, is] = [before[beforeIndex]!, after[afterIndex]!]
    const shared = [...was.names].filter((name) => is.names.has(name)).length
    const all = new Set([...was.names, ...is.names]).size
    return (was.types === is.types ? 1 : 0) + (all === 0 ? 0 : shared / all)
  }
  const candidates = [...freeBefore]
    .flatMap((beforeIndex) =>
      [...freeAfter].map((afterIndex) => ({ beforeIndex, afterIndex, score: likeness(beforeIndex, afterIndex) })),
    )
    .filter((candidate) => candidate.score > 0)
    .sort(
      (left, right) =>
        right.score - left.score ||
        Math.abs(left.beforeIndex - left.afterIndex) - Math.abs(right.beforeIndex - right.afterIndex),
    )
  for (const { beforeIndex, afterIndex } of candidates)
    if (freeBefore.has(beforeIndex) && freeAfter.has(afterIndex)) pair(beforeIndex, afterIndex)
  return {
    pairs: pairs.sort((left, right) => left[1] - right[1]),
    removed: [...freeBefore].sort((a, b) => a - b),
    added: [...freeAfter].sort((a, b) => a - b),
  }
}

function unionMembers(schema: JsonObject): JsonValue[] {
  if (Array.isArray(schema.oneOf)) return schema.oneOf
  if (Array.isArray(schema.anyOf)) return schema.anyOf
  return []
}

function discriminatorName(schema: JsonObject): string | undefined {
  return isJsonObject(schema.discriminator) && typeof schema.discriminator.propertyName === 'string'
    ? schema.discriminator.propertyName
    : undefined
}

function membersByValue(
  view: OpenApiView,
  union: JsonObject,
  members: JsonValue[],
  propertyName: string,
): Map<string, JsonValue> {
  const byValue = new Map<string, JsonValue>()
  const mapping =
    isJsonObject(union.discriminator) && isJsonObject(union.discriminator.mapping) ? union.discriminator.mapping : {}
  for (const member of members) {
    const properties = view.schema(member).schema.properties
    const property = view.schema(isJsonObject(properties) ? properties[propertyName] : undefined).schema
    for (const value of enumValues(property) ?? []) if (typeof value === 'string') byValue.set(value, member)
    const ref = isJsonObject(member) && typeof member.$ref === 'string' ? member.$ref : undefined
    for (const [value, target] of Object.entries(mapping))
      if (ref !== undefined && target === ref) byValue.set(value, member)
  }
  return byValue
}

function typeValue(types: Set<string> | undefined): JsonValue {
  return types === undefined ? null : [...types]
}

function describeTypes(types: Set<string> | undefined): string {
  return types === undefined ? 'any' : [...types].join(' | ')
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}
