import { createMockHandlers } from '@sorakit/mock/msw'
import { setupServer } from 'msw/node'
import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  createSora,
  InsufficientCreditsError,
  MalformedProviderResponseError,
  ModelUnavailableError,
  RateLimitedError,
  ServerError,
  UnsupportedFeatureError,
  ValidationError,
} from '../src/index.js'
import { falQueueExamples } from './support/provider-examples.js'
import { rejection } from './support/rejection.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'

// fal.ai's queue through the facade, on stubbed answers taken from the bundled document's named examples: what it
// sends (the endpoint as the path, the parameters as the body, `Authorization: Key`), how it reads the queue's states
// and the result route, and fal's error answers as typed errors.

const apiKey = 'fal-secret-key-1234'
const endpoint = 'alibaba/happy-horse/image-to-video'
const examples = falQueueExamples()
const requestId = String(examples.submit['in-queue'].request_id)
const taskId = `${endpoint}/requests/${requestId}`
const input = { prompt: 'A horse runs on the beach', imageUrl: 'https://example.com/horse.png' }
const fal = (fetch: ReturnType<typeof stubFetch>, options: { maxRetries?: number } = {}) =>
  createSora({ provider: 'fal', apiKey, fetch, clock: fakeClock(), ...options })

describe('fal.ai submit', () => {
  it('POSTs the parameters to the endpoint path with the Key header, and the task id names the endpoint', async () => {
    const fetch = stubFetch(json(examples.submit['in-queue']))
    const handle = await fal(fetch).imageToVideo({ ...input, durationSeconds: 5 })
    expect(handle).toMatchObject({ provider: 'fal', taskId, model: endpoint })
    const [call] = fetch.calls
    expect(`${call!.method} ${call!.url.href}`).toBe(`POST https://queue.fal.run/${endpoint}`)
    expect(call!.headers.get('authorization')).toBe(`Key ${apiKey}`)
    expect(JSON.parse(call!.body)).toEqual({ prompt: input.prompt, image_url: input.imageUrl, duration: 5 })
  })

  it('sends callbackUrl as the fal_webhook query parameter, and says the callbacks are signed', async () => {
    const fetch = stubFetch(json(examples.submit['in-queue']))
    const sora = fal(fetch)
    await sora.imageToVideo({ ...input, callbackUrl: 'https://app.example.com/hooks/fal?from=sorakit' })
    const { url, body } = fetch.calls[0]!
    expect(url.searchParams.get('fal_webhook')).toBe('https://app.example.com/hooks/fal?from=sorakit')
    expect(JSON.parse(body)).not.toHaveProperty('fal_webhook')
    expect(sora.capabilities.signedCallbacks).toBe(true)
  })

  it('refuses a submit answer without a plain request id', async () => {
    for (const requestIdAnswer of [undefined, '', '../x', 'a/b']) {
      const fetch = stubFetch(json({ status: 'IN_QUEUE', request_id: requestIdAnswer }))
      expect(await rejection(fal(fetch).imageToVideo(input))).toBeInstanceOf(MalformedProviderResponseError)
    }
  })
})

describe("fal.ai's queue states and result", () => {
  it('reads IN_QUEUE as queued and IN_PROGRESS as running, with no progress and no result read', async () => {
    for (const [name, status] of [
      ['in-queue', 'queued'],
      ['in-progress', 'running'],
    ] as const) {
      const fetch = stubFetch(json(examples.status[name]))
      const task = await fal(fetch).getTask(taskId)
      expect(task).toMatchObject({ taskId, model: endpoint, status, progress: null, videoUrls: [] })
      expect(fetch.calls.map((call) => call.url.pathname)).toEqual([`/${taskId}/status`])
    }
  })

  it('reads COMPLETED, then the result route, as succeeded with the video URL', async () => {
    const fetch = stubFetch(json(examples.status['completed']), json(examples.result['completed']))
    const task = await fal(fetch).getTask({
      provider: 'fal',
      taskId,
      model: endpoint,
      baseUrl: 'https://queue.fal.run',
      createdAt: '2026-12-04T00:00:00.000Z',
    })
    expect(task).toMatchObject({
      status: 'succeeded',
      progress: 1,
      videoUrls: [examples.result['completed'].video.url],
    })
    expect(fetch.calls.map((call) => call.url.pathname)).toEqual([`/${taskId}/status`, `/${taskId}`])
  })

  it('reads COMPLETED with an error as failed, without reading the result', async () => {
    const fetch = stubFetch(json(examples.status['failed']))
    const task = await fal(fetch).getTask(taskId)
    expect(task.status).toBe('failed')
    expect(task.failure).toEqual({
      code: examples.status['failed'].error_type,
      message: examples.status['failed'].error,
      kind: 'generation',
    })
    expect(fetch.calls).toHaveLength(1)
  })

  it('reads a result refused with 422 as a failed task, naming the field and the refusal', async () => {
    const refusal = {
      detail: [{ loc: ['body', 'image_url'], msg: 'flagged by the content checker', type: 'content_policy_violation' }],
    }
    const fetch = stubFetch(json(examples.status['completed']), json(refusal, 422))
    const task = await fal(fetch).getTask(taskId)
    expect(task).toMatchObject({
      status: 'failed',
      failure: {
        code: 'content_policy_violation',
        message: 'image_url: flagged by the content checker',
        kind: 'content-policy',
      },
    })
  })

  it('refuses an answer about another request', async () => {
    const fetch = stubFetch(json({ ...examples.status['in-queue'], request_id: 'another-request' }))
    expect(await rejection(fal(fetch).getTask(taskId))).toBeInstanceOf(MalformedProviderResponseError)
  })

  it('retries a status read fal answered 503, never a submit', async () => {
    const busy = json({ detail: 'Service temporarily unavailable.' }, 503)
    const read = stubFetch(busy, json(examples.status['in-queue']))
    expect((await fal(read, { maxRetries: 2 }).getTask(taskId)).status).toBe('queued')
    expect(read.calls).toHaveLength(2)
    const create = stubFetch(busy)
    expect(await rejection(fal(create, { maxRetries: 2 }).imageToVideo(input))).toBeInstanceOf(ServerError)
    expect(create.calls).toHaveLength(1)
  })
})

describe('fal.ai cancel', () => {
  it('PUTs the request cancel route and says whether fal stopped it', async () => {
    const fetch = stubFetch(json({ success: true }), json({ success: false }))
    const sora = fal(fetch)
    expect(sora.capabilities.cancel).toBe(true)
    expect(await sora.cancel(taskId)).toBe(true)
    expect(await sora.cancel(taskId)).toBe(false)
    expect(fetch.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      `PUT /${taskId}/cancel`,
      `PUT /${taskId}/cancel`,
    ])
  })

  it('is an UnsupportedFeatureError on a provider without it, before any request', async () => {
    const fetch = stubFetch(json({}))
    const kie = createSora({ provider: 'kie', apiKey, fetch }) as unknown as { cancel(task: string): Promise<boolean> }
    expect(await rejection(kie.cancel('task_1'))).toBeInstanceOf(UnsupportedFeatureError)
    expect(fetch.calls).toHaveLength(0)
  })

  it("stops a running request of the mock's queue: failed from then on, and a second cancel is too late", async () => {
    const handlers = createMockHandlers({ provider: 'fal', lifecycleMs: 60_000 })
    const server = setupServer(...handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      const sora = createSora({ provider: 'fal', apiKey })
      const handle = await sora.imageToVideo(input)
      expect((await sora.getTask(handle)).status).toBe('queued')
      expect(await sora.cancel(handle)).toBe(true)
      const task = await sora.getTask(handle)
      expect(task).toMatchObject({ status: 'failed', failure: { code: 'request_cancelled' } })
      expect(await sora.cancel(handle)).toBe(false)
    } finally {
      server.close()
      handlers.engine.stop()
    }
  })
})

describe("fal.ai's task ids stay path segments", () => {
  for (const bad of [
    'no-requests-part',
    `${endpoint}/requests/`,
    `${endpoint}/requests/..`,
    `../../admin/requests/x`,
    `${endpoint}/requests/a?b=c`,
    `${endpoint}/requests/a%2Fb`,
    `alibaba//happy-horse/requests/x`,
    `/requests/x`,
  ]) {
    it(`refuses ${JSON.stringify(bad)} before any request`, async () => {
      const fetch = stubFetch(json(examples.status['in-queue']))
      const error = await rejection(fal(fetch).getTask(bad))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ field: 'taskId' })
      expect(fetch.calls).toHaveLength(0)
    })
  }
})

describe("fal.ai's error answers as typed errors, never with the key", () => {
  const cases = [
    [401, { detail: 'Authentication is required to access this application.' }, AuthenticationError],
    [
      403,
      { detail: 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.' },
      InsufficientCreditsError,
    ],
    [404, { detail: 'Application not found.' }, ModelUnavailableError],
    [
      422,
      { detail: [{ loc: ['body', 'image_url'], msg: 'field required', type: 'value_error.missing' }] },
      ValidationError,
    ],
    [500, { detail: `Internal error for key ${apiKey}` }, ServerError],
  ] as const
  for (const [status, body, errorClass] of cases) {
    it(`a submit answered ${status} is a ${errorClass.name}`, async () => {
      const fetch = stubFetch(json(body, status))
      const error = await rejection(fal(fetch).imageToVideo(input))
      expect(error).toBeInstanceOf(errorClass)
      expect(error.message).not.toContain(apiKey)
      expect(JSON.stringify(error)).not.toContain(apiKey)
      if (status === 422) expect(error.message).toContain('image_url: field required')
    })
  }

  it('a 429 carries its Retry-After once the retries are spent', async () => {
    const fetch = stubFetch(json({ detail: 'Too many requests.' }, 429, { 'Retry-After': '3' }))
    const error = await rejection(fal(fetch, { maxRetries: 1 }).imageToVideo(input))
    expect(error).toBeInstanceOf(RateLimitedError)
    expect(error).toMatchObject({ retryAfterMs: 3000 })
  })
})
