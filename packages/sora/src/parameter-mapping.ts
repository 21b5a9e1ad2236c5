import type { ParameterMapping, ParameterSchema } from '@sorakit/provider'
import { isPlainObject } from './parameter-check.js'

/**
 * The one generic mapper between the facade's common parameters and a model's own fields, driven
 * by the mapping codegen put in the table (from the manifest). Nothing here knows a provider.
 */

/** Every field value of an enumerated mapping with the common values that select it, canonical first. */
export function commonValuesByFieldValue(
  mapping: ParameterMapping,
  schema: ParameterSchema | undefined,
): Array<[fieldValue: unknown, commonValues: readonly unknown[]]> | undefined {
  if (schema?.enum === undefined) return undefined
  return schema.enum.map((fieldValue) => [fieldValue, decodedValues(mapping, fieldValue)])
}

function decodedValues(mapping: ParameterMapping, fieldValue: unknown): readonly unknown[] {
  if (mapping.values !== undefined) return mapping.values[String(fieldValue)] ?? []
  if (mapping.encoding === 'number-as-string') return [Number(fieldValue)]
  return [fieldValue]
}

/** The canonical common value of a field value (kie.ai `n_frames` "10" → 10; vtrix `size` "1280x720" → "16:9"). */
export function decodeFieldValue(mapping: ParameterMapping, fieldValue: unknown): unknown {
  return decodedValues(mapping, fieldValue)[0]
}

/**
 * The field value for a common value. For an enumerated field, the enum value whose common values
 * include it (undefined when none does); otherwise the value through the mapping's encoding.
 */
export function encodeCommonValue(
  mapping: ParameterMapping,
  schema: ParameterSchema | undefined,
  value: unknown,
): { value: unknown } | undefined {
  const table = commonValuesByFieldValue(mapping, schema)
  if (table !== undefined) {
    const match = table.find(([, commonValues]) => commonValues.includes(value))
    return match === undefined ? undefined : { value: match[0] }
  }
  return { value: encode(mapping, value) }
}

function encode(mapping: ParameterMapping, value: unknown): unknown {
  switch (mapping.encoding) {
    case 'number-as-string':
      return String(value)
    case 'list':
      return [value]
    case 'task-id':
      return isPlainObject(value) ? value['taskId'] : value
    case 'seconds-range-text': {
      const clip = value as { startSeconds: number; endSeconds: number }
      return `${clip.startSeconds},${clip.endSeconds}`
    }
    case 'object-list': {
      const renames = Object.entries(mapping.itemFields ?? {})
      return (value as Array<Record<string, unknown>>).map((item) =>
        Object.fromEntries(renames.map(([common, field]) => [field, item[common]])),
      )
    }
    default:
      return value
  }
}
