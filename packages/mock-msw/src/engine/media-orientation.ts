import type { ParameterMapping } from '@sorakit/provider'

/**
 * The mark in a task's media name that makes the hosts serve the portrait sample video: a portrait request
 * (`9:16`) plays a portrait video, as the provider's would. Declared once for the engine, the servers and MSW.
 */
export const portraitMediaMarker = '.portrait'

/** Whether a `/__mock/media/` path names a portrait task's video. */
export function isPortraitMediaPath(pathname: string): boolean {
  return /^\/__mock\/media\/[^/]*\.portrait[^/]*\.mp4$/.test(pathname)
}

/**
 * Whether a create asked for a portrait video: the model's aspect-ratio field (the table's common-parameter
 * mapping names it) holds a taller-than-wide ratio or `portrait` (vtrix `720x1280` maps to `9:16`).
 */
export function requestsPortrait(mapping: ParameterMapping | undefined, parameters: Record<string, unknown>): boolean {
  const fieldValue = mapping === undefined ? undefined : parameters[mapping.field]
  if (mapping === undefined || fieldValue === undefined) return false
  const commonValues = mapping.values === undefined ? [fieldValue] : (mapping.values[String(fieldValue)] ?? [])
  return commonValues.some(isPortraitValue)
}

function isPortraitValue(value: unknown): boolean {
  if (value === 'portrait') return true
  const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(String(value))
  return ratio !== null && Number(ratio[2]) > Number(ratio[1])
}
