import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import { createSora, type BuiltInProviderId } from '../src/index.js'
import { soraOperations } from '../src/sora-capabilities.js'

const sora = (provider: BuiltInProviderId) => createSora({ provider, apiKey: 'test-key' })
const aliases = (provider: BuiltInProviderId, operation: (typeof soraOperations)[number]) => sora(provider).capabilities.operations[operation].flatMap((model) => model.aliases)

describe('capabilities derived from the generated provider tables', () => {
  it('lists every model of every table under its manifest operation, in table order', () => {
    for (const id of providerIds) {
      const { table } = providerRegistry[id]
      const capabilities = createSora({ provider: id as BuiltInProviderId, apiKey: 'test-key' }).capabilities
      const listed = soraOperations.flatMap((operation) => capabilities.operations[operation].map((model) => [operation, model.model]))
      const expected = Object.entries(table.models).map(([modelId, model]) => [model.operation, modelId])
      expect(listed.sort()).toEqual(expected.sort())
    }
  })

  it('maps kie n_frames to seconds, aspect_ratio, size and the limits of each model', () => {
    const [standard, pro] = sora('kie').capabilities.operations.textToVideo
    expect(standard).toMatchObject({ model: 'sora-2-text-to-video', aliases: ['sora-2'] })
    expect(standard!.options['durationSeconds']).toEqual({ parameter: 'n_frames', required: false, values: [10, 15], default: 10 })
    expect(standard!.options['aspectRatio']).toMatchObject({ values: ['9:16', '16:9'], aliases: ['portrait', 'landscape'], default: '16:9' })
    expect(standard!.options['prompt']?.maxLength).toBe(10000)
    expect(standard!.options['characterIds']?.maxItems).toBe(5)
    expect(standard!.options['quality']).toBeUndefined()
    expect(standard!.options['progressCallbackUrl']).toEqual({ parameter: 'progressCallBackUrl', required: false })
    expect(pro!.options['quality']).toMatchObject({ parameter: 'size', values: ['standard', 'high'], default: 'high' })
    expect(pro!.providerOptions['upload_method']).toMatchObject({ required: false, default: 's3' })
  })

  it('maps vtrix seconds and size (as a ratio), with no characters, watermark removal or callbacks', () => {
    const capabilities = sora('vtrix').capabilities
    const [model] = capabilities.operations.textToVideo
    expect(model).toMatchObject({ model: 'sora_2_pro_t2v', aliases: ['sora-2-pro'] })
    expect(model!.options['durationSeconds']?.values).toEqual([4, 8, 12])
    expect(model!.options['aspectRatio']).toMatchObject({ parameter: 'size', values: ['9:16', '16:9'], aliases: ['portrait', 'landscape'], default: '9:16' })
    expect(Object.keys(model!.options).sort()).toEqual(['aspectRatio', 'durationSeconds', 'prompt'])
    expect(capabilities).toMatchObject({ credits: false, downloadUrl: false, upload: [] })
    expect(capabilities.operations.storyboard).toEqual([])
  })

  it('tells kie.ai and Apikley apart by their tables alone', () => {
    expect(aliases('kie', 'textToVideo')).toEqual(['sora-2', 'sora-2-pro'])
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
      expect(sora(provider).capabilities, provider).toMatchObject({ credits: 'credits' in services, downloadUrl: 'downloadUrl' in services })
    }
    expect(providerIds.filter((provider) => sora(provider).capabilities.credits).length, 'some provider sells credits').toBeGreaterThan(0)
  })
})
