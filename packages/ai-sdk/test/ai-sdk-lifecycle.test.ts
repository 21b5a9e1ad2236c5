import { readFile } from 'node:fs/promises'
import { sampleVideoFile } from '@sorakit/mock'
import { createSora, GenerationFailedError, ModelUnavailableError, type SoraError } from '@sorakit/sora'
import { experimental_generateVideo as generateVideo } from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakitV3 } from '../src/index.js'
import { loopbackDownload, providerIds, providerMocks } from './support/provider-mocks.js'

// ai 6 with the V3 provider against the lifecycle mock: tasks queue, progress and finish on their own,
// results are a real MP4 the mock serves, `#mock:fail` in a prompt fails the task as the provider would,
// a model the manifest does not mark available is refused at its create as the provider refuses it.

const mocks = providerMocks()

const apiKey = 'mock-key'
const wait = { pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 15, maxMs: 30 }] }

describe.concurrent('ai 6: experimental_generateVideo against the lifecycle mock', () => {
  for (const provider of providerIds) {
    it(`${provider}: returns the mock's MP4 bytes, with the task in providerMetadata`, async () => {
      const sorakit = createSorakitV3({ provider, apiKey, wait, ...mocks.urls(provider) })
      // The model a facade call without `model` runs: one the provider sells today.
      const model = sorakit.sora.capabilities.defaultModels.textToVideo!
      const result = await generateVideo({
        model: sorakit.video(model as never),
        prompt: 'A paper boat drifting down a rainy street',
        aspectRatio: '9:16',
        download: loopbackDownload,
      })
      expect(Buffer.from(result.video.uint8Array).equals(await readFile(sampleVideoFile))).toBe(true)
      expect(result.video.mediaType).toBe('video/mp4')
      expect(result.providerMetadata['sorakit']).toMatchObject({
        provider,
        status: 'succeeded',
        progress: 1,
        failure: null,
      })
    })

    it(`${provider}: #mock:fail rejects with the facade's GenerationFailedError and the provider's message`, async () => {
      const sora = createSora({ provider, apiKey, ...mocks.urls(provider) })
      const expected = await sora.wait(await sora.textToVideo({ prompt: 'A lighthouse #mock:fail' }), wait).then(
        () => undefined,
        (rejection: unknown) => rejection as GenerationFailedError,
      )
      const sorakit = createSorakitV3({ provider, apiKey, wait, ...mocks.urls(provider) })
      const model = sorakit.sora.capabilities.defaultModels.textToVideo!
      const error = await generateVideo({
        model: sorakit.video(model as never),
        prompt: 'A lighthouse #mock:fail',
        download: loopbackDownload,
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
      download: loopbackDownload,
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
