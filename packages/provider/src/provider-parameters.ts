/**
 * The validation-relevant part of a model parameter's JSON Schema, as codegen keeps it in the
 * tables: what a client can check before a request (descriptions stay in the package README).
 */
export interface ParameterSchema {
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly default?: unknown
  readonly format?: string
  readonly minLength?: number
  readonly maxLength?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly pattern?: string
  readonly items?: ParameterSchema
  readonly properties?: { readonly [name: string]: ParameterSchema }
  readonly required?: readonly string[]
}

/**
 * The parameters every provider is called with through the facade: the ones video models share
 * (prompt to callback) and those of the operations only some models have (storyboard shots,
 * characters, watermark removal). Each model maps the ones it supports onto its own fields
 * (`durationSeconds` → kie.ai Kling `duration`, vtrix `seconds`); a common parameter a model does not
 * map is refused before any request. A model's other parameters are `providerOptions`.
 */
export const commonParameters = [
  'prompt',
  'negativePrompt',
  'imageUrl',
  'lastFrameImageUrl',
  'durationSeconds',
  'aspectRatio',
  'resolution',
  'seed',
  'audio',
  'videoUrl',
  'shots',
  'originTask',
  'clip',
  'userName',
  'safetyInstruction',
  'callbackUrl',
  'progressCallbackUrl',
] as const

export type CommonParameter = (typeof commonParameters)[number]

/**
 * How a common value becomes the model field's value when the field's shape differs. Without one the
 * value is sent as it is (or through `values`).
 * - `number-as-string`: 15 → "15" (kie.ai `n_frames`, vtrix `seconds`)
 * - `list`: a URL → [URL] (kie.ai `image_urls`), at the mapping's `position` in the list
 * - `task-id`: a handle or a task id → the task id
 * - `seconds-range-text`: { startSeconds: 1, endSeconds: 3 } → "1,3"
 * - `object-list`: a list of objects renamed by `itemFields` (storyboard shots → `{ Scene, duration }`)
 */
export const parameterEncodings = ['number-as-string', 'list', 'task-id', 'seconds-range-text', 'object-list'] as const

export type ParameterEncoding = (typeof parameterEncodings)[number]

/** A value a caller passes for a common parameter that has a fixed set of values. */
export type CommonValue = string | number | boolean

/** How one common parameter reaches one model: declared per model in the manifests, applied by one generic mapper. */
export interface ParameterMapping {
  /** The model's field: one of its parameters, or a request field next to them (`callBackUrl`). */
  readonly field: string
  /**
   * The field's enum values, each with the common values that select it (canonical first), e.g.
   * `{ "1280x720": ["16:9", "landscape"] }`. Without it, common values are the field's own (after `encoding`).
   */
  readonly values?: { readonly [fieldValue: string]: readonly CommonValue[] }
  readonly encoding?: ParameterEncoding
  /** For `object-list`: common item property → the model's item field (`prompt` → `Scene`). */
  readonly itemFields?: { readonly [commonProperty: string]: string }
  /** For `list`: the value's place in the field's list. Default: 0 (a last frame is 1 in kie.ai `image_urls`). */
  readonly position?: number
}

/** The common parameters a model maps, by name. */
export type ParameterMappings = { readonly [P in CommonParameter]?: ParameterMapping }
