import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSora, SoraError } from '../src/index.js'
import { stubFetch } from './support/stub-fetch.js'
import { propertyRuns } from './support/property-runs.js'

type Provider = (typeof providerIds)[number]
type Corruption = { field: string; input: Record<string, unknown> }

const validVideo = { prompt: 'A paper boat drifting down a rainy street' }
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object())
const notANumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY))

// A prompt over the provider's documented limit, where it has one (vtrix documents none).
const tooLongPrompt = (provider: Provider): fc.Arbitrary<Corruption>[] => {
  const maxLength = createSora({ provider, apiKey: 'k' }).capabilities.operations.textToVideo[0]!.options['prompt']!.maxLength
  return maxLength === undefined ? [] : [fc.integer({ min: maxLength + 1, max: maxLength * 2 }).map((length) => ({ field: 'prompt', input: { prompt: 'p'.repeat(length) } }))]
}

// One invalid change to a valid textToVideo input, and the field the error must name.
// Every model id and alias of every provider's textToVideo models, from the generated tables.
const modelChoices = new Set(providerIds.flatMap((id) => Object.entries(providerRegistry[id].table.models).flatMap(([modelId, model]) => [modelId, ...model.aliases])))

const corruptions = (provider: Provider): fc.Arbitrary<Corruption> => fc.oneof(
  ...tooLongPrompt(provider),
  fc.integer({ min: -1000, max: 1000 }).filter((seconds) => ![4, 8, 10, 12, 15].includes(seconds)).map((durationSeconds) => ({ field: 'durationSeconds', input: { ...validVideo, durationSeconds } })),
  notANumber.map((durationSeconds) => ({ field: 'durationSeconds', input: { ...validVideo, durationSeconds } })),
  fc.string().filter((ratio) => !['portrait', 'landscape', '16:9', '9:16'].includes(ratio)).map((aspectRatio) => ({ field: 'aspectRatio', input: { ...validVideo, aspectRatio } })),
  fc.constantFrom('', '   ', '\n').map((prompt) => ({ field: 'prompt', input: { prompt } })),
  notAString.map((prompt) => ({ field: 'prompt', input: { prompt } })),
  fc.array(fc.string({ minLength: 1 }).filter((id) => id.trim() !== ''), { minLength: 6, maxLength: 20 }).map((characterIds) => ({ field: 'characterIds', input: { ...validVideo, characterIds } })),
  fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1 })).map((characterIds) => ({ field: 'characterIds', input: { ...validVideo, characterIds } })),
  fc.string().filter((model) => !modelChoices.has(model)).map((model) => ({ field: 'model', input: { ...validVideo, model } })),
  fc.string({ minLength: 1 }).filter((url) => !/^https?:\/\/./.test(url)).map((callbackUrl) => ({ field: 'callbackUrl', input: { ...validVideo, callbackUrl } })),
  fc.string({ minLength: 1 }).filter((name) => !['prompt', 'model', 'aspectRatio', 'durationSeconds', 'quality', 'removeWatermark', 'characterIds', 'callbackUrl', 'progressCallbackUrl', 'providerOptions', '__proto__'].includes(name)).map((name) => ({ field: name, input: { ...validVideo, [name]: 1 } })),
  fc.string({ minLength: 1 }).filter((name) => !['prompt', 'aspect_ratio', 'n_frames', 'size', 'remove_watermark', 'character_id_list', 'upload_method', 'seconds', '__proto__'].includes(name)).map((name) => ({ field: `providerOptions.${provider}.${name}`, input: { ...validVideo, providerOptions: { [provider]: { [name]: 'x' } } } })),
  notAString.filter((value) => typeof value !== 'boolean').map((removeWatermark) => ({ field: 'removeWatermark', input: { ...validVideo, removeWatermark } })),
)

describe('random invalid input', () => {
  it('always fails with a typed error naming the field, before any request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Provider>(...providerIds).chain((provider) => fc.tuple(fc.constant(provider), corruptions(provider))), async ([provider, { field, input }]) => {
        const fetch = stubFetch(new Response('{}'))
        const sora = createSora({ provider, apiKey: 'property-key', fetch })
        const error = await sora.textToVideo(input as never).then(
          () => undefined,
          (reason: unknown) => reason,
        )
        expect(SoraError.isInstance(error), `${provider} ${JSON.stringify(input).slice(0, 200)}`).toBe(true)
        const soraError = error as SoraError
        expect(['validation', 'unsupported-feature']).toContain(soraError.kind)
        expect(soraError.field).toBe(field)
        expect(fetch.calls).toHaveLength(0)
      }),
      { numRuns: propertyRuns(1000) },
    )
  })
})
