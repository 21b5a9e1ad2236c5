import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sampleVideoBytes } from '@sorakit/mock/msw'
import { createSora, GenerationFailedError, ModelUnavailableError } from '@sorakit/sora'
import { falWebhookKeys } from '@sorakit/sora/webhooks'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakit } from '../src/index.js'
import { providerIds, providerMocks } from '../test/support/provider-mocks.js'
import { defaultVideoCall } from '../test/support/video-call.js'

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
      const { model, imageUrl } = defaultVideoCall(sorakit.sora.capabilities)
      const text = 'A paper boat drifting down a rainy street'
      const result = await generateVideo({
        model: sorakit.video(model as never),
        prompt: imageUrl === undefined ? text : { image: imageUrl, text },
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
      const { model, imageUrl } = defaultVideoCall(sora.capabilities)
      const text = 'A lighthouse #mock:fail'
      const started =
        imageUrl === undefined
          ? sora.textToVideo({ prompt: text, model })
          : sora.imageToVideo({ prompt: text, model, imageUrl })
      const expected = (await sora
        .wait(await started, {
          pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 15, maxMs: 30 }],
        })
        .then(
          () => undefined,
          (rejection: unknown) => rejection,
        )) as GenerationFailedError
      const sorakit = createSorakit({ provider, apiKey, ...mocks.urls(provider) })
      const error = await generateVideo({
        model: sorakit.video(model as never),
        prompt: imageUrl === undefined ? text : { image: imageUrl, text },
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

  // What each signing family verifies the mock's deliveries with: kie.ai's HMAC key, fal's keys (the mock's JWKS).
  const verification: Record<string, (provider: string) => object> = {
    kie: () => ({ webhookSecret: mocks.webhookKey }),
    fal: (provider) => ({
      webhookKeys: falWebhookKeys({ url: `${mocks.urls(provider).baseUrl}/__mock/jwks.json` }),
    }),
  }
  const signing = providerIds.filter((provider) => {
    const { capabilities } = createSora({ provider, apiKey, ...mocks.urls(provider) })
    return capabilities.signedCallbacks && Object.hasOwn(verification, capabilities.family)
  })
  it.each(signing)(
    '%s: the mock signs its callback, it verifies, the SDK re-fetches once and returns the MP4',
    async (provider) => {
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
        const sorakit = createSorakit({
          provider,
          apiKey,
          ...verification[createSora({ provider, apiKey }).capabilities.family]!(provider),
          ...mocks.urls(provider),
        })
        const { model, imageUrl } = defaultVideoCall(sorakit.sora.capabilities)
        // The SDK's re-fetches: one `doStatus` once the verified delivery arrived (fal's reads the status and the
        // result).
        const video = sorakit.video(model as never)
        let statusCalls = 0
        const doStatus = video.doStatus.bind(video)
        video.doStatus = (options) => ((statusCalls += 1), doStatus(options))
        const result = await generateVideo({
          model: video,
          prompt: imageUrl === undefined ? 'A paper boat' : { image: imageUrl, text: 'A paper boat' },
          webhook: async () => ({
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
            received,
          }),
        })
        expect(statusCalls).toBe(1)
        expect(Buffer.from(result.video.uint8Array).equals(sampleVideoBytes())).toBe(true)
      } finally {
        server.close()
      }
    },
  )
})
