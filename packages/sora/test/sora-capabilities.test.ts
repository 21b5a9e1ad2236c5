import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import { createSora, type BuiltInProviderId } from '../src/index.js'
import { soraOperations } from '../src/sora-capabilities.js'

const sora = (provider: BuiltInProviderId) => createSora({ provider, apiKey: 'test-key' })
const aliases = (provider: BuiltInProviderId, operation: (typeof soraOperations)[number]) =>
  sora(provider).capabilities.operations[operation].flatMap((model) => model.aliases)

describe('capabilities derived from the generated provider tables', () => {
  it('lists every model of every table under each of its manifest operations, with its availability', () => {
    for (const id of providerIds) {
      const { table } = providerRegistry[id]
      const capabilities = createSora({ provider: id as BuiltInProviderId, apiKey: 'test-key' }).capabilities
      const listed = soraOperations.flatMap((operation) =>
        capabilities.operations[operation].map((model) => [operation, model.model, model.availability.status]),
      )
      const expected = Object.entries(table.models).flatMap(([modelId, model]) =>
        model.operations.map((operation: string) => [operation, modelId, model.availability.status]),
      )
      expect(listed.sort()).toEqual(expected.sort())
    }
  })

  it('maps each kie model onto its own fields: Sora n_frames and orientations, Kling duration strings and sound, Seedance numbers', () => {
    const models = Object.fromEntries(
      sora('kie').capabilities.operations.textToVideo.map((model) => [model.model, model]),
    )
    const standard = models['sora-2-text-to-video']!
    expect(standard).toMatchObject({ aliases: ['sora-2'], availability: { status: 'paused', since: '2026-06-11' } })
    expect(standard.options['durationSeconds']).toEqual({
      parameter: 'n_frames',
      required: false,
      values: [10, 15],
      default: 10,
    })
    expect(standard.options['aspectRatio']).toMatchObject({
      values: ['9:16', '16:9'],
      aliases: ['portrait', 'landscape'],
      default: '16:9',
    })
    expect(standard.options['prompt']?.maxLength).toBe(10000)
    expect(standard.providerOptions['character_id_list']?.maxItems).toBe(5)
    expect(standard.options['progressCallbackUrl']).toEqual({ parameter: 'progressCallBackUrl', required: false })
    expect(models['sora-2-pro-text-to-video']!.providerOptions['size']).toMatchObject({
      values: ['standard', 'high'],
      default: 'high',
    })
    expect(models['sora-2-pro-text-to-video']!.providerOptions['upload_method']).toMatchObject({
      required: false,
      default: 's3',
    })
    const kling = models['kling-3.0/video']!
    expect(kling).toMatchObject({ aliases: ['kling-3.0'], availability: { status: 'available' } })
    expect(kling.options['durationSeconds']).toEqual({
      parameter: 'duration',
      required: false,
      values: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      default: 5,
    })
    expect(kling.options['audio']).toEqual({ parameter: 'sound', required: false, default: false })
    expect(kling.options['imageUrl']).toBeUndefined()
    expect(kling.providerOptions['mode']).toMatchObject({ values: ['std', 'pro'], default: 'pro' })
    const seedance = models['bytedance/seedance-1.5-pro']!
    expect(seedance.options['durationSeconds']).toEqual({ parameter: 'duration', required: true })
    expect(seedance.options['resolution']).toMatchObject({ values: ['480p', '720p', '1080p'], default: '720p' })
    expect(seedance.options['audio']?.parameter).toBe('generate_audio')
    const klingFrames = sora('kie').capabilities.operations.imageToVideo.find(
      (model) => model.model === 'kling-3.0/video',
    )!
    expect(klingFrames.options['imageUrl']).toMatchObject({ parameter: 'image_urls' })
    expect(klingFrames.options['lastFrameImageUrl']).toMatchObject({ parameter: 'image_urls' })
  })

  it('maps vtrix seconds and size (as a ratio), with no characters, watermark removal or callbacks', () => {
    const capabilities = sora('vtrix').capabilities
    const [model] = capabilities.operations.textToVideo
    expect(model).toMatchObject({ model: 'sora_2_pro_t2v', aliases: ['sora-2-pro'] })
    expect(model!.options['durationSeconds']?.values).toEqual([4, 8, 12])
    expect(model!.options['aspectRatio']).toMatchObject({
      parameter: 'size',
      values: ['9:16', '16:9'],
      aliases: ['portrait', 'landscape'],
      default: '9:16',
    })
    expect(Object.keys(model!.options).sort()).toEqual(['aspectRatio', 'durationSeconds', 'prompt'])
    expect(capabilities).toMatchObject({ credits: false, downloadUrl: false, upload: [] })
    expect(capabilities.operations.storyboard).toEqual([])
  })

  it('tells kie.ai and Apikley apart by their tables alone', () => {
    expect(aliases('kie', 'textToVideo')).toEqual([
      'sora-2',
      'sora-2-pro',
      'kling-3.0',
      'grok-imagine',
      'seedance-1-lite',
      'seedance-1.5-pro',
      'veo-3.1',
    ])
    expect(aliases('apikley', 'textToVideo')).toEqual(['sora-2-pro'])
    expect(aliases('apikley', 'imageToVideo')).toEqual(['sora-2'])
    expect(sora('kie').capabilities.upload).toEqual(['file', 'url', 'base64'])
    expect(sora('apikley').capabilities.upload).toEqual(['file', 'url'])
    expect(sora('apikley').capabilities.operations.createCharacterFromTask).toEqual([])
    const apikleyPro = sora('apikley').capabilities.operations.textToVideo[0]!
    expect(apikleyPro.options['progressCallbackUrl']).toBeUndefined()
    expect(apikleyPro.options['callbackUrl']).toBeDefined()
  })

  it('reads each service from the table operations', () => {
    for (const provider of providerIds) {
      const { services } = providerRegistry[provider].table
      expect(sora(provider).capabilities, provider).toMatchObject({
        credits: 'credits' in services,
        downloadUrl: 'downloadUrl' in services,
      })
    }
    expect(
      providerIds.filter((provider) => sora(provider).capabilities.credits).length,
      'some provider sells credits',
    ).toBeGreaterThan(0)
  })
})
