import { describe, expect, it } from 'vitest'
import { createSora, UnsupportedFeatureError, ValidationError, type BuiltInProviderId } from '../src/index.js'
import { kieCreateExamples } from './support/provider-examples.js'
import { json, stubFetch } from './support/stub-fetch.js'
import { rejection } from './support/rejection.js'

const accepted = () => json(kieCreateExamples()['accepted'])
const vtrixAccepted = () => json({ id: 'task_1', status: 'pending' })

function facade(provider: BuiltInProviderId) {
  const fetch = stubFetch(provider === 'vtrix' ? vtrixAccepted() : accepted())
  return { sora: createSora({ provider, apiKey: 'test-key', fetch }), fetch }
}

describe('input checked against the capability table before any request', () => {
  it('rejects 12 s on kie.ai Grok Imagine naming the field and the supported durations', async () => {
    const { sora, fetch } = facade('kie')
    const error = await rejection(
      sora.textToVideo({ prompt: 'a boat', model: 'grok-imagine', durationSeconds: 12 as never }),
    )
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ field: 'durationSeconds', supported: [6, 10], provider: 'kie' })
    expect(error.message).toContain('6, 10')
    expect(fetch.calls).toHaveLength(0)
  })

  it('accepts 12 s on vtrix, where the table allows it', async () => {
    const { sora, fetch } = facade('vtrix')
    await sora.textToVideo({ prompt: 'a boat', durationSeconds: 12, aspectRatio: 'landscape' })
    expect(JSON.parse(fetch.calls[0]!.body)).toEqual({
      model: 'sora_2_pro_t2v',
      input: [{ params: { prompt: 'a boat', seconds: '12', size: '1280x720' } }],
    })
  })

  it('rejects the options no vtrix model maps (negative prompt, resolution, seed, audio, callbacks)', async () => {
    const { sora, fetch } = facade('vtrix')
    for (const [field, value] of [
      ['negativePrompt', 'rain'],
      ['resolution', '1080p'],
      ['seed', 7],
      ['audio', true],
      ['callbackUrl', 'https://example.com/cb'],
    ] as const) {
      const error = await rejection(sora.textToVideo({ prompt: 'a boat', [field]: value }))
      expect(error).toBeInstanceOf(UnsupportedFeatureError)
      expect(error.field).toBe(field)
      expect(error.supported).toEqual([])
    }
    expect(fetch.calls).toHaveLength(0)
  })

  it('rejects a prompt over 10000 characters on Seedance 1.0 Lite and more than 5 character ids on Sora 2', async () => {
    const { sora, fetch } = facade('kie')
    const long = await rejection(
      sora.textToVideo({ prompt: 'x'.repeat(10001), model: 'bytedance/v1-lite-text-to-video' }),
    )
    expect(long).toBeInstanceOf(ValidationError)
    expect(long).toMatchObject({ field: 'prompt' })
    expect(long.message).toContain('at most 10000 characters (got 10001)')
    const many = await rejection(
      sora.textToVideo({
        prompt: 'a boat',
        model: 'sora-2',
        providerOptions: { kie: { character_id_list: ['1', '2', '3', '4', '5', '6'] } },
      }),
    )
    expect(many).toMatchObject({ kind: 'validation', field: 'providerOptions.kie.character_id_list' })
    expect(many.message).toContain('at most 5 items')
    expect(fetch.calls).toHaveLength(0)
  })

  it('points audio on a model without sound at the models that map it', async () => {
    const { sora } = facade('kie')
    const error = await rejection(sora.textToVideo({ prompt: 'a boat', model: 'grok-imagine', audio: true as never }))
    expect(error).toMatchObject({
      kind: 'unsupported-feature',
      field: 'audio',
      supported: ['kling-3.0/video', 'bytedance/seedance-1.5-pro'],
    })
  })

  it('rejects a model the provider lacks for the operation, listing its ids and aliases', async () => {
    const { sora, fetch } = facade('apikley')
    const error = await rejection(sora.textToVideo({ prompt: 'a boat', model: 'sora-2' as never }))
    expect(error).toMatchObject({
      kind: 'unsupported-feature',
      field: 'model',
      supported: ['sora-2-pro-text-to-video', 'sora-2-pro'],
    })
    expect(error.message).toContain('its textToVideo models are "sora-2-pro-text-to-video", "sora-2-pro"')
    expect(fetch.calls).toHaveLength(0)
  })

  it('rejects an operation the provider lacks, listing what it offers', async () => {
    const { sora, fetch } = facade('vtrix')
    const error = await rejection(sora.storyboard({ shots: [{ prompt: 'a', durationSeconds: 5 }] }))
    expect(error).toMatchObject({
      kind: 'unsupported-feature',
      field: 'storyboard',
      supported: ['textToVideo', 'imageToVideo'],
    })
    for (const call of [
      sora.getCredits(),
      sora.getDownloadUrl('https://x.test/a.mp4'),
      sora.upload({ url: 'https://x.test/a.png' }),
    ]) {
      expect((await rejection(call)).kind).toBe('unsupported-feature')
    }
    expect(fetch.calls).toHaveLength(0)
  })

  it('rejects unknown options, wrong types, missing required options and bad provider options', async () => {
    const { sora, fetch } = facade('kie')
    const cases: Array<[unknown, string]> = [
      [{ prompt: 'a', duration: 10 }, 'duration'],
      [{ prompt: '' }, 'prompt'],
      [{ prompt: 'a', durationSeconds: '10' }, 'durationSeconds'],
      [{ prompt: 'a', callbackUrl: 'not a url' }, 'callbackUrl'],
      [{ prompt: 'a', providerOptions: { kie: { duration: '10' } } }, 'providerOptions.kie.duration'],
      [{ prompt: 'a', providerOptions: { kie: { seed: 1 } } }, 'providerOptions.kie.seed'],
      [
        { prompt: 'a', model: 'sora-2-pro', providerOptions: { kie: { upload_method: 'ftp' } } },
        'providerOptions.kie.upload_method',
      ],
      [{ prompt: 'a', providerOptions: { kie: { constructor: 1 } } }, 'providerOptions.kie.constructor'],
      [{ prompt: 'a', providerOptions: { mode: 'std' } }, 'providerOptions.mode'],
      [{ prompt: 'a', providerOptions: { kie: { mode: 'ultra' } } }, 'providerOptions.kie.mode'],
      [{ prompt: 'a', providerOptions: { kie: 'sound' } }, 'providerOptions.kie'],
      [{ prompt: 'a', toString: 1 }, 'toString'],
    ]
    for (const [input, field] of cases) {
      const error = await rejection(sora.textToVideo(input as never))
      expect(error.kind, JSON.stringify(input)).toBe('validation')
      expect(error.field).toBe(field)
    }
    expect((await rejection(sora.imageToVideo({ prompt: 'a' } as never))).field).toBe('imageUrl')
    expect(fetch.calls).toHaveLength(0)
  })

  it('asks for a required provider parameter without a documented default', async () => {
    const { sora, fetch } = facade('kie')
    const error = await rejection(
      sora.storyboard({ model: 'sora-2-pro-storyboard', shots: [{ prompt: 'a harbour', durationSeconds: 5 }] }),
    )
    expect(error).toMatchObject({
      kind: 'validation',
      field: 'providerOptions.kie.upload_method',
      supported: ['s3', 'oss'],
    })
    await sora.storyboard({
      model: 'sora-2-pro-storyboard',
      shots: [{ prompt: 'a harbour', durationSeconds: 5 }],
      providerOptions: { kie: { upload_method: 'oss' }, vtrix: { ignored: true } },
    })
    expect(JSON.parse(fetch.calls[0]!.body)).toEqual({
      model: 'sora-2-pro-storyboard',
      input: { shots: [{ Scene: 'a harbour', duration: 5 }], upload_method: 'oss' },
    })
  })

  it('checks storyboard shots against the table limits', async () => {
    const { sora } = facade('kie')
    const error = await rejection(
      sora.storyboard({
        model: 'sora-2-pro',
        shots: [{ prompt: 'a', durationSeconds: 20 }],
        providerOptions: { kie: { upload_method: 's3' } },
      }),
    )
    expect(error).toMatchObject({ kind: 'validation', field: 'shots' })
    expect(error.message).toContain('[0].duration must be at most 15 (got 20)')
  })
})

describe('requests in the provider terms', () => {
  it('sends kie.ai Kling 3.0 its field names: first and last frame in one list, sound, the required defaults', async () => {
    const { sora, fetch } = facade('kie')
    await sora.imageToVideo({
      prompt: 'a boat',
      imageUrl: 'https://example.com/first.png',
      lastFrameImageUrl: 'https://example.com/last.png',
      durationSeconds: 10,
      audio: true,
      callbackUrl: 'https://example.com/done',
      providerOptions: { kie: { mode: 'std' } },
    })
    expect(JSON.parse(fetch.calls[0]!.body)).toEqual({
      model: 'kling-3.0/video',
      callBackUrl: 'https://example.com/done',
      input: {
        prompt: 'a boat',
        image_urls: ['https://example.com/first.png', 'https://example.com/last.png'],
        duration: '10',
        sound: true,
        mode: 'std',
        multi_shots: false,
      },
    })
  })

  it('sends kie.ai Sora its field names, its own parameters as provider options and the required defaults it documents', async () => {
    const { sora, fetch } = facade('kie')
    await sora.imageToVideo({
      prompt: 'a boat',
      imageUrl: 'https://example.com/frame.png',
      model: 'sora-2-pro',
      durationSeconds: 15,
      aspectRatio: 'portrait',
      callbackUrl: 'https://example.com/done',
      progressCallbackUrl: 'https://example.com/progress',
      providerOptions: { kie: { size: 'standard', remove_watermark: true, character_id_list: ['char_1'] } },
    })
    const call = fetch.calls[0]!
    expect(call.url.href).toBe('https://api.kie.ai/api/v1/jobs/createTask')
    expect(call.headers.get('authorization')).toBe('Bearer test-key')
    expect(JSON.parse(call.body)).toEqual({
      model: 'sora-2-pro-image-to-video',
      callBackUrl: 'https://example.com/done',
      progressCallBackUrl: 'https://example.com/progress',
      input: {
        prompt: 'a boat',
        image_urls: ['https://example.com/frame.png'],
        n_frames: '15',
        aspect_ratio: 'portrait',
        size: 'standard',
        remove_watermark: true,
        character_id_list: ['char_1'],
        upload_method: 's3',
      },
    })
  })

  it('maps characters, characters from a task and watermark removal', async () => {
    const { sora, fetch } = facade('kie')
    await sora.createCharacter({
      model: 'sora-2-characters',
      videoUrl: 'https://example.com/cat.mp4',
      prompt: 'a cat',
      safetyInstruction: 'no gore',
    })
    const origin = {
      provider: 'kie' as const,
      taskId: 'task_9',
      model: 'sora-2-text-to-video',
      baseUrl: 'https://api.kie.ai',
      createdAt: '2026-01-01T00:00:00.000Z',
    }
    await sora.createCharacterFromTask({
      model: 'sora-2-characters-pro',
      originTask: origin,
      clip: { startSeconds: 3.55, endSeconds: 5.55 },
      prompt: 'the captain',
      userName: 'captain01',
    })
    await sora.removeWatermark({ model: 'sora-watermark-remover', videoUrl: 'https://sora.chatgpt.com/p/s_1' })
    expect(fetch.calls.map((call) => JSON.parse(call.body))).toEqual([
      {
        model: 'sora-2-characters',
        input: {
          character_file_url: ['https://example.com/cat.mp4'],
          character_prompt: 'a cat',
          safety_instruction: 'no gore',
        },
      },
      {
        model: 'sora-2-characters-pro',
        input: {
          origin_task_id: 'task_9',
          timestamps: '3.55,5.55',
          character_prompt: 'the captain',
          character_user_name: 'captain01',
        },
      },
      { model: 'sora-watermark-remover', input: { video_url: 'https://sora.chatgpt.com/p/s_1' } },
    ])
  })

  it('returns a plain handle', async () => {
    const { sora } = facade('kie')
    const handle = await sora.textToVideo({ prompt: 'a boat' })
    expect(handle).toEqual({
      provider: 'kie',
      taskId: 'task_sora-2-text-to-video_1765184045509',
      model: 'kling-3.0/video',
      baseUrl: 'https://api.kie.ai',
      createdAt: expect.any(String),
    })
    expect(Object.getPrototypeOf(handle)).toBe(Object.prototype)
  })
})
