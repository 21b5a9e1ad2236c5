import { isPlainObject } from './parameter-check.js'

/** The facade's model operations, from the provider contract; the manifests name each model's operation. */
export { modelOperations as soraOperations, type ModelOperation as SoraOperation } from '@sorakit/provider'
import type { ModelOperation as SoraOperation } from '@sorakit/provider'

/** The shape a facade option's value must have, whatever the provider. */
type OptionType = 'text' | 'url' | 'number' | 'boolean' | 'text-list' | 'shots' | 'task' | 'clip'

export interface OptionDefinition {
  type: OptionType
  /** The facade's API requires it on every provider. */
  required?: boolean
}

const requiredText: OptionDefinition = { type: 'text', required: true }
const requiredUrl: OptionDefinition = { type: 'url', required: true }
// The options video models share; a model's other parameters are providerOptions.
const videoOptions: Record<string, OptionDefinition> = {
  prompt: requiredText,
  negativePrompt: { type: 'text' },
  durationSeconds: { type: 'number' },
  aspectRatio: { type: 'text' },
  resolution: { type: 'text' },
  seed: { type: 'number' },
  audio: { type: 'boolean' },
}

/** Each operation's options (besides `model`, `providerOptions` and the callback URLs). */
export const operationOptions: Record<SoraOperation, Record<string, OptionDefinition>> = {
  textToVideo: videoOptions,
  imageToVideo: { ...videoOptions, imageUrl: requiredUrl, lastFrameImageUrl: { type: 'url' } },
  storyboard: {
    shots: { type: 'shots' },
    durationSeconds: { type: 'number' },
    aspectRatio: { type: 'text' },
    imageUrl: { type: 'url' },
  },
  createCharacter: { videoUrl: requiredUrl, prompt: { type: 'text' }, safetyInstruction: { type: 'text' } },
  createCharacterFromTask: {
    originTask: { type: 'task', required: true },
    clip: { type: 'clip', required: true },
    prompt: requiredText,
    userName: { type: 'text' },
    safetyInstruction: { type: 'text' },
  },
  removeWatermark: { videoUrl: requiredUrl },
}

export const callbackOptions: Record<string, OptionDefinition> = {
  callbackUrl: { type: 'url' },
  progressCallbackUrl: { type: 'url' },
}

const typeChecks: Record<OptionType, [check: (value: unknown) => boolean, expected: string]> = {
  text: [(value) => typeof value === 'string', 'a string'],
  url: [isHttpUrl, 'an absolute http(s) URL'],
  number: [isFiniteNumber, 'a finite number'],
  boolean: [(value) => typeof value === 'boolean', 'true or false'],
  'text-list': [(value) => Array.isArray(value) && value.every(isNonEmptyText), 'an array of non-empty strings'],
  shots: [
    (value) =>
      Array.isArray(value) &&
      value.every(
        (shot) => isPlainObject(shot) && isNonEmptyText(shot['prompt']) && isFiniteNumber(shot['durationSeconds']),
      ),
    'an array of { prompt: string, durationSeconds: number }',
  ],
  task: [
    (value) => isNonEmptyText(value) || (isPlainObject(value) && isNonEmptyText(value['taskId'])),
    'a task handle or a task id',
  ],
  clip: [
    (value) =>
      isPlainObject(value) &&
      isFiniteNumber(value['startSeconds']) &&
      isFiniteNumber(value['endSeconds']) &&
      value['startSeconds'] >= 0 &&
      value['startSeconds'] < value['endSeconds'],
    '{ startSeconds, endSeconds } with 0 <= startSeconds < endSeconds',
  ],
}

/** What `value` should have been, or undefined when it has the option's shape. */
export function optionTypeProblem(definition: OptionDefinition, value: unknown): string | undefined {
  const [check, expected] = typeChecks[definition.type]
  if (!check(value)) return `must be ${expected}`
  if (definition.required && definition.type === 'text' && !isNonEmptyText(value)) return 'must not be empty'
  return undefined
}

function isNonEmptyText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}
