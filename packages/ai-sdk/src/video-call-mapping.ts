import {
  UnsupportedFeatureError,
  ValidationError,
  type AspectRatio,
  type ModelCapabilities,
  type Resolution,
  type Sora,
} from '@sorakit/sora'
import type { JsonInputObject, VideoCallOptions, VideoCallWarning, VideoInputFile } from './ai-sdk-specification.js'
import { providerOptionsKey } from './sorakit-metadata.js'

export interface MappedCall {
  /** Input of the facade method named by the model's operation. */
  input: Record<string, unknown>
  warnings: VideoCallWarning[]
}

export interface MappingContext {
  sora: Sora
  /** What the model takes for the operation the call runs. */
  model: ModelCapabilities
}

/**
 * The AI SDK's common call options in the facade's terms, for one model: a setting the model has no
 * parameter for becomes a warning (the AI SDK's convention), a value outside the documented ones is
 * left to the facade, which refuses it before any request with an error listing what is supported.
 * Image and video bytes are uploaded first (on providers with uploads) and sent as their URL.
 */
export async function mapVideoCall(
  context: MappingContext,
  options: VideoCallOptions & { webhookUrl?: string },
): Promise<MappedCall> {
  const { model } = context
  const input: Record<string, unknown> = {}
  const warnings: VideoCallWarning[] = []
  const takes = (option: string) => Object.hasOwn(model.options, option)
  const unsupported = (feature: string, details: string) =>
    warnings.push({ type: 'unsupported', feature, details: `${model.model} ${details}` })
  const offer = (option: string, value: unknown, feature: string) => {
    if (value === undefined) return
    if (takes(option)) input[option] = value
    else unsupported(feature, `has no ${option} parameter; the setting was ignored`)
  }

  const ratioValues = model.options['aspectRatio']?.values
  if (options.aspectRatio !== undefined)
    offer('aspectRatio', requestedRatio(options.aspectRatio, ratioValues), 'aspectRatio')
  // Without a ratio, the resolution's shape picks the model's nearest one.
  else if (options.resolution !== undefined && takes('aspectRatio'))
    input['aspectRatio'] = closestRatio(options.resolution, ratioValues)
  offer('durationSeconds', options.duration, 'duration')
  if (options.resolution !== undefined) {
    if (takes('resolution')) input['resolution'] = resolutionOf(options.resolution, model.options['resolution']?.values)
    else if (options.aspectRatio === undefined && input['aspectRatio'] !== undefined)
      unsupported('resolution', `has no resolution parameter; only its ratio ${input['aspectRatio']} was used`)
    else unsupported('resolution', 'has no resolution parameter; the setting was ignored')
  }
  if (takes('shots') && !takes('prompt') && options.prompt !== undefined) {
    // A storyboard from one prompt: a single shot over the whole video.
    const durationSeconds = options.duration ?? model.options['durationSeconds']?.default
    input['shots'] = [{ prompt: options.prompt, durationSeconds }]
  } else {
    offer('prompt', options.prompt, 'prompt')
  }
  const firstFrame = options.frameImages?.find((frame) => frame.frameType === 'first_frame')?.image
  const image = options.image ?? firstFrame
  if (image !== undefined) {
    const feature = options.image === undefined ? 'frameImages' : 'image'
    if (!takes('imageUrl')) throw imageRefused(context, feature)
    input['imageUrl'] = await fileUrl(context, image, feature, options.abortSignal)
  }
  const lastFrame = options.frameImages?.find((frame) => frame.frameType === 'last_frame')?.image
  if (lastFrame !== undefined) {
    if (takes('lastFrameImageUrl'))
      input['lastFrameImageUrl'] = await fileUrl(context, lastFrame, 'frameImages', options.abortSignal)
    else unsupported('frameImages', 'takes no last frame')
  }
  const [reference, ...extraReferences] = options.inputReferences ?? []
  if (reference !== undefined) {
    if (takes('videoUrl')) input['videoUrl'] = await fileUrl(context, reference, 'inputReferences', options.abortSignal)
    else unsupported('inputReferences', 'takes no reference video')
  }
  if (extraReferences.length > 0) unsupported('inputReferences', 'takes one reference video; the others were ignored')
  if (options.fps !== undefined) unsupported('fps', 'has no frame-rate parameter')
  offer('seed', options.seed, 'seed')
  offer('audio', options.generateAudio, 'generateAudio')
  if (options.webhookUrl !== undefined) offer('callbackUrl', options.webhookUrl, 'webhook')
  input['model'] = model.model
  // Copied key by key (not Object.assign): an own `__proto__` key (from JSON.parse) stays a key, which the
  // facade then refuses as an unknown option, instead of replacing the input's prototype.
  for (const [key, value] of Object.entries(sorakitOptions(context, options.providerOptions[providerOptionsKey]))) {
    Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return { input, warnings }
}

/**
 * An image for a model that takes none is refused before any create: dropped with a warning, it would bill a
 * video that ignores the picture. The error names the provider's image-to-video models on sale.
 */
function imageRefused({ sora, model }: MappingContext, feature: string): UnsupportedFeatureError {
  const imageModels = (sora.capabilities.operations.imageToVideo ?? [])
    .filter((candidate) => candidate.availability.status === 'available')
    .map((candidate) => candidate.model)
  return new UnsupportedFeatureError(
    `${model.model} makes videos from text only and takes no ${feature}; for a video from an image use one of ${sora.capabilities.displayName}'s image-to-video models: ${imageModels.join(', ')}`,
    { provider: sora.provider, field: feature, supported: imageModels },
  )
}

/**
 * The AI SDK's ratio as it is: the facade refuses one the model lacks, listing its values.
 * `adaptive` asks for the input's own ratio: the model's `Auto` where it lists one (Veo 3.1), else
 * its default, which does that or comes closest.
 */
function requestedRatio(
  aspectRatio: `${number}:${number}` | 'adaptive',
  values: readonly unknown[] | undefined,
): AspectRatio | undefined {
  if (aspectRatio !== 'adaptive') return aspectRatio
  return values?.find((value): value is string => typeof value === 'string' && /^(auto|adaptive)$/i.test(value))
}

/**
 * The ratio of a `{width}x{height}` among the model's: the listed one nearest in shape (1792x1024 →
 * 16:9), or the reduced ratio when the model lists none (1280x720 → 16:9).
 */
function closestRatio(resolution: `${number}x${number}`, values: readonly unknown[] | undefined): AspectRatio {
  const [width, height] = resolution.split('x').map(Number) as [number, number]
  const ratios = (values ?? []).filter((value): value is string => typeof value === 'string' && /^\d+:\d+$/.test(value))
  const distance = (ratio: string) => {
    const [ratioWidth, ratioHeight] = ratio.split(':').map(Number) as [number, number]
    return Math.abs(Math.log(width / height) - Math.log(ratioWidth / ratioHeight))
  }
  const nearest = ratios.reduce<string | undefined>(
    (best, ratio) => (best === undefined || distance(ratio) < distance(best) ? ratio : best),
    undefined,
  )
  if (nearest !== undefined) return nearest
  const divisor = greatestCommonDivisor(width, height)
  return `${width / divisor}:${height / divisor}`
}

function greatestCommonDivisor(left: number, right: number): number {
  return right === 0 ? left : greatestCommonDivisor(right, left % right)
}

/**
 * A `{width}x{height}` as the model names it: the listed value of the same short side (720p, 1080p, 4k), else `<short
 * side>p`.
 */
function resolutionOf(resolution: `${number}x${number}`, values: readonly unknown[] | undefined): Resolution {
  const shortSide = Math.min(...resolution.split('x').map(Number))
  const linesOf = (value: string) => (/^4k$/i.test(value) ? 2160 : Number(/^(\d+)p$/i.exec(value)?.[1]))
  const listed = (values ?? []).find(
    (value): value is string => typeof value === 'string' && linesOf(value) === shortSide,
  )
  return listed ?? `${shortSide}p`
}

/**
 * `providerOptions.sorakit`: facade options the AI SDK has no setting for (negativePrompt, shots, the provider's own
 * parameters under providerOptions...).
 */
function sorakitOptions(context: MappingContext, value: JsonInputObject | undefined): Record<string, unknown> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`providerOptions.${providerOptionsKey} must be an object of facade options`, {
      provider: context.sora.provider,
      field: `providerOptions.${providerOptionsKey}`,
    })
  }
  if ('model' in value) {
    throw new ValidationError(
      `providerOptions.${providerOptionsKey}.model: the model is the one passed to video(); pick another model id there`,
      {
        provider: context.sora.provider,
        field: `providerOptions.${providerOptionsKey}.model`,
      },
    )
  }
  return withOwnParametersNested(context, value)
}

/**
 * `providerOptions.sorakit` is flat: the model's own parameters (Kling `mode`, Seedance `camera_fixed`) sit
 * beside the facade's options, and move here to the facade's `providerOptions[provider]`. The nested form
 * (`providerOptions: { kie: {...} }`) still works. Keys are defined, not assigned: an own `__proto__` stays a key.
 */
function withOwnParametersNested(context: MappingContext, value: JsonInputObject): Record<string, unknown> {
  const { provider } = context.sora
  const facade: Record<string, unknown> = {}
  const own: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value))
    defineKey(Object.hasOwn(context.model.providerOptions, key) ? own : facade, key, item)
  if (Object.keys(own).length === 0) return facade
  const nested = (facade['providerOptions'] ?? {}) as Record<string, unknown>
  const ownNested = { ...((nested[provider] ?? {}) as Record<string, unknown>) }
  for (const [key, item] of Object.entries(own)) defineKey(ownNested, key, item)
  defineKey(facade, 'providerOptions', { ...nested, [provider]: ownNested })
  return facade
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A URL for an input file: a URL as it is, bytes uploaded through the facade first. */
async function fileUrl(
  context: MappingContext,
  file: VideoInputFile,
  feature: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  if (file.type === 'url') return file.url
  const { sora } = context
  if (!sora.capabilities.upload.includes('file')) {
    throw new UnsupportedFeatureError(
      `${sora.capabilities.displayName} cannot receive files: pass ${feature} as { type: 'url', url } of a public file`,
      {
        provider: sora.provider,
        field: feature,
        supported: ['url'],
      },
    )
  }
  const bytes = typeof file.data === 'string' ? base64Bytes(file.data) : file.data
  const uploaded = await sora.upload(
    { file: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.mediaType }) },
    { signal },
  )
  return uploaded.url
}

function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index)
  return bytes
}
