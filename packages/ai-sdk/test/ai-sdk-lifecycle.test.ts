import { sampleVideoBytes } from '@sorakit/mock/msw'
import { createSora, GenerationFailedError, ModelUnavailableError, type SoraError } from '@sorakit/sora'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakitV3 } from '../src/index.js'
import { callOptions } from './support/call-options.js'
import { providerIds, providerMocks } from './support/provider-mocks.js'
import { defaultVideoCall } from './support/video-call.js'

// ai 6 with the V3 provider against the lifecycle mock: tasks queue, progress and finish on their own,
// results are a real MP4 the mock serves, `#mock:fail` in a prompt fails the task as the provider would,
// a model the manifest does not mark available is refused at its create as the provider refuses it.

const mocks = providerMocks()

const apiKey = 'mock-key'
const wait = { pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 15, maxMs: 30 }] }

describe.concurrent('ai 6: experimental_generateVideo against the lifecycle mock', () => {
  for (const provider of providerIds) {
    // No `download` function: the provider hands over the bytes of a video on a loopback host, which the
    // AI SDK would refuse to download (`URL with IP address 127.0.0.1 is not allowed`).
    it(`${provider}: returns the mock's MP4 bytes, with the task and its video URL in providerMetadata`, async () => {
      const sorakit = createSorakitV3({ provider, apiKey, wait, ...mocks.urls(provider) })
      // The model a facade call without `model` runs: one the provider sells today.
      const { model, imageUrl } = defaultVideoCall(sorakit.sora.capabilities)
      const text = 'A paper boat drifting down a rainy street'
      const result = await generateVideo({
        model: sorakit.video(model as never),
        prompt: imageUrl === undefined ? text : { image: imageUrl, text },
        aspectRatio: '9:16',
      })
      // A 9:16 request plays the mock's portrait sample video, on a model that takes a ratio (an image-to-video model
      // without one keeps its image's, and the mock plays its landscape video).
      const takesRatio = Object.values(sorakit.sora.capabilities.operations)
        .flat()
        .some((entry) => entry.model === model && 'aspectRatio' in entry.options)
      const orientation = takesRatio ? 'portrait' : 'landscape'
      expect(Buffer.from(result.video.uint8Array).equals(sampleVideoBytes(orientation))).toBe(true)
      expect(result.video.mediaType).toBe('video/mp4')
      expect(result.providerMetadata['sorakit']).toMatchObject({
        provider,
        status: 'succeeded',
        progress: 1,
        failure: null,
        videoUrls: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/.+\.mp4/)],
      })
    })

    it(`${provider}: #mock:fail rejects with the facade's GenerationFailedError and the provider's message`, async () => {
      const sora = createSora({ provider, apiKey, ...mocks.urls(provider) })
      const { model, imageUrl } = defaultVideoCall(sora.capabilities)
      const text = 'A lighthouse #mock:fail'
      const started =
        imageUrl === undefined
          ? sora.textToVideo({ prompt: text, model })
          : sora.imageToVideo({ prompt: text, model, imageUrl })
      const expected = await sora.wait(await started, wait).then(
        () => undefined,
        (rejection: unknown) => rejection as GenerationFailedError,
      )
      const sorakit = createSorakitV3({ provider, apiKey, wait, ...mocks.urls(provider) })
      const error = await generateVideo({
        model: sorakit.video(model as never),
        prompt: imageUrl === undefined ? text : { image: imageUrl, text },
      }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      )
      expect(GenerationFailedError.isInstance(error)).toBe(true)
      expect((error as GenerationFailedError).failure).toEqual(expected!.failure)
      expect((error as Error).message).toContain(expected!.failure!.message)
    })
  }

  it('kie.ai: a paused model rejects with ModelUnavailableError from its create; no task, no status request', async () => {
    const requests: string[] = []
    const fetch = (request: Request) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`)
      return globalThis.fetch(request)
    }
    const sorakit = createSorakitV3({ provider: 'kie', apiKey, wait, fetch, ...mocks.urls('kie') })
    const paused = Object.values(sorakit.sora.capabilities.operations)
      .flat()
      .find((model) => model.availability.status === 'paused' && 'prompt' in model.options)!
    const error = await generateVideo({
      model: sorakit.video(paused.model as never),
      prompt: 'A lighthouse',
    }).then(
      () => undefined,
      (rejection: unknown) => rejection as SoraError,
    )
    expect(ModelUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'model-unavailable', retryable: false })
    expect(error!.message).toContain('temporarily paused')
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatch(/^POST /)
  })
})

describe('videoData: how finished videos reach the AI SDK', () => {
  it("'url' hands the URL over, and the AI SDK itself refuses a loopback one (what the default avoids)", async () => {
    const sorakit = createSorakitV3({ provider: 'vtrix', apiKey, wait, videoData: 'url', ...mocks.urls('vtrix') })
    const model = sorakit.sora.capabilities.defaultModels.textToVideo!
    const error = await generateVideo({ model: sorakit.video(model as never), prompt: 'A paper boat' }).then(
      () => undefined,
      (rejection: unknown) => rejection as Error,
    )
    expect(error?.message).toMatch(/127\.0\.0\.1 is not allowed/)
  })

  it('a video the provider cannot download is its typed error (an expired one: NotFoundError)', async () => {
    const fetch = (request: Request) =>
      new URL(request.url).pathname.startsWith('/__mock/media/')
        ? Promise.resolve(new Response('gone', { status: 404 }))
        : globalThis.fetch(request)
    const sorakit = createSorakitV3({ provider: 'vtrix', apiKey, wait, fetch, ...mocks.urls('vtrix') })
    const model = sorakit.sora.capabilities.defaultModels.textToVideo!
    const error = await generateVideo({ model: sorakit.video(model as never), prompt: 'A paper boat' }).then(
      () => undefined,
      (rejection: unknown) => rejection as SoraError,
    )
    expect(error).toMatchObject({ kind: 'not-found', status: 404, provider: 'vtrix' })
  })

  it('refuses a value it does not know when the provider is made', () => {
    expect(() => createSorakitV3({ provider: 'vtrix', apiKey, videoData: 'bytes' as never })).toThrow(
      expect.objectContaining({ kind: 'validation', field: 'videoData' }),
    )
  })
})

describe('an image for a model that takes none', () => {
  it('is refused before any create, naming the image-to-video models on sale (no text-to-video task is billed)', async () => {
    let checked = 0
    for (const provider of providerIds) {
      const requests: string[] = []
      const fetch = (request: Request) => {
        requests.push(`${request.method} ${new URL(request.url).pathname}`)
        return globalThis.fetch(request)
      }
      const sorakit = createSorakitV3({ provider, apiKey, wait, fetch, ...mocks.urls(provider) })
      const { operations } = sorakit.sora.capabilities
      const imageModels = (operations.imageToVideo ?? []).filter((model) => model.availability.status === 'available')
      const textOnly = (operations.textToVideo ?? []).find(
        (model) =>
          model.availability.status === 'available' &&
          !(operations.imageToVideo ?? []).some((other) => other.model === model.model),
      )
      if (textOnly === undefined) continue
      // The model's own call, as the AI SDK makes it for `prompt: { image, text }`.
      const error = await sorakit
        .video(textOnly.model as never)
        .doGenerate(
          callOptions({ prompt: 'The boat sails away', image: { type: 'url', url: 'https://example.com/frame.png' } }),
        )
        .then(
          () => undefined,
          (rejection: unknown) => rejection as SoraError,
        )
      expect(error).toMatchObject({ kind: 'unsupported-feature', field: 'image' })
      expect(error?.supported).toEqual(imageModels.map((model) => model.model))
      expect(requests).toEqual([])
      checked += 1
    }
    expect(checked, 'some provider sells a text-only model').toBeGreaterThan(0)
  })
})
