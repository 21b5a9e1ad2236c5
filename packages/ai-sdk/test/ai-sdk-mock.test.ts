import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mockProviders } from '@sorakit/mock'
import {
  createSora,
  GenerationFailedError,
  ModelUnavailableError,
  type SoraError,
  UnsupportedFeatureError,
  ValidationError,
  type BuiltInProviderId,
  type ModelCapabilities,
  type Sora,
  type SoraHandle,
  type SoraOperation,
} from '@sorakit/sora'
import { falWebhookKeys } from '@sorakit/sora/webhooks'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakit, createSorakitV3, type SorakitVideoModelV4 } from '../src/index.js'
import { callOptions } from './support/call-options.js'
import { defaultVideoCall } from './support/video-call.js'
import { exampleNamesFor, preferringFetch, providerIds, providerMocks } from './support/provider-mocks.js'

// The AI SDK provider against Prism mocks of the bundled documents, started with --errors: every
// request the facade sends for an AI SDK call must be valid for the provider's document.

const mocks = providerMocks()

const apiKey = 'mock-key'
const fastWait = { pollSchedule: [{ untilMs: Number.MAX_SAFE_INTEGER, minMs: 1, maxMs: 1 }] }

/** What the helpers below read of a facade, whichever provider's entry typed it. */
type FacadeFacts = Pick<Sora, 'provider' | 'capabilities'>

const imageUrl = (name: string) => ({ type: 'url', url: `https://example.com/${name}.png` }) as const

/** The first model of `operation` the provider sells today that takes every option of `takes` and none of `lacks`. */
function availableModel(
  sora: FacadeFacts,
  operation: SoraOperation,
  { takes = [], lacks = [] }: { takes?: string[]; lacks?: string[] } = {},
): ModelCapabilities {
  const model = sora.capabilities.operations[operation].find(
    (candidate) =>
      candidate.availability.status === 'available' &&
      takes.every((option) => option in candidate.options) &&
      lacks.every((option) => !(option in candidate.options)),
  )
  if (model === undefined)
    throw new Error(
      `${sora.provider} sells no ${operation} model taking ${takes.join(', ') || 'anything'} and lacking ${lacks.join(', ') || 'nothing'}`,
    )
  return model
}

/** The model a call without `model` runs (`capabilities.defaultModels`). */
function defaultModel(sora: FacadeFacts, operation: SoraOperation): string {
  const model = sora.capabilities.defaultModels[operation]
  if (model === undefined) throw new Error(`${sora.provider} declares no default ${operation} model`)
  return model
}

/** A fetch that records the JSON body of every create (POST to the API, not to the upload server). */
function recordingCreates(baseUrl: string) {
  const creates: Array<Record<string, any>> = []
  const fetch = async (request: Request) => {
    if (request.method === 'POST' && request.url.startsWith(baseUrl))
      creates.push(JSON.parse(await request.clone().text()))
    return globalThis.fetch(request)
  }
  return { fetch, creates }
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

// A required duration may be a documented range with no list (Seedance 1.5 Pro: 4-12): its minimum.
function durationFor(provider: string, model: ModelCapabilities): number | undefined {
  const option = model.options['durationSeconds']
  if (option === undefined) return undefined
  const values = option.values as number[] | undefined
  if (values !== undefined) return values[0]
  const table = mockProviders.find((candidate) => candidate.table.id === provider)!.table
  return option.required ? table.models[model.model]!.parameters[option.parameter]!.minimum : undefined
}

// Required provider parameters no facade option covers: an enum's first value, or a sample (Kling motion control's
// reference video).
const providerParameterSamples: Record<string, unknown> = { video_urls: ['https://example.com/motion-reference.mp4'] }

describe('doStart: every model of every provider, from the common AI SDK options', () => {
  for (const provider of providerIds) {
    it(`${provider}: a model on sale starts a task (the request is valid for the mock), a paused one is a ModelUnavailableError`, async () => {
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const served = Object.entries(sorakit.sora.capabilities.operations).flatMap(([operation, models]) =>
        models.map((model) => ({ operation, model })),
      )
      expect(served.some(({ model }) => model.availability.status === 'available')).toBe(true)
      for (const { operation, model } of served) {
        const options = callOptions({
          prompt: 'A paper boat on a rainy street',
          aspectRatio: '9:16',
          duration: durationFor(provider, model),
          generateAudio: true,
          image: model.options['imageUrl'] === undefined ? undefined : imageUrl('first-frame'),
          inputReferences:
            model.options['videoUrl'] === undefined
              ? undefined
              : [{ type: 'url', url: 'https://sora.chatgpt.com/p/s_68e83bd7eee88191be79d2ba7158516f' }],
          // What the AI SDK has no setting for travels as facade options.
          providerOptions: {
            sorakit: {
              ...(model.options['originTask'] === undefined
                ? {}
                : { originTask: 'task_1', clip: { startSeconds: 1, endSeconds: 3 } }),
              // Provider parameters no facade option covers, flat beside the facade's options.
              ...Object.fromEntries(
                Object.entries(model.providerOptions).flatMap(([name, option]) =>
                  option.required ? [[name, (option.values?.[0] ?? providerParameterSamples[name]) as string]] : [],
                ),
              ),
            },
          },
        })
        const start = sorakit.video(model.model as never).doStart(options)
        const where = `${provider} ${operation} ${model.model}`
        if (model.availability.status !== 'available') {
          const error = await Promise.resolve(start).then(
            () => undefined,
            (rejection: unknown) => rejection,
          )
          expect(ModelUnavailableError.isInstance(error), where).toBe(true)
          continue
        }
        const started = await start
        const handle = started.operation as unknown as SoraHandle
        expect(handle, where).toMatchObject({ provider, model: model.model, baseUrl: mocks.urls(provider).baseUrl })
        expect(handle.taskId).not.toBe('')
        expect(started.providerMetadata).toEqual({ sorakit: { provider, taskId: handle.taskId, model: model.model } })
        // Only the settings this model has no parameter for are reported.
        const expected = [
          ['aspectRatio', 'aspectRatio'],
          ['prompt', 'prompt'],
          ['generateAudio', 'audio'],
        ]
          .filter(
            ([, option]) =>
              model.options[option!] === undefined && !(option === 'prompt' && model.options['shots'] !== undefined),
          )
          .map(([feature]) => feature)
        expect(
          started.warnings
            .map((warning) => (warning.type === 'unsupported' ? warning.feature : warning.message))
            .sort(),
          where,
        ).toEqual(expected.sort())
      }
    })
  }

  it('kie.ai: a model serving text- and image-to-video (its default for both) runs image-to-video when the call brings a frame', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const model = defaultModel(sorakit.sora, 'textToVideo')
    expect(defaultModel(sorakit.sora, 'imageToVideo')).toBe(model)
    const imageParameter = sorakit.sora.capabilities.operations.imageToVideo.find(
      (candidate) => candidate.model === model,
    )!.options['imageUrl']!.parameter
    const video = sorakit.video(model as never)
    expect((await video.doStart(callOptions({ prompt: 'A lighthouse' }))).warnings).toEqual([])
    expect(
      (await video.doStart(callOptions({ prompt: 'The lighthouse turns on', image: imageUrl('lighthouse') }))).warnings,
    ).toEqual([])
    const [textCreate, imageCreate] = creates.map((body) => body['input'])
    expect(textCreate[imageParameter]).toBeUndefined()
    expect(imageCreate[imageParameter]).toEqual(['https://example.com/lighthouse.png'])
    // Only a last frame: image-to-video, which asks for the first one before any request.
    await expect(
      video.doStart(
        callOptions({ prompt: 'It ends here', frameImages: [{ frameType: 'last_frame', image: imageUrl('end') }] }),
      ),
    ).rejects.toMatchObject({ field: 'imageUrl' })
    expect(creates).toHaveLength(2)
  })
  it("kie.ai: an alias runs its model; one naming a model per operation (grok-imagine) follows the call's frames", async () => {
    const sorakit = createSorakit({ provider: 'kie', apiKey, ...mocks.urls('kie') })
    const { textToVideo, imageToVideo } = sorakit.sora.capabilities.operations
    const onSale = (model: ModelCapabilities) => model.availability.status === 'available'
    const [alias, textModel, imageModel] = textToVideo
      .filter(onSale)
      .flatMap((text) =>
        text.aliases.map(
          (name) =>
            [
              name,
              text,
              imageToVideo.find((image) => onSale(image) && image.model !== text.model && image.aliases.includes(name)),
            ] as const,
        ),
      )
      .find(([, , image]) => image !== undefined)!
    const video = sorakit.video(alias as never)
    expect(video.modelId).toBe(alias)
    const fromText = (
      await video.doStart(callOptions({ prompt: 'A lighthouse', duration: durationFor('kie', textModel) }))
    ).operation as unknown as SoraHandle
    const fromImage = (
      await video.doStart(
        callOptions({
          prompt: 'A lighthouse',
          image: imageUrl('lighthouse'),
          duration: durationFor('kie', imageModel!),
        }),
      )
    ).operation as unknown as SoraHandle
    expect([fromText.model, fromImage.model]).toEqual([textModel.model, imageModel!.model])
  })
})

describe('settings a model cannot take become warnings; values it cannot take are typed errors before any request', () => {
  it('a model with no ratio, resolution, last frame or seed: each of them and fps are reported, the task still starts', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const model = availableModel(sorakit.sora, 'imageToVideo', {
      takes: ['audio'],
      lacks: ['aspectRatio', 'resolution', 'lastFrameImageUrl', 'seed'],
    })
    const started = await sorakit.video(model.model as never).doStart(
      callOptions({
        prompt: 'A lighthouse',
        aspectRatio: '1:1',
        resolution: '1920x1080',
        fps: 24,
        seed: 7,
        generateAudio: true,
        frameImages: [
          { frameType: 'first_frame', image: imageUrl('first') },
          { frameType: 'last_frame', image: imageUrl('last') },
        ],
      }),
    )
    expect(started.warnings.map((warning) => warning.type === 'unsupported' && warning.feature)).toEqual([
      'aspectRatio',
      'resolution',
      'frameImages',
      'fps',
      'seed',
    ])
    expect((started.operation as unknown as SoraHandle).model).toBe(model.model)
    expect(creates[0]!['input'][model.options['audio']!.parameter]).toBe(true)
  })

  it('seed reaches a model that takes one; on one that does not (the default model) it is a warning', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const seeded = availableModel(sorakit.sora, 'textToVideo', { takes: ['seed'] })
    expect(
      (await sorakit.video(seeded.model as never).doStart(callOptions({ prompt: 'A lighthouse', seed: 7 }))).warnings,
    ).toEqual([])
    expect(creates[0]!['input'][seeded.options['seed']!.parameter]).toBe(7)
    const unseeded = defaultModel(sorakit.sora, 'textToVideo')
    expect(
      sorakit.sora.capabilities.operations.textToVideo.find((model) => model.model === unseeded)!.options['seed'],
    ).toBeUndefined()
    const started = await sorakit.video(unseeded as never).doStart(callOptions({ prompt: 'A lighthouse', seed: 7 }))
    expect(started.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'seed' })])
    expect(JSON.stringify(creates[1])).not.toContain('seed')
  })

  it('generateAudio reaches every model on sale that makes sound (Kling sound, Seedance generate_audio); elsewhere it is a warning', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const withSound = sorakit.sora.capabilities.operations.textToVideo.filter(
      (model) => model.availability.status === 'available' && 'audio' in model.options,
    )
    expect(withSound.length).toBeGreaterThan(1)
    for (const [index, model] of withSound.entries()) {
      const started = await sorakit.video(model.model as never).doStart(
        callOptions({
          prompt: 'Rain on a tin roof',
          generateAudio: index % 2 === 0,
          duration: durationFor('kie', model),
        }),
      )
      expect(started.warnings, model.model).toEqual([])
      expect(creates[index]!['input'][model.options['audio']!.parameter], model.model).toBe(index % 2 === 0)
    }
    const silent = availableModel(sorakit.sora, 'textToVideo', { lacks: ['audio'] })
    const started = await sorakit
      .video(silent.model as never)
      .doStart(callOptions({ prompt: 'Rain on a tin roof', generateAudio: true }))
    expect(started.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'generateAudio' })])
  })

  it('a last frame reaches lastFrameImageUrl on every model that takes one (Kling 3.0, Veo 3.1): second in image_urls', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const framed = sorakit.sora.capabilities.operations.imageToVideo.filter(
      (model) => model.availability.status === 'available' && 'lastFrameImageUrl' in model.options,
    )
    expect(framed.map((model) => model.model)).toEqual(expect.arrayContaining(['kling-3.0/video', 'veo-3-1']))
    for (const [index, model] of framed.entries()) {
      const frameImages = [
        { frameType: 'last_frame', image: imageUrl('dusk') },
        { frameType: 'first_frame', image: imageUrl('dawn') },
      ] as const
      const started = await sorakit
        .video(model.model as never)
        .doStart(callOptions({ prompt: 'From dawn to dusk', frameImages: [...frameImages] }))
      expect(started.warnings, model.model).toEqual([])
      expect(model.options['lastFrameImageUrl']!.parameter).toBe(model.options['imageUrl']!.parameter)
      expect(creates[index]!['input'][model.options['lastFrameImageUrl']!.parameter], model.model).toEqual([
        'https://example.com/dawn.png',
        'https://example.com/dusk.png',
      ])
    }
  })

  it("resolution: WxH becomes the model's NNNp / 4k value and, without aspectRatio, its nearest ratio; a model without resolution warns and keeps the ratio", async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    // Veo 3.1 documents 720p, 1080p and 4k, and an `Auto` ratio.
    const veo = sorakit.video('veo-3-1')
    for (const resolution of ['1920x1080', '720x1280', '3840x2160'] as const)
      expect((await veo.doStart(callOptions({ prompt: 'A lighthouse', resolution }))).warnings).toEqual([])
    expect(creates.map((body) => [body['input']['resolution'], body['input']['aspect_ratio']])).toEqual([
      ['1080p', '16:9'],
      ['720p', '9:16'],
      ['4k', '16:9'],
    ])
    // An explicit ratio wins; `adaptive` is the model's Auto.
    await veo.doStart(callOptions({ prompt: 'A lighthouse', resolution: '1280x720', aspectRatio: 'adaptive' }))
    expect(creates[3]!['input']).toMatchObject({ resolution: '720p', aspect_ratio: 'Auto' })
    // A model without resolution: the ratio nearest the size's shape (1792x1024 is 7:4), and a warning.
    const kling = sorakit.video(defaultModel(sorakit.sora, 'textToVideo') as never)
    const started = await kling.doStart(callOptions({ prompt: 'A lighthouse', resolution: '1792x1024' }))
    expect(started.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'resolution' })])
    expect(creates[4]!['input']['aspect_ratio']).toBe('16:9')
    const both = await kling.doStart(
      callOptions({ prompt: 'A lighthouse', resolution: '1920x1080', aspectRatio: '1:1' }),
    )
    expect(both.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'resolution' })])
    expect(creates[5]!['input']['aspect_ratio']).toBe('1:1')
  })

  it('a resolution, ratio or duration the model does not document fails with the facade error listing its values, and no task is created', async () => {
    const urls = mocks.urls('kie')
    const { fetch, creates } = recordingCreates(urls.baseUrl)
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const rejection = (promise: PromiseLike<unknown>) =>
      Promise.resolve(promise).then(
        () => undefined,
        (error: unknown) => error as SoraError,
      )
    const model = availableModel(sorakit.sora, 'textToVideo', {
      takes: ['durationSeconds', 'aspectRatio', 'resolution'],
    })
    const video = sorakit.video(model.model as never)
    const durations = model.options['durationSeconds']!.values as number[]
    const cases = [
      { field: 'durationSeconds', options: { duration: Math.max(...durations) + 1 } },
      { field: 'aspectRatio', options: { aspectRatio: '5:4' as const } },
      { field: 'resolution', options: { resolution: '1024x1792' as const } },
    ]
    for (const { field, options } of cases) {
      const error = await rejection(video.doStart(callOptions({ prompt: 'A lighthouse', ...options })))
      expect(ValidationError.isInstance(error) || UnsupportedFeatureError.isInstance(error), field).toBe(true)
      expect(error!.field).toBe(field)
      expect(error!.supported).toEqual(expect.arrayContaining(model.options[field]!.values!))
    }
    expect(creates).toEqual([])
  })

  it('an unknown model id is refused with the provider models listed', () => {
    const sorakit = createSorakit({ provider: 'vtrix', apiKey, ...mocks.urls('vtrix') })
    // @ts-expect-error: model ids are typed from the generated table (this one is kie.ai's)
    expect(() => sorakit.video('kling-3.0/video')).toThrow(ValidationError)
    const models = [
      ...new Set(
        Object.values(sorakit.sora.capabilities.operations)
          .flat()
          .map((model) => model.model),
      ),
    ]
    expect(() => sorakit.videoModel('nope' as never)).toThrow(models.join(', '))
  })
})

describe('a paused model', () => {
  it('kie.ai Sora: doStart rejects with ModelUnavailableError (not retryable) from the one create, and no task exists to poll', async () => {
    const requests: string[] = []
    const fetch = (request: Request) => {
      requests.push(request.method)
      return globalThis.fetch(request)
    }
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const paused = sorakit.sora.capabilities.operations.textToVideo.find(
      (model) => model.availability.status === 'paused',
    )!
    expect(paused.model).toMatch(/^sora-/)
    const error = await sorakit
      .video(paused.model as never)
      .doStart(callOptions({ prompt: 'A lighthouse' }))
      .then(
        () => undefined,
        (rejection: unknown) => rejection as SoraError,
      )
    expect(ModelUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'model-unavailable', retryable: false, provider: 'kie' })
    expect(requests).toEqual(['POST'])
  })
})

describe('image bytes', () => {
  it("kie.ai: first and last frame bytes are uploaded first and the uploaded URLs are the create's frames", async () => {
    const exchanges: Array<{ url: string; sent: Uint8Array; answer: string }> = []
    const fetch = async (request: Request) => {
      const sent = new Uint8Array(await request.clone().arrayBuffer())
      const response = await globalThis.fetch(request)
      exchanges.push({ url: request.url, sent, answer: await response.clone().text() })
      return response
    }
    const urls = mocks.urls('kie')
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...urls })
    const model = availableModel(sorakit.sora, 'imageToVideo', { takes: ['lastFrameImageUrl'] })
    const png = (marker: number) =>
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x6b, 0x69, 0x65, marker])
    const [first, last] = [png(1), png(2)]
    const started = await sorakit.video(model.model as never).doStart(
      callOptions({
        prompt: 'It moves',
        image: { type: 'file', mediaType: 'image/png', data: first },
        frameImages: [{ frameType: 'last_frame', image: { type: 'file', mediaType: 'image/png', data: last } }],
      }),
    )
    expect(started.warnings).toEqual([])
    expect(exchanges.map((exchange) => exchange.url.startsWith(urls.uploadBaseUrl!))).toEqual([true, true, false])
    const [firstUpload, lastUpload, create] = exchanges as [
      (typeof exchanges)[0],
      (typeof exchanges)[0],
      (typeof exchanges)[0],
    ]
    expect(Buffer.from(firstUpload.sent).includes(Buffer.from(first))).toBe(true)
    expect(Buffer.from(lastUpload.sent).includes(Buffer.from(last))).toBe(true)
    const frames = JSON.parse(new TextDecoder().decode(create.sent)).input[
      model.options['imageUrl']!.parameter
    ] as string[]
    expect(frames).toHaveLength(2)
    expect(frames.every((url) => /^https?:\/\//.test(url))).toBe(true)
    expect(firstUpload.answer).toContain(JSON.stringify(frames[0]))
    expect(lastUpload.answer).toContain(JSON.stringify(frames[1]))
  })

  it('vtrix.ai has no uploads: bytes fail with a typed error saying to pass a URL', async () => {
    const sorakit = createSorakit({ provider: 'vtrix', apiKey, ...mocks.urls('vtrix') })
    const model = sorakit.video(availableModel(sorakit.sora, 'imageToVideo').model as never)
    await expect(
      model.doStart(
        callOptions({ prompt: 'It moves', image: { type: 'file', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }),
      ),
    ).rejects.toThrow(/type: 'url'/)
  })
})

describe('doStatus: every documented task state, as the facade reads it', () => {
  for (const provider of providerIds) {
    it(`${provider}: pending, completed or error, with progress, failure, cost and character in providerMetadata`, async () => {
      const plain = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const { model, imageUrl } = defaultVideoCall(plain.sora.capabilities)
      const image = imageUrl === undefined ? {} : { image: { type: 'url' as const, url: imageUrl } }
      const handle = (await plain.video(model as never).doStart(callOptions({ prompt: 'A lighthouse', ...image })))
        .operation as unknown as SoraHandle
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
        const answer = await createSorakit({ provider, apiKey, fetch, ...mocks.urls(provider) })
          .video(model as never)
          .doStatus({ operation: handle as never })
          .then(
            (status) => status,
            (error: unknown) => error as GenerationFailedError,
          )
        if (task.status === 'failed') {
          // Thrown with its failure (content policy or generation), not answered { status: 'error' }.
          expect(GenerationFailedError.isInstance(answer)).toBe(true)
          expect((answer as GenerationFailedError).failure).toEqual(task.failure)
          expect((answer as GenerationFailedError).message).toContain(task.failure!.message)
          seen.add('error')
          continue
        }
        const status = answer as Awaited<ReturnType<SorakitVideoModelV4<string>['doStatus']>>
        seen.add(status.status)
        const metadata = status.providerMetadata!['sorakit']!
        expect(metadata).toMatchObject({
          taskId: task.taskId,
          status: task.status,
          progress: task.progress,
          failure: task.failure,
          cost: task.cost,
          characterId: task.characterId,
        })
        if (task.status === 'succeeded')
          expect(status).toMatchObject({
            status: 'completed',
            videos: task.videoUrls.map((url) => ({ type: 'url', url, mediaType: 'video/mp4' })),
          })
        else expect(status.status).toBe('pending')
      }
      expect([...seen].sort()).toEqual(['completed', 'error', 'pending'])
    })
  }

  it("a handle of another provider is refused, never sent to this provider's host", async () => {
    const kie = createSorakit({ provider: 'kie', apiKey, ...mocks.urls('kie') })
    const vtrix = createSora({ provider: 'vtrix', apiKey, ...mocks.urls('vtrix') })
    const foreign: SoraHandle = {
      provider: 'vtrix',
      taskId: 't',
      model: defaultModel(vtrix, 'textToVideo'),
      baseUrl: mocks.urls('vtrix').baseUrl,
      createdAt: new Date().toISOString(),
    }
    await expect(
      kie.video(defaultModel(kie.sora, 'textToVideo') as never).doStatus({ operation: foreign as never }),
    ).rejects.toThrow(ValidationError)
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
    const failed = await createSora({
      provider: 'kie',
      apiKey,
      fetch: preferringFetch(() => 'example=fail'),
      ...mocks.urls('kie'),
    }).getTask('task_1')
    const model = sorakit.video(defaultModel(sorakit.sora, 'textToVideo') as never)
    const error = await generateVideo({
      model,
      prompt: 'A lighthouse',
      aspectRatio: '16:9',
      duration: 10,
      generateAudio: true,
    }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    )
    expect(GenerationFailedError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain(failed.failure!.message)
    expect(creates).toBe(1)
  })

  it('the V4 provider fails the same way through doStatus: GenerationFailedError with the failure and its kind', async () => {
    const fetch = statusWalk('kie', () => ['fail'])
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const model = sorakit.video(defaultModel(sorakit.sora, 'textToVideo') as never)
    const started = await model.doStart(callOptions({ prompt: 'A lighthouse' }))
    const error = await model.doStatus({ operation: started.operation }).then(
      () => undefined,
      (rejection: unknown) => rejection as GenerationFailedError,
    )
    const failed = await createSora({
      provider: 'kie',
      apiKey,
      fetch: preferringFetch(() => 'example=fail'),
      ...mocks.urls('kie'),
    }).getTask('task_1')
    expect(GenerationFailedError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'generation-failed', failure: failed.failure })
    expect(error!.message).toContain(failed.failure!.message)
  })
})

describe('webhooks', () => {
  // Each signing family's deliveries, from the mock to a receiver, verified as the family signs before the AI SDK
  // re-fetches: fal's with the mock's JWKS (`webhookKeys`), a forged one refused.
  const keyPairProviders = providerIds.filter((provider) => {
    const { capabilities } = createSorakit({ provider, apiKey, ...mocks.urls(provider) }).sora
    return capabilities.family === 'fal' && capabilities.signedCallbacks
  })
  it.each(keyPairProviders)('%s: a delivery verifies with webhookKeys; a tampered one is refused', async (provider) => {
    const deliveries: Array<{ headers: Record<string, string>; body: string }> = []
    const receiver = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        deliveries.push({ headers: request.headers as Record<string, string>, body })
        response.end('ok')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const { baseUrl } = mocks.urls(provider)
      const keys = falWebhookKeys({ url: `${baseUrl}/__mock/jwks.json` })
      const sorakit = createSorakit({ provider, apiKey, webhookKeys: keys, ...mocks.urls(provider) })
      const { model, imageUrl } = defaultVideoCall(sorakit.sora.capabilities)
      const video = sorakit.video(model as never)
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
      const arrived = expect.poll(() => deliveries.length, { timeout: 10_000 }).toBeGreaterThan(0)
      const image = imageUrl === undefined ? {} : { image: { type: 'url' as const, url: imageUrl } }
      await video.doStart({ ...callOptions({ prompt: 'A horse runs', ...image }), webhookUrl: url })
      await arrived
      const [delivery] = deliveries
      const offered = await video.handleWebhookOption!({
        webhook: async () => ({ url, received: Promise.resolve({ headers: delivery!.headers, body: delivery!.body }) }),
      })
      expect(await offered.received).toMatchObject({ body: delivery!.body })
      const tampered = await video.handleWebhookOption!({
        webhook: async () => ({
          url,
          received: Promise.resolve({ headers: delivery!.headers, body: delivery!.body.replace('OK', 'ERROR') }),
        }),
      })
      await expect(tampered.received).rejects.toMatchObject({ reason: 'bad-signature' })
    } finally {
      receiver.close()
    }
  })

  it('only providers that sign their callbacks offer handleWebhookOption', () => {
    for (const provider of providerIds) {
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      for (const model of Object.values(sorakit.sora.capabilities.operations).flat()) {
        const offered = typeof sorakit.video(model.model as never).handleWebhookOption === 'function'
        expect(offered, `${provider} ${model.model}`).toBe(
          sorakit.sora.capabilities.signedCallbacks && model.options['callbackUrl'] !== undefined,
        )
      }
    }
  })
})
