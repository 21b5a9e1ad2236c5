import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSora, GenerationFailedError, type SoraHandle } from '@sorakit/sora'
import { WebhookVerificationError } from '@sorakit/sora/webhooks'
import {
  experimental_generateVideo as generateVideo,
  experimental_getVideoStatus as getVideoStatus,
  experimental_startVideo as startVideo,
} from 'ai'
import { describe, expect, it } from 'vitest'
import { createSorakit, createSorakitV3 } from '../src/index.js'
import { callOptions } from '../test/support/call-options.js'
import { exampleNamesFor, preferringFetch, providerMocks } from '../test/support/provider-mocks.js'

// ai 7 (Node >= 22) with the V4 provider against the Prism mocks: the SDK's own start/status loop,
// webhook flow and error handling around the sorakit models.

const mocks = providerMocks()

const apiKey = 'mock-key'

/** Prism answers each status request with the next named example; creates and uploads are counted. */
function walkingFetch(provider: 'kie' | 'apikley' | 'vtrix', states: (names: string[]) => string[]) {
  const counts = { creates: 0, polls: 0 }
  const fetch = preferringFetch((request) => {
    if (request.method !== 'GET') {
      counts.creates += 1
      return undefined
    }
    const names = states(exampleNamesFor(provider, request))
    const name = names[Math.min(counts.polls, names.length - 1)]
    counts.polls += 1
    return `example=${name}`
  })
  return { fetch, counts }
}

/** A local endpoint standing in for the user's webhook route: `received` resolves with the first delivery. */
async function startWebhookReceiver() {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sorakit-callback`,
    received,
    close: () => server.close(),
  }
}

describe('ai 7: experimental_generateVideo over doStart/doStatus', () => {
  it('a failed task surfaces as GenerationFailedError with its kind and message; one create, polled until it failed', async () => {
    const { fetch, counts } = walkingFetch('kie', () => ['waiting', 'generating', 'fail'])
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    const failed = await createSora({
      provider: 'kie',
      apiKey,
      fetch: preferringFetch(() => 'example=fail'),
      ...mocks.urls('kie'),
    }).getTask('task_1')
    const error = await generateVideo({
      model: sorakit.video('kling-3.0/video'),
      prompt: 'A lighthouse',
      aspectRatio: '16:9',
      duration: 10,
      poll: { intervalMs: 1 },
    }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    )
    // The facade's error with the failure's kind (here content policy), not a plain Error of the message.
    expect(error).toMatchObject({ kind: 'generation-failed', failure: { kind: failed.failure!.kind } })
    expect((error as Error).message).toContain(failed.failure!.message)
    expect(counts).toEqual({ creates: 1, polls: 3 })
  })

  it('vtrix.ai: a succeeded task hands the result URL to the download, with progress and cost in providerMetadata', async () => {
    const { fetch: walking } = walkingFetch('vtrix', (names) => names.filter((name) => name !== 'failed'))
    // The lifecycle mock gives the create a fresh task id; the polls answer Prism's named examples.
    let createdTaskId = ''
    const fetch = async (request: Request) => {
      const response = await walking(request)
      if (request.method === 'POST') createdTaskId = ((await response.clone().json()) as { id: string }).id
      return response
    }
    const sorakit = createSorakit({ provider: 'vtrix', apiKey, fetch, ...mocks.urls('vtrix') })
    const succeeded = await createSora({
      provider: 'vtrix',
      apiKey,
      fetch: preferringFetch(() => 'example=completed'),
      ...mocks.urls('vtrix'),
    }).getTask('task_1')
    const downloaded: string[] = []
    // Prism serves JSON only: its result URLs point at the provider's CDN, so the download is recorded and answered
    // with no bytes here.
    const result = await generateVideo({
      model: sorakit.video('sora_2_pro_t2v'),
      prompt: 'A lighthouse',
      aspectRatio: '9:16',
      poll: { intervalMs: 1 },
      download: async ({ url }) => {
        downloaded.push(url.href)
        return { data: new Uint8Array(), mediaType: 'video/mp4' }
      },
    })
    expect(downloaded).toEqual(succeeded.videoUrls)
    expect(createdTaskId).not.toBe('')
    expect(result.providerMetadata['sorakit']).toMatchObject({
      status: 'succeeded',
      progress: 1,
      cost: succeeded.cost,
      taskId: createdTaskId,
    })
  })

  it('kie.ai signs callbacks: the webhook URL becomes callBackUrl and the SDK re-fetches the task once the delivery arrives', async () => {
    const receiver = await startWebhookReceiver()
    try {
      const { fetch, counts } = walkingFetch('kie', () => ['success'])
      const sent: string[] = []
      const recording = (request: Request) => {
        if (request.method === 'POST')
          void request
            .clone()
            .text()
            .then((body) => sent.push(body))
        return fetch(request)
      }
      const sorakit = createSorakit({ provider: 'kie', apiKey, fetch: recording, ...mocks.urls('kie') })
      const downloaded: string[] = []
      const result = await generateVideo({
        model: sorakit.video('kling-3.0/video'),
        prompt: 'A lighthouse',
        webhook: async () => ({ url: receiver.url, received: receiver.received }),
        download: async ({ url }) => {
          downloaded.push(url.href)
          return { data: new Uint8Array(), mediaType: 'video/mp4' }
        },
      })
      expect(JSON.parse(sent[0]!).callBackUrl).toBe(receiver.url)
      // Prism delivered the documented callback; the SDK then asked doStatus once instead of polling.
      expect(counts.polls).toBe(1)
      expect(downloaded.length).toBeGreaterThan(0)
      expect(result.providerMetadata['sorakit']).toMatchObject({ status: 'succeeded' })
    } finally {
      receiver.close()
    }
  })

  it('with webhookSecret, a delivery whose signature does not verify is refused before any status request', async () => {
    const receiver = await startWebhookReceiver()
    try {
      const { fetch, counts } = walkingFetch('kie', () => ['success'])
      // Prism's callback carries the documented example headers, not a signature made with this key.
      const sorakit = createSorakit({
        provider: 'kie',
        apiKey,
        fetch,
        webhookSecret: 'the-real-webhook-key',
        ...mocks.urls('kie'),
      })
      const error = await generateVideo({
        model: sorakit.video('kling-3.0/video'),
        prompt: 'A lighthouse',
        webhook: async () => ({ url: receiver.url, received: receiver.received }),
      }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      )
      expect(WebhookVerificationError.isInstance(error)).toBe(true)
      expect(counts).toEqual({ creates: 1, polls: 0 })
    } finally {
      receiver.close()
    }
  })

  it('a provider without signed callbacks is polled: the SDK warns that the webhook is unsupported', async () => {
    const { fetch } = walkingFetch('apikley', () => ['fail'])
    const sorakit = createSorakit({ provider: 'apikley', apiKey, fetch, ...mocks.urls('apikley') })
    let webhookCreated = false
    await expect(
      generateVideo({
        model: sorakit.video('sora-2-pro-text-to-video'),
        prompt: 'A lighthouse',
        poll: { intervalMs: 1 },
        webhook: async () => {
          webhookCreated = true
          return { url: 'http://127.0.0.1:1/never', received: new Promise(() => {}) }
        },
      }),
    ).rejects.toThrow()
    expect(webhookCreated).toBe(false)
  })

  it('ai 7 also runs the V3 model: doGenerate waits with the facade poller and rejects with GenerationFailedError', async () => {
    const { fetch, counts } = walkingFetch('kie', () => ['generating', 'fail'])
    const sorakit = createSorakitV3({
      provider: 'kie',
      apiKey,
      fetch,
      wait: { pollSchedule: [{ untilMs: Number.MAX_SAFE_INTEGER, minMs: 1, maxMs: 1 }] },
      ...mocks.urls('kie'),
    })
    const error = await generateVideo({ model: sorakit.video('kling-3.0/video'), prompt: 'A lighthouse' }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    )
    expect(GenerationFailedError.isInstance(error)).toBe(true)
    expect(counts.creates).toBe(1)
  })

  it('experimental_startVideo / experimental_getVideoStatus: the handle is the operation, progress is in providerMetadata while pending', async () => {
    const { fetch } = walkingFetch('kie', () => ['generating'])
    const sorakit = createSorakit({ provider: 'kie', apiKey, fetch, ...mocks.urls('kie') })
    // Veo 3.1 renders 720p, 1080p or 4k and takes no seed.
    const model = sorakit.video('veo-3-1')
    const started = await startVideo({
      model,
      prompt: 'A lighthouse',
      aspectRatio: '9:16',
      resolution: '1080x1920',
      seed: 3,
    })
    expect(started.operation).toMatchObject({ provider: 'kie', model: 'veo-3-1' })
    expect(started.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'seed' })])
    const running = await createSora({
      provider: 'kie',
      apiKey,
      fetch: preferringFetch(() => 'example=generating'),
      ...mocks.urls('kie'),
    }).getTask('task_1')
    const status = await getVideoStatus(model, { operation: JSON.parse(JSON.stringify(started.operation)) })
    expect(status.status).toBe('pending')
    expect(running.progress).toBeGreaterThan(0)
    expect(status.providerMetadata?.['sorakit']).toMatchObject({ status: 'running', progress: running.progress })
  })

  it('the operation the SDK stores is the sorakit handle, JSON as it is', async () => {
    const sorakit = createSorakit({ provider: 'kie', apiKey, ...mocks.urls('kie') })
    const model = sorakit.video('kling-3.0/video')
    const started = await model.doStart(callOptions({ prompt: 'A lighthouse' }))
    const revived = JSON.parse(JSON.stringify(started.operation)) as SoraHandle
    expect(revived).toEqual(started.operation)
    expect(revived.provider).toBe('kie')
  })
})
