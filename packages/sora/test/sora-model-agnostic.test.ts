import { createKieClient, kieProvider } from '@sorakit/kie'
import type { ProviderTable } from '@sorakit/provider'
import { describe, expect, it } from 'vitest'
import { createSora } from '../src/index.js'
import { createSora as createKieSora } from '../src/providers/kie.gen.js'
import { createSora as createVtrixSora } from '../src/providers/vtrix.gen.js'
import { kieCreateExamples } from './support/provider-examples.js'
import { rejection } from './support/rejection.js'
import { json, stubFetch } from './support/stub-fetch.js'

const accepted = () => json(kieCreateExamples()['accepted'])

/**
 * kie.ai's table with one more model, as codegen makes it from a non-Sora document in the createTask
 * shape with its manifest entry (own `duration` field, ratio strings, a `sound` switch): data, no code.
 */
const klingTable = {
  ...kieProvider,
  models: {
    ...kieProvider.models,
    'kling-2.6/text-to-video': {
      operations: ['textToVideo'],
      availability: { status: 'available', source: 'a fixture' },
      aliases: [],
      required: ['prompt'],
      requestFields: ['callBackUrl'],
      parameters: {
        prompt: { type: 'string', maxLength: 2500 },
        duration: { type: 'string', enum: ['5', '10'], default: '5' },
        aspect_ratio: { type: 'string', enum: ['16:9', '9:16', '1:1'], default: '16:9' },
        sound: { type: 'boolean' },
      },
      commonParameters: {
        prompt: { field: 'prompt' },
        durationSeconds: { field: 'duration', encoding: 'number-as-string' },
        aspectRatio: { field: 'aspect_ratio' },
        callbackUrl: { field: 'callBackUrl' },
      },
    },
  },
} as const satisfies ProviderTable

describe('the model-agnostic facade', () => {
  it('calls any model of the table by its id, mapping the common parameters onto its own fields', async () => {
    const fetch = stubFetch(accepted())
    const sora = createSora({
      provider: { table: klingTable, createClient: createKieClient },
      apiKey: 'model-agnostic-key',
      fetch,
    })
    const handle = await sora.textToVideo({
      model: 'kling-2.6/text-to-video',
      prompt: 'a fox',
      durationSeconds: 10,
      aspectRatio: '1:1',
      providerOptions: { kie: { sound: true } },
    })
    expect(handle.model).toBe('kling-2.6/text-to-video')
    expect(JSON.parse(fetch.calls[0]!.body)).toEqual({
      model: 'kling-2.6/text-to-video',
      input: { prompt: 'a fox', duration: '10', aspect_ratio: '1:1', sound: true },
    })
  })

  it('refuses a common parameter the chosen model has no field for, and a value it lacks, before any request', async () => {
    const fetch = stubFetch(accepted())
    const sora = createSora({
      provider: { table: klingTable, createClient: createKieClient },
      apiKey: 'model-agnostic-key',
      fetch,
    })
    const seed = await rejection(
      sora.textToVideo({ model: 'kling-2.6/text-to-video', prompt: 'a fox', seed: 7 as never }),
    )
    expect(seed).toMatchObject({ kind: 'unsupported-feature', field: 'seed' })
    const fifteen = await rejection(
      sora.textToVideo({ model: 'kling-2.6/text-to-video', prompt: 'a fox', durationSeconds: 15 as never }),
    )
    expect(fifteen).toMatchObject({ kind: 'unsupported-feature', field: 'durationSeconds', supported: [5, 10] })
    const sound = await rejection(
      sora.textToVideo({
        model: 'kling-2.6/text-to-video',
        prompt: 'a fox',
        providerOptions: { kie: { sound: 'loud' } },
      }),
    )
    expect(sound).toMatchObject({ kind: 'validation', field: 'providerOptions.kie.sound' })
    expect(fetch.calls).toHaveLength(0)
  })

  it('selects by alias, and accepts ratio strings and orientations alike', async () => {
    const fetch = stubFetch(accepted())
    const sora = createKieSora({ apiKey: 'model-agnostic-key', fetch })
    await sora.textToVideo({ model: 'sora-2-pro', prompt: 'a', aspectRatio: '9:16' })
    await sora.textToVideo({ model: 'sora-2-pro-text-to-video', prompt: 'a', aspectRatio: 'portrait' })
    const [first, second] = fetch.calls.map((call) => JSON.parse(call.body))
    expect(first).toEqual(second)
    expect(first).toMatchObject({ model: 'sora-2-pro-text-to-video', input: { aspect_ratio: 'portrait' } })
  })

  it('runs the manifest default without a model, and never another model when the default is gone', async () => {
    const fetch = stubFetch(accepted())
    expect((await createKieSora({ apiKey: 'model-agnostic-key', fetch }).textToVideo({ prompt: 'a' })).model).toBe(
      kieProvider.defaultModels.textToVideo,
    )
    const { [kieProvider.defaultModels.textToVideo]: _dropped, ...models } =
      kieProvider.models as ProviderTable['models']
    const { textToVideo: _default, ...defaultModels } = kieProvider.defaultModels
    const withoutDefault = { ...kieProvider, models, defaultModels } satisfies ProviderTable
    const remaining = Object.entries(models)
      .filter(([, model]) => model.operations.includes('textToVideo'))
      .flatMap(([id, model]) => [id, ...model.aliases])
    const sora = createSora({
      provider: { table: withoutDefault, createClient: createKieClient },
      apiKey: 'model-agnostic-key',
      fetch,
    })
    const error = await rejection(sora.textToVideo({ prompt: 'a' }))
    expect(error).toMatchObject({ kind: 'validation', field: 'model', supported: remaining })
    expect(error.message).toContain(
      `declares no default textToVideo model; pass one of ${remaining.map((name) => JSON.stringify(name)).join(', ')}`,
    )
    // A default that names a model the table no longer has is no default either.
    const stale = createSora({
      provider: {
        table: { ...withoutDefault, defaultModels: kieProvider.defaultModels },
        createClient: createKieClient,
      },
      apiKey: 'model-agnostic-key',
      fetch,
    })
    expect(await rejection(stale.textToVideo({ prompt: 'a' }))).toMatchObject({ kind: 'validation', field: 'model' })
    expect(fetch.calls).toHaveLength(1)
  })
})

describe('entry point types narrowed by the generated table', () => {
  it('type vtrix inputs from its table and leave out what it lacks', () => {
    const vtrix = createVtrixSora({
      apiKey: 'model-agnostic-key',
      fetch: stubFetch(json({ id: 't', status: 'pending' })),
    })
    type VtrixTextToVideo = Parameters<typeof vtrix.textToVideo>[0]
    const seconds: Array<NonNullable<VtrixTextToVideo['durationSeconds']>> = [4, 8, 12]
    // @ts-expect-error vtrix takes 4, 8 or 12 seconds
    const ten: NonNullable<VtrixTextToVideo['durationSeconds']> = 10
    // @ts-expect-error no vtrix model for textToVideo is called sora-2 (only sora-2-pro)
    const unknownModel: VtrixTextToVideo['model'] = 'sora-2'
    // @ts-expect-error vtrix has no characters
    void vtrix.createCharacter
    // @ts-expect-error vtrix has no upload service
    void vtrix.upload
    // @ts-expect-error vtrix models have no resolution field
    const resolution: VtrixTextToVideo['resolution'] = '1080p'
    expect([seconds, ten, unknownModel, resolution]).toHaveLength(4)
    expect(
      Object.keys(vtrix.capabilities.operations).filter(
        (operation) => vtrix.capabilities.operations[operation as 'textToVideo'].length > 0,
      ),
    ).toEqual(['textToVideo', 'imageToVideo'])
  })

  it('type kie.ai model ids and aliases per operation', () => {
    const kie = createKieSora({ apiKey: 'model-agnostic-key' })
    type KieModel = NonNullable<Parameters<typeof kie.textToVideo>[0]['model']>
    type TableTextToVideoModel = {
      [K in keyof typeof kieProvider.models]: (typeof kieProvider.models)[K]['operations'] extends readonly (infer O)[]
        ? 'textToVideo' extends O
          ? K
          : never
        : never
    }[keyof typeof kieProvider.models]
    // Both directions: the facade's model type is exactly the table's textToVideo ids and their aliases.
    const fromTable: TableTextToVideoModel extends KieModel ? true : false = true
    const toTable: Exclude<
      KieModel,
      TableTextToVideoModel | (typeof kieProvider.models)[TableTextToVideoModel]['aliases'][number]
    > extends never
      ? true
      : false = true
    // @ts-expect-error an image-only model is not a text-to-video model
    const wrong: KieModel = 'kling-2.6/image-to-video'
    expect([fromTable, toTable, wrong]).toHaveLength(3)
    const expected = Object.entries(kieProvider.models)
      .filter(([, model]) => (model.operations as readonly string[]).includes('textToVideo'))
      .flatMap(([id, model]) => [id, ...model.aliases])
    expect(kie.capabilities.operations.textToVideo.flatMap((model) => [model.model, ...model.aliases]).sort()).toEqual(
      expected.sort(),
    )
  })

  it('narrow each option to the chosen model: durations, resolutions, frames', () => {
    const kie = createKieSora({ apiKey: 'model-agnostic-key', fetch: stubFetch(accepted()) })
    // Type checks only: never called.
    const calls = () => [
      kie.textToVideo({ model: 'kling-3.0/video', prompt: 'a', durationSeconds: 15, audio: true }),
      // @ts-expect-error Kling 3.0 takes 3 to 15 seconds
      kie.textToVideo({ model: 'kling-3.0/video', prompt: 'a', durationSeconds: 16 }),
      kie.textToVideo({ model: 'veo-3-1', prompt: 'a', durationSeconds: 8, resolution: '4k' }),
      // @ts-expect-error Veo 3.1 takes 4, 6 or 8 seconds
      kie.textToVideo({ model: 'veo-3.1', prompt: 'a', durationSeconds: 5 }),
      // @ts-expect-error Seedance 1.5 Pro renders 480p, 720p or 1080p
      kie.textToVideo({ model: 'bytedance/seedance-1.5-pro', prompt: 'a', durationSeconds: 8, resolution: '4k' }),
      // @ts-expect-error Grok Imagine has no sound switch
      kie.textToVideo({ model: 'grok-imagine', prompt: 'a', audio: true }),
      // @ts-expect-error without a model, the default (Kling 3.0) types the options
      kie.textToVideo({ prompt: 'a', durationSeconds: 2 }),
      // @ts-expect-error Grok Imagine takes 6 or 10 seconds
      kie.textToVideo({ model: 'grok-imagine/text-to-video', prompt: 'a', durationSeconds: 8 }),
      // @ts-expect-error Seedance 1.0 Lite takes 5 or 10 seconds
      kie.textToVideo({ model: 'bytedance/v1-lite-text-to-video', prompt: 'a', durationSeconds: 15, seed: 7 }),
      // @ts-expect-error Kling 2.6 image-to-video takes 5 or 10 seconds
      kie.imageToVideo({
        model: 'kling-2.6/image-to-video',
        prompt: 'a',
        imageUrl: 'https://x.test/a.png',
        audio: false,
        durationSeconds: 7,
      }),
      // @ts-expect-error Kling 2.6 motion control has no duration (the reference video sets it)
      kie.imageToVideo({
        model: 'kling-2.6/motion-control',
        prompt: 'a',
        imageUrl: 'https://x.test/a.png',
        durationSeconds: 5,
      }),
      // @ts-expect-error Seedance 1.5 Pro takes a number of seconds (4 to 12, checked before the request), not a string
      kie.textToVideo({ model: 'bytedance/seedance-1.5-pro', prompt: 'a', durationSeconds: '8' }),
      kie.imageToVideo({ prompt: 'a', imageUrl: 'https://x.test/a.png', lastFrameImageUrl: 'https://x.test/b.png' }),
      // @ts-expect-error Kling 2.6 image-to-video takes no last frame
      kie.imageToVideo({
        model: 'kling-2.6',
        prompt: 'a',
        imageUrl: 'https://x.test/a.png',
        lastFrameImageUrl: 'https://x.test/b.png',
      }),
    ]
    expect(typeof calls).toBe('function')
  })
})
