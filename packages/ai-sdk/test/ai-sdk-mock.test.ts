import { createSora, GenerationFailedError, type SoraError, UnsupportedFeatureError, ValidationError, type BuiltInProviderId, type SoraHandle } from '@sorakit/sora'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakit, createSorakitV3, type VideoCallOptions } from '../src/index.js'
import { exampleNamesFor, preferringFetch, providerIds, providerMocks } from './support/provider-mocks.js'

// The AI SDK provider against Prism mocks of the bundled documents, started with --errors: every
// request the facade sends for an AI SDK call must be valid for the provider's document.

const mocks = providerMocks()

const apiKey = 'mock-key'
const fastWait = { pollSchedule: [{ untilMs: Number.MAX_SAFE_INTEGER, minMs: 1, maxMs: 1 }] }

function callOptions(options: Partial<VideoCallOptions>): VideoCallOptions {
  return {
    prompt: undefined, n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined,
    image: undefined, frameImages: undefined, inputReferences: undefined, generateAudio: undefined, providerOptions: {}, ...options,
  }
}

// Which example a status request gets, by how many status requests came before it.
function statusWalk(provider: BuiltInProviderId, states: (names: string[]) => string[]) {
  let polls = 0
  return preferringFetch((request) => {
    if (request.method !== 'GET') return undefined
    const names = states(exampleNamesFor(provider, request))
    const name = names[Math.min(polls, names.length - 1)]
    polls += 1
    return name === undefined ? undefined : `example=${name}`
  })
}

describe('doStart: every model of every provider, from the common AI SDK options', () => {
  for (const provider of providerIds) {
    it(`${provider}: the request is valid for the mock and the operation is the facade's handle`, async () => {
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const served = Object.values(sorakit.sora.capabilities.operations).flat()
      expect(served.length).toBeGreaterThan(0)
      for (const model of served) {
        const durations = model.options['durationSeconds']?.values as number[] | undefined
        const options = callOptions({
          prompt: 'A paper boat on a rainy street',
          aspectRatio: '9:16',
          duration: durations?.[0],
          image: model.options['imageUrl'] === undefined ? undefined : { type: 'url', url: 'https://example.com/first-frame.png' },
          inputReferences: model.options['videoUrl'] === undefined ? undefined : [{ type: 'url', url: 'https://sora.chatgpt.com/p/s_68e83bd7eee88191be79d2ba7158516f' }],
          // What the AI SDK has no setting for travels as facade options.
          providerOptions: {
            sorakit: {
              ...(model.options['originTask'] === undefined ? {} : { originTask: 'task_1', clip: { startSeconds: 1, endSeconds: 3 } }),
              // Provider parameters no facade option covers, keyed by provider, required ones with their first documented value.
              providerOptions: { [provider]: Object.fromEntries(Object.entries(model.providerOptions).flatMap(([name, option]) => (option.required ? [[name, option.values![0] as string]] : []))) },
            },
          },
        })
        const started = await sorakit.video(model.model as never).doStart(options)
        const handle = started.operation as unknown as SoraHandle
        expect(handle).toMatchObject({ provider, model: model.model, baseUrl: mocks.urls(provider).baseUrl })
        expect(handle.taskId).not.toBe('')
        expect(started.providerMetadata).toEqual({ sorakit: { provider, taskId: handle.taskId, model: model.model } })
        // Only the settings this model has no parameter for are reported.
        const expected = [['aspectRatio', 'aspectRatio'], ['prompt', 'prompt']]
          .filter(([, option]) => model.options[option!] === undefined && !(option === 'prompt' && model.options['shots'] !== undefined))
          .map(([feature]) => feature)
        expect(started.warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : warning.message)).sort(), model.model).toEqual(expected.sort())
      }
    })
  }
})

describe('settings a model cannot take become warnings; values it cannot take are typed errors before any request', () => {
  it('kie.ai text-to-video: a square ratio, fps, seed, audio and an image are reported, the task still starts', async () => {
    const sorakit = createSorakit({ provider: 'kie', apiKey, ...mocks.urls('kie') })
    const started = await sorakit.video('sora-2-text-to-video').doStart(
      callOptions({ prompt: 'A lighthouse', aspectRatio: '1:1', fps: 24, seed: 7, generateAudio: true, image: { type: 'url', url: 'https://example.com/a.png' } }),
    )
    expect(started.warnings.map((warning) => warning.type === 'unsupported' && warning.feature)).toEqual(['aspectRatio', 'image', 'fps', 'seed', 'generateAudio'])
    expect((started.operation as unknown as SoraHandle).model).toBe('sora-2-text-to-video')
  })

  it('resolution: the short side picks the Sora 2 Pro quality, the orientation the aspect ratio; a model with one resolution warns', async () => {
    const bodies: Array<Record<string, any>> = []
    const fetch = async (request: Request) => {
      if (request.method === 'POST') bodies.push(JSON.parse(await request.clone().text()))
      return globalThis.fetch(request)
    }
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const pro = sorakit.video('sora-2-pro-text-to-video')
    for (const resolution of ['1792x1024', '720x1280'] as const) expect((await pro.doStart(callOptions({ prompt: 'A lighthouse', resolution }))).warnings).toEqual([])
    const [high, standard] = bodies.map((body) => body['input'])
    const sizes = sorakit.sora.capabilities.operations.textToVideo.find((model) => model.model === 'sora-2-pro-text-to-video')!.options['quality']!
    expect([high.size, standard.size]).toEqual(['high', 'standard'])
    expect(sizes.values).toEqual(expect.arrayContaining(['high', 'standard']))
    expect([high.aspect_ratio, standard.aspect_ratio]).toEqual(['landscape', 'portrait'])
    const plain = await sorakit.video('sora-2-text-to-video').doStart(callOptions({ prompt: 'A lighthouse', aspectRatio: '16:9', resolution: '1280x720' }))
    expect(plain.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'resolution' })])
  })

  it('a duration outside the documented values fails with the facade error listing them, and no task is created', async () => {
    let creates = 0
    const fetch = (request: Request) => {
      if (request.method === 'POST') creates += 1
      return globalThis.fetch(request)
    }
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const error = await sorakit.video('sora-2-text-to-video').doStart(callOptions({ prompt: 'A lighthouse', duration: 12 })).then(() => undefined, (rejection: unknown) => rejection)
    expect(ValidationError.isInstance(error) || UnsupportedFeatureError.isInstance(error)).toBe(true)
    expect((error as SoraError).field).toBe('durationSeconds')
    expect((error as SoraError).supported).toEqual(sorakit.sora.capabilities.operations.textToVideo[0]!.options['durationSeconds']!.values)
    expect(creates).toBe(0)
  })

  it('an unknown model id is refused with the provider models listed', () => {
    const sorakit = createSorakit({ provider: 'vtrix', apiKey, ...mocks.urls('vtrix') })
    // @ts-expect-error: model ids are typed from the generated table
    expect(() => sorakit.video('sora-2-text-to-video')).toThrow(ValidationError)
    const models = Object.values(sorakit.sora.capabilities.operations).flat().map((model) => model.model)
    expect(() => sorakit.videoModel('nope' as never)).toThrow(models.join(', '))
  })
})

describe('image bytes', () => {
  it('kie.ai: bytes are uploaded first and the uploaded URL is the image of the create', async () => {
    const exchanges: Array<{ url: string; sent: Uint8Array; answer: string }> = []
    const fetch = async (request: Request) => {
      const sent = new Uint8Array(await request.clone().arrayBuffer())
      const response = await globalThis.fetch(request)
      exchanges.push({ url: request.url, sent, answer: await response.clone().text() })
      return response
    }
    const urls = mocks.urls('kie')
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x73, 0x6f, 0x72, 0x61])
    const started = await sorakit.video('sora-2-image-to-video').doStart(callOptions({ prompt: 'It moves', image: { type: 'file', mediaType: 'image/png', data: png } }))
    expect(started.warnings).toEqual([])
    expect(exchanges.map((exchange) => exchange.url.startsWith(urls.uploadBaseUrl!))).toEqual([true, false])
    const [upload, create] = exchanges as [(typeof exchanges)[0], (typeof exchanges)[0]]
    expect(Buffer.from(upload.sent).includes(Buffer.from(png))).toBe(true)
    const imageUrl = JSON.parse(new TextDecoder().decode(create.sent)).input.image_urls[0] as string
    expect(imageUrl).toMatch(/^https?:\/\//)
    expect(upload.answer).toContain(JSON.stringify(imageUrl))
  })

  it('vtrix.ai has no uploads: bytes fail with a typed error saying to pass a URL', async () => {
    const sorakit = createSorakit({ provider: 'vtrix', apiKey, ...mocks.urls('vtrix') })
    const model = sorakit.video(sorakit.sora.capabilities.operations.imageToVideo[0]!.model as never)
    await expect(model.doStart(callOptions({ prompt: 'It moves', image: { type: 'file', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }))).rejects.toThrow(/type: 'url'/)
  })
})

describe('doStatus: every documented task state, as the facade reads it', () => {
  for (const provider of providerIds) {
    it(`${provider}: pending, completed or error, with progress, failure, cost and character in providerMetadata`, async () => {
      const plain = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const model = Object.values(plain.sora.capabilities.operations).flat()[0]!.model
      const handle = (await plain.video(model as never).doStart(callOptions({ prompt: 'A lighthouse', inputReferences: [{ type: 'url', url: 'https://sora.chatgpt.com/p/s_1' }], image: { type: 'url', url: 'https://example.com/a.png' } }))).operation as unknown as SoraHandle
      let names: string[] = []
      const recorder = preferringFetch((request) => {
        names = exampleNamesFor(provider, request)
        return undefined
      })
      await createSora({ provider, apiKey, fetch: recorder, ...mocks.urls(provider) }).getTask(handle)
      expect(names.length).toBeGreaterThan(3)
      const seen = new Set<string>()
      for (const name of names) {
        const fetch = preferringFetch(() => `example=${name}`)
        const task = await createSora({ provider, apiKey, fetch, ...mocks.urls(provider) }).getTask(handle)
        const status = await createSorakit({ provider, apiKey, fetch, ...mocks.urls(provider) }).video(model as never).doStatus({ operation: handle as never })
        seen.add(status.status)
        const metadata = status.providerMetadata!['sorakit']!
        expect(metadata).toMatchObject({ taskId: task.taskId, status: task.status, progress: task.progress, failure: task.failure, cost: task.cost, characterId: task.characterId })
        if (task.status === 'succeeded') expect(status).toMatchObject({ status: 'completed', videos: task.videoUrls.map((url) => ({ type: 'url', url, mediaType: 'video/mp4' })) })
        else if (task.status === 'failed') expect(status).toMatchObject({ status: 'error', error: task.failure!.message })
        else expect(status.status).toBe('pending')
      }
      expect([...seen].sort()).toEqual(['completed', 'error', 'pending'])
    })
  }

  it("a handle of another provider is refused, never sent to this provider's host", async () => {
    const kie = createSorakit({ provider: 'kie', apiKey, ...mocks.urls('kie') })
    const foreign: SoraHandle = { provider: 'vtrix', taskId: 't', model: 'sora_2_i2v', baseUrl: mocks.urls('vtrix').baseUrl, createdAt: new Date().toISOString() }
    await expect(kie.video('sora-2-text-to-video').doStatus({ operation: foreign as never })).rejects.toThrow(ValidationError)
  })
})

describe('ai 6: experimental_generateVideo with the V3 provider', () => {
  it('a failed task rejects with the provider message, after one create', async () => {
    let creates = 0
    const walk = statusWalk('kie', (names) => ['generating', names.find((name) => name === 'fail')!])
    const fetch = (request: Request) => {
      if (request.method === 'POST') creates += 1
      return walk(request)
    }
    const sorakit = createSorakitV3({ provider: 'kie', apiKey, fetch, wait: fastWait, ...mocks.urls('kie') })
    const failed = await createSora({ provider: 'kie', apiKey, fetch: preferringFetch(() => 'example=fail'), ...mocks.urls('kie') }).getTask('task_1')
    const error = await generateVideo({ model: sorakit.video('sora-2-text-to-video'), prompt: 'A lighthouse', aspectRatio: '16:9', duration: 10 }).then(() => undefined, (rejection: unknown) => rejection)
    expect(GenerationFailedError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain(failed.failure!.message)
    expect(creates).toBe(1)
  })

  it('the V4 provider fails the same way through doStatus (error status carries the provider message)', async () => {
    const fetch = statusWalk('kie', () => ['fail'])
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const model = sorakit.video('sora-2-text-to-video')
    const started = await model.doStart(callOptions({ prompt: 'A lighthouse' }))
    const status = await model.doStatus({ operation: started.operation })
    const failed = await createSora({ provider: 'kie', apiKey, fetch: preferringFetch(() => 'example=fail'), ...mocks.urls('kie') }).getTask('task_1')
    expect(status).toMatchObject({ status: 'error', error: failed.failure!.message, providerMetadata: { sorakit: { failure: failed.failure } } })
  })
})

describe('webhooks', () => {
  it('only providers that sign their callbacks offer handleWebhookOption', () => {
    for (const provider of providerIds) {
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      for (const model of Object.values(sorakit.sora.capabilities.operations).flat()) {
        const offered = typeof sorakit.video(model.model as never).handleWebhookOption === 'function'
        expect(offered, `${provider} ${model.model}`).toBe(sorakit.sora.capabilities.signedCallbacks && model.options['callbackUrl'] !== undefined)
      }
    }
  })
})
