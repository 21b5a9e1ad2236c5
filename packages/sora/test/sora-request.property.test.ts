import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSora, SoraError, type OptionCapability } from '../src/index.js'
import { callbackOptions, operationOptions } from '../src/sora-options.js'
import { stubFetch } from './support/stub-fetch.js'
import { propertyRuns } from './support/property-runs.js'
import { videoInput, videoOperation } from './support/video-operation.js'

type Provider = (typeof providerIds)[number]
type Corruption = { field: string; input: Record<string, unknown> }

const prompt = 'A paper boat drifting down a rainy street'
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object())
const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
)

/** The model a video call without `model` runs, as the facade derives it from the table. */
const defaultModel = (provider: Provider) => {
  const { capabilities } = createSora({ provider, apiKey: 'k' })
  const operation = videoOperation(capabilities)
  return capabilities.operations[operation].find((model) => model.model === capabilities.defaultModels[operation])!
}

// A prompt over the default model's documented limit, where it has one.
const tooLongPrompt = (provider: Provider, validVideo: object): fc.Arbitrary<Corruption>[] => {
  const maxLength = defaultModel(provider).options['prompt']!.maxLength
  return maxLength === undefined
    ? []
    : [
        fc
          .integer({ min: maxLength + 1, max: maxLength * 2 })
          .map((length) => ({ field: 'prompt', input: { ...validVideo, prompt: 'p'.repeat(length) } })),
      ]
}

// Every model id and alias of every provider's models, from the generated tables.
const modelChoices = new Set(
  providerIds.flatMap((id) =>
    Object.entries(providerRegistry[id].table.models).flatMap(([modelId, model]) => [modelId, ...model.aliases]),
  ),
)
const knownOptions = [
  ...Object.keys(operationOptions.imageToVideo),
  ...Object.keys(callbackOptions),
  'model',
  'providerOptions',
  '__proto__',
]
const accepted = (option: OptionCapability | undefined): unknown[] => [
  ...(option?.values ?? []),
  ...(option?.aliases ?? []),
]

// One invalid change to a valid video input (on the default model), and the field the error must name.
const corruptions = (provider: Provider): fc.Arbitrary<Corruption> => {
  const model = defaultModel(provider)
  const validVideo = videoInput(createSora({ provider, apiKey: 'k' }).capabilities, { prompt })
  return fc.oneof(
    ...tooLongPrompt(provider, validVideo),
    fc
      .integer({ min: -1000, max: 1000 })
      .filter((seconds) => !accepted(model.options['durationSeconds']).includes(seconds))
      .map((durationSeconds) => ({ field: 'durationSeconds', input: { ...validVideo, durationSeconds } })),
    notANumber.map((durationSeconds) => ({ field: 'durationSeconds', input: { ...validVideo, durationSeconds } })),
    fc
      .string()
      .filter((ratio) => !accepted(model.options['aspectRatio']).includes(ratio))
      .map((aspectRatio) => ({ field: 'aspectRatio', input: { ...validVideo, aspectRatio } })),
    fc.constantFrom('', '   ', '\n').map((prompt) => ({ field: 'prompt', input: { ...validVideo, prompt } })),
    notAString.map((prompt) => ({ field: 'prompt', input: { ...validVideo, prompt } })),
    notAString.map((negativePrompt) => ({ field: 'negativePrompt', input: { ...validVideo, negativePrompt } })),
    notANumber.map((seed) => ({ field: 'seed', input: { ...validVideo, seed } })),
    fc
      .string()
      .filter((model) => !modelChoices.has(model))
      .map((model) => ({ field: 'model', input: { ...validVideo, model } })),
    fc
      .string({ minLength: 1 })
      .filter((url) => !/^https?:\/\/./.test(url))
      .map((callbackUrl) => ({ field: 'callbackUrl', input: { ...validVideo, callbackUrl } })),
    fc
      .string({ minLength: 1 })
      .filter((name) => !knownOptions.includes(name))
      .map((name) => ({ field: name, input: { ...validVideo, [name]: 1 } })),
    fc
      .string({ minLength: 1 })
      .filter((name) => !Object.hasOwn(model.providerOptions, name) && name !== '__proto__')
      .map((name) => ({
        field: `providerOptions.${provider}.${name}`,
        input: { ...validVideo, providerOptions: { [provider]: { [name]: 'x' } } },
      })),
    notAString
      .filter((value) => typeof value !== 'boolean')
      .map((audio) => ({ field: 'audio', input: { ...validVideo, audio } })),
  )
}

describe('random invalid input', () => {
  it('always fails with a typed error naming the field, before any request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom<Provider>(...providerIds)
          .chain((provider) => fc.tuple(fc.constant(provider), corruptions(provider))),
        async ([provider, { field, input }]) => {
          const fetch = stubFetch(new Response('{}'))
          const sora = createSora({ provider, apiKey: 'property-key', fetch })
          const error = await sora[videoOperation(sora.capabilities)](input as never).then(
            () => undefined,
            (reason: unknown) => reason,
          )
          expect(SoraError.isInstance(error), `${provider} ${JSON.stringify(input).slice(0, 200)}`).toBe(true)
          const soraError = error as SoraError
          expect(['validation', 'unsupported-feature']).toContain(soraError.kind)
          expect(soraError.field).toBe(field)
          expect(fetch.calls).toHaveLength(0)
        },
      ),
      { numRuns: propertyRuns(1000) },
    )
  })
})
