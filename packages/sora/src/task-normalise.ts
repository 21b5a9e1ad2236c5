import type { SoraTaskFailure } from './sora-types.js'

// Providers report refusals as text only (kie.ai failCode 422 "prompt contains prohibited content").
const contentPolicyWords = /prohibit|polic|moderat|safety|sensitive|nsfw|violat|inappropriate|copyright/i

/** Tells a refused prompt/image from invalid input and from a failed generation. */
export function failureKind(code: string, message: string): SoraTaskFailure['kind'] {
  if (contentPolicyWords.test(message)) return 'content-policy'
  return code === '400' || code === '422' ? 'validation' : 'generation'
}

/** A 0..1 progress, or null when the provider did not say. */
export function progressFraction(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null
}

/** Unix milliseconds (kie.ai) or seconds (vtrix, when `seconds` is true) as ISO 8601. */
export function isoTime(value: unknown, seconds = false): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null
  const date = new Date(seconds ? value * 1000 : value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
