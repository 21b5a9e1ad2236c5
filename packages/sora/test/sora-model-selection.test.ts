import { kieProvider } from '@sorakit/kie'
import { bytedanceSeedance15Pro } from '@sorakit/kie/models/bytedance-seedance-1.5-pro'
import { kling30Video } from '@sorakit/kie/models/kling-3.0-video'
import { sora2ProStoryboard } from '@sorakit/kie/models/sora-2-pro-storyboard'
import { sora2I2v } from '@sorakit/vtrix/models/sora-2-i2v'
import { describe, expect, expectTypeOf, it } from 'vitest'
// @ts-expect-error: a plain .mjs helper shared with the size bench
import { bundle } from '../bench/bundle-entries.mjs'
import { createSora, createSoraWithModels } from '../src/providers/kie.gen.js'
import { UnsupportedFeatureError, ValidationError } from '../src/sora-errors.js'
import { rejection } from './support/rejection.js'
import { json, stubFetch } from './support/stub-fetch.js'

const created = () => json({ code: 200, msg: 'success', data: { taskId: 'task-1' } })

// `createSoraWithModels` is `createSora` restricted to the model modules an app passes: same
// capabilities, requests and errors for those models, nothing of the others.
describe('a facade over the models an app passes', () => {
  it('lists exactly those models, with the capabilities the every-model facade gives them', () => {
    const few = createSoraWithModels({ apiKey: 'k', models: [kling30Video, bytedanceSeedance15Pro] }).capabilities
    const every = createSora({ apiKey: 'k' }).capabilities
    expect(few.operations.textToVideo.map((model) => model.model)).toEqual([
      'kling-3.0/video',
      'bytedance/seedance-1.5-pro',
    ])
    expect(few.operations.textToVideo).toEqual(
      every.operations.textToVideo.filter((model) =>
        ['kling-3.0/video', 'bytedance/seedance-1.5-pro'].includes(model.model),
      ),
    )
    expect(few.operations.storyboard).toEqual([])
    expect(few.defaultModels).toEqual({ textToVideo: 'kling-3.0/video', imageToVideo: 'kling-3.0/video' })
    expect({ ...few, operations: undefined, defaultModels: undefined }).toEqual({
      ...every,
      operations: undefined,
      defaultModels: undefined,
    })
  })

  it('sends the request the every-model facade sends', async () => {
    const requests = []
    for (const sora of [
      createSora,
      (options: { apiKey: string; fetch: (request: Request) => Promise<Response> }) =>
        createSoraWithModels({ ...options, models: [kling30Video] }),
    ]) {
      const fetch = stubFetch(created())
      await sora({ apiKey: 'k', fetch }).textToVideo({
        model: 'kling-3.0',
        prompt: 'a fox',
        durationSeconds: 5,
        audio: true,
      })
      requests.push(fetch.calls.map((call) => [call.method, call.url.href, call.body]))
    }
    expect(requests[1]).toEqual(requests[0])
  })

  it('refuses a model it was not given before any request, listing the ones it was given', async () => {
    const fetch = stubFetch(created())
    const sora = createSoraWithModels({ apiKey: 'k', fetch, models: [kling30Video] })
    // @ts-expect-error: the type knows only the models passed
    const error = await rejection(sora.textToVideo({ model: 'sora-2-text-to-video', prompt: 'p' }))
    expect(error).toBeInstanceOf(UnsupportedFeatureError)
    expect(error).toMatchObject({ field: 'model', supported: ['kling-3.0/video', 'kling-3.0'] })
    expect(fetch.calls).toEqual([])
  })

  it('has no default for an operation whose default model it was not given', async () => {
    const sora = createSoraWithModels({ apiKey: 'k', fetch: stubFetch(created()), models: [bytedanceSeedance15Pro] })
    expect(sora.capabilities.defaultModels).toEqual({})
    // @ts-expect-error: the type knows there is no default model either
    const error = await rejection(sora.textToVideo({ prompt: 'p', durationSeconds: 8 }))
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as Error).message).toContain(
      'declares no default textToVideo model; pass one of "bytedance/seedance-1.5-pro"',
    )
  })

  it('is typed by the models passed: their operations only, their values', () => {
    const sora = createSoraWithModels({ apiKey: 'k', models: [kling30Video] })
    expectTypeOf(sora).toHaveProperty('textToVideo')
    expectTypeOf(sora).not.toHaveProperty('storyboard')
    // Type checks only, never run: the ids and aliases of the models passed, and nothing else.
    const typed = () => {
      void sora.textToVideo({ model: 'kling-3.0/video', prompt: 'p' })
      void sora.textToVideo({ model: 'kling-3.0', prompt: 'p', durationSeconds: 15 })
      // Kling 3.0 is kie.ai's default text-to-video model, and it was given.
      void sora.textToVideo({ prompt: 'p' })
      // @ts-expect-error: a model the facade was not given
      void sora.textToVideo({ model: 'bytedance/seedance-1.5-pro', prompt: 'p' })
      // @ts-expect-error: a duration Kling 3.0 does not take
      void sora.textToVideo({ model: 'kling-3.0', prompt: 'p', durationSeconds: 20 })
    }
    expect(typed).toBeTypeOf('function')
    const withStoryboard = createSoraWithModels({ apiKey: 'k', models: [kling30Video, sora2ProStoryboard] })
    expectTypeOf(withStoryboard).toHaveProperty('storyboard')
  })

  it("refuses what is not one of its provider's model modules, naming the entry", () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /models must be a non-empty array of kie\.ai model modules/],
      [undefined, /models must be a non-empty array/],
      [['kling-3.0/video'], /models\[0\] is not a model module \(got "kling-3\.0\/video"\)/],
      [[kling30Video, sora2I2v], /models\[1\] is vtrix's model "sora_2_i2v"; this facade talks to kie/],
      [[kling30Video, kling30Video], /models names "kling-3\.0\/video" twice/],
    ]
    for (const [models, message] of cases) {
      expect(() => createSoraWithModels({ apiKey: 'k', models: models as never })).toThrow(ValidationError)
      expect(() => createSoraWithModels({ apiKey: 'k', models: models as never })).toThrow(message)
    }
    expect(() => createSoraWithModels(undefined as never)).toThrow(/createSoraWithModels takes an options object/)
    expect(() => createSoraWithModels({ apiKey: '', models: [kling30Video] })).toThrow(
      /apiKey must be a non-empty string/,
    )
  })

  it("uses the very entries of the generated table: a model module is the table's model", () => {
    expect(kieProvider.models['kling-3.0/video']).toBe(kling30Video)
  })
})

describe('what a one-model app bundles', () => {
  it('carries the model it passes and no other model of the provider', async () => {
    const app =
      "import { createSoraWithModels } from '@sorakit/sora/kie'; import { kling30Video } from '@sorakit/kie/models/kling-3.0-video'; const sora = createSoraWithModels({ apiKey: 'k', models: [kling30Video] }); export const start = (prompt) => sora.textToVideo({ prompt })"
    const { code } = (await bundle(app)) as { code: string }
    expect(code).toContain('kling-3.0/video')
    for (const other of Object.keys(kieProvider.models).filter((modelId) => modelId !== 'kling-3.0/video'))
      expect(code).not.toContain(`"${other}"`)
  })
})
