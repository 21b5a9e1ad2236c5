import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sampleVideoBytes } from '@sorakit/mock/msw'
import { createSora, GenerationFailedError, ModelUnavailableError } from '@sorakit/sora'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakit } from '../src/index.js'
import { providerIds, providerMocks } from '../test/support/provider-mocks.js'

// ai 7 with the V4 provider against the lifecycle mock: the SDK's own polling (or the mock's signed
// callback) until the task finishes, and the real MP4 the mock serves.

const mocks = providerMocks()

const apiKey = 'mock-key'
const poll = { intervalMs: 30 }

describe.concurrent('ai 7: experimental_generateVideo against the lifecycle mock', () => {
  for (const provider of providerIds) {
    it(`${provider}: polls doStatus until the task succeeds and returns the mock's MP4 bytes`, async () => {
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      // The model a facade call without `model` runs: one the provider sells today.
      const model = sorakit.sora.capabilities.defaultModels.textToVideo!
      const result = await generateVideo({
        model: sorakit.video(model as never),
        prompt: 'A paper boat drifting down a rainy street',
        aspectRatio: '16:9',
        poll,
        // No `download`: the provider hands over the bytes of a video on a loopback host (a mock).
      })
      expect(Buffer.from(result.video.uint8Array).equals(sampleVideoBytes())).toBe(true)
      expect(result.video.mediaType).toBe('video/mp4')
      expect(result.providerMetadata['sorakit']).toMatchObject({ provider, status: 'succeeded', progress: 1 })
    })

    it(`${provider}: #mock:fail surfaces as the SDK's error with the provider's message`, async () => {
      const sora = createSora({ provider, apiKey, ...mocks.urls(provider) })
      const expected = (await sora
        .wait(await sora.textToVideo({ prompt: 'A lighthouse #mock:fail' }), {
          pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 15, maxMs: 30 }],
        })
        .then(
          () => undefined,
          (rejection: unknown) => rejection,
        )) as GenerationFailedError
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const model = sorakit.sora.capabilities.defaultModels.textToVideo!
      const error = await generateVideo({
        model: sorakit.video(model as never),
        prompt: 'A lighthouse #mock:fail',
        poll,
      }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      )
      // The facade's error, with the failure's kind, not the plain Error ai 7 makes of a { status: 'error' }.
      expect(GenerationFailedError.isInstance(error)).toBe(true)
      expect((error as GenerationFailedError).failure).toEqual(expected.failure)
      expect((error as Error).message).toContain(expected.failure!.message)
    })
  }

  it('kie.ai: a paused model (Sora) rejects with ModelUnavailableError from doStart; the SDK never polls', async () => {
    const requests: string[] = []
    const fetch = (request: Request) => {
      requests.push(request.method)
      return globalThis.fetch(request)
    }
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const paused = sorakit.sora.capabilities.operations.textToVideo.find(
      (model) => model.availability.status === 'paused',
    )!
    const error = await generateVideo({
      model: sorakit.video(paused.model as never),
      prompt: 'A lighthouse',
      poll,
    }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    )
    expect(ModelUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'model-unavailable', retryable: false })
    expect(requests).toEqual(['POST'])
  })

  it('kie.ai: the mock signs its callback, webhookSecret verifies it, the SDK re-fetches once and returns the MP4', async () => {
    let deliver: (delivery: { headers: Record<string, string>; body: never }) => void = () => {}
    const received = new Promise<{ headers: Record<string, string>; body: never }>((resolve) => {
      deliver = resolve
    })
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        response.end('ok')
        deliver({
          headers: request.headers as Record<string, string>,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never,
        })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      let statusReads = 0
      const fetch = (request: Request) => {
        // Status reads only: the video's bytes come through this fetch too (a loopback video is handed over as bytes).
        const { pathname } = new URL(request.url)
        if (
          request.method === 'GET' &&
          request.url.startsWith(mocks.urls('kie').baseUrl) &&
          !pathname.startsWith('/__mock/media/')
        )
          statusReads += 1
        return globalThis.fetch(request)
      }
      const sorakit = createSorakit({
        provider: 'kie',
        apiKey,
        fetch,
        webhookSecret: mocks.webhookKey,
        ...mocks.urls('kie'),
      })
      const result = await generateVideo({
        model: sorakit.video('kling-3.0/video'),
        prompt: 'A paper boat',
        webhook: async () => ({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received }),
      })
      expect(statusReads).toBe(1)
      expect(Buffer.from(result.video.uint8Array).equals(sampleVideoBytes())).toBe(true)
    } finally {
      server.close()
    }
  })
})
