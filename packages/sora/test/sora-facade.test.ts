import { providerIds } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  createSora,
  FeatureDisabledError,
  GenerationFailedError,
  InsufficientCreditsError,
  MaintenanceError,
  MalformedProviderResponseError,
  ModelUnavailableError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  type SoraError,
  ValidationError,
} from '../src/index.js'
import { createSora as createKieSora } from '../src/providers/kie.gen.js'
import {
  examplesAt,
  kieErrorExamples,
  kieRecordExamples,
  uploadAnswerExample,
  vtrixTaskExamples,
} from './support/provider-examples.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'
import { rejection } from './support/rejection.js'

// An example whose message says the model is paused or gone is that, whatever its code.
const classByExampleName: Record<string, { isInstance(value: unknown): boolean; name: string }> = {
  'model-paused': ModelUnavailableError,
}

const classByCode: Record<number, { isInstance(value: unknown): boolean; name: string }> = {
  401: AuthenticationError,
  402: InsufficientCreditsError,
  404: NotFoundError,
  422: ValidationError,
  429: RateLimitedError,
  455: MaintenanceError,
  500: ServerError,
  501: GenerationFailedError,
  505: FeatureDisabledError,
}

const handle = {
  provider: 'kie' as const,
  taskId: 'task_sora-2-text-to-video_1765184045509',
  model: 'sora-2-text-to-video',
  baseUrl: 'https://api.kie.ai',
  createdAt: '2026-01-01T00:00:00.000Z',
}

describe('kie.ai error envelopes', () => {
  for (const { name, body } of kieErrorExamples()) {
    const expected = classByExampleName[name] ?? classByCode[body.code]!
    it(`maps the '${name}' example (code ${body.code}) to ${expected.name}, as HTTP ${body.code} and as HTTP 200`, async () => {
      for (const status of [body.code, 200]) {
        const sora = createSora({
          provider: 'kie',
          apiKey: 'test-key',
          fetch: stubFetch(json(body, status)),
          maxRetries: 0,
        })
        const error = await rejection(sora.getTask(handle))
        expect(expected.isInstance(error), `${name} as HTTP ${status}`).toBe(true)
        expect(error).toMatchObject({ provider: 'kie', status, code: String(body.code) })
        expect(error.message).toContain(body.msg)
      }
    })
  }

  it('maps HTTP 200 with body code 402 on create to InsufficientCreditsError without retrying', async () => {
    const fetch = stubFetch(json({ code: 402, msg: 'Credits insufficient', data: null }))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch })
    const error = await rejection(sora.textToVideo({ prompt: 'a boat' }))
    expect(error).toBeInstanceOf(InsufficientCreditsError)
    expect(error.retryable).toBe(false)
    expect(fetch.calls).toHaveLength(1)
  })

  it('carries Retry-After on RateLimitedError once retries are spent', async () => {
    const clock = fakeClock()
    const fetch = stubFetch(json({ code: 429, msg: 'Rate limit exceeded', data: null }, 429, { 'retry-after': '7' }))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch, clock, maxRetries: 2 })
    const error = await rejection(sora.getTask(handle))
    expect(error).toBeInstanceOf(RateLimitedError)
    expect((error as RateLimitedError).retryAfterMs).toBe(7000)
    expect(clock.sleeps).toEqual([7000, 7000])
    expect(fetch.calls).toHaveLength(3)
  })

  it('turns a 2xx answer that is not JSON into MalformedProviderResponseError', async () => {
    const sora = createSora({
      provider: 'kie',
      apiKey: 'test-key',
      fetch: stubFetch(new Response('<html>oops</html>', { status: 200 })),
    })
    expect(await rejection(sora.getTask(handle))).toBeInstanceOf(MalformedProviderResponseError)
  })
})

describe('vtrix errors', () => {
  const vtrixErrors = (path: string, method: string, status: string) =>
    examplesAt('vtrix', 'paths', path, method, 'responses', status)

  it('maps the documented error bodies by HTTP status', async () => {
    const cases: Array<[string, string, string, string, SoraError['kind']]> = [
      ['/model/v1/generation', 'post', '401', 'unauthorized', 'authentication'],
      ['/model/v1/generation', 'post', '403', 'insufficient-balance', 'insufficient-credits'],
      ['/model/v1/generation', 'post', '429', 'rate-limited', 'rate-limited'],
      ['/model/v1/generation', 'post', '500', 'server-error', 'server'],
      ['/model/v1/generation/task/{id}', 'get', '404', 'not-found', 'not-found'],
    ]
    for (const [path, method, status, example, kind] of cases) {
      const body = vtrixErrors(path, method, status)[example]
      const sora = createSora({
        provider: 'vtrix',
        apiKey: 'test-key',
        fetch: stubFetch(json(body, Number(status))),
        maxRetries: 0,
      })
      const error = await rejection(method === 'post' ? sora.textToVideo({ prompt: 'a boat' }) : sora.getTask('task_1'))
      expect(error.kind, example).toBe(kind)
      expect(error.status).toBe(Number(status))
    }
  })

  it('maps 0140010xx codes: generation errors to GenerationFailedError, upstream errors to ServerError', async () => {
    const kinds: Record<string, SoraError['kind']> = {
      '014001095': 'generation-failed',
      '014001096': 'generation-failed',
      '014001097': 'server',
      '014001098': 'server',
      '014001099': 'server',
    }
    for (const [code, kind] of Object.entries(kinds)) {
      const sora = createSora({
        provider: 'vtrix',
        apiKey: 'test-key',
        fetch: stubFetch(json({ code: Number(code), message: 'x' }, 400)),
        maxRetries: 0,
      })
      const error = await rejection(sora.getTask('task_1'))
      expect(error.kind, code).toBe(kind)
      expect(error.code).toBe(code)
    }
  })
})

describe('getTask, services, handles', () => {
  it('fetches recordInfo by task id and normalises it', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['generating']))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch })
    const task = await sora.getTask(handle)
    expect(fetch.calls[0]!.url.href).toBe(
      'https://api.kie.ai/api/v1/jobs/recordInfo?taskId=task_sora-2-text-to-video_1765184045509',
    )
    expect(task).toMatchObject({ status: 'running', progress: 0.45 })
  })

  it('fetches a vtrix task by path id', async () => {
    const fetch = stubFetch(json(vtrixTaskExamples()['completed']))
    const sora = createSora({ provider: 'vtrix', apiKey: 'test-key', fetch, baseUrl: 'https://mock.test/' })
    const task = await sora.getTask({
      provider: 'vtrix',
      taskId: 'task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH',
      model: 'sora_2_i2v',
      baseUrl: 'https://mock.test',
      createdAt: '',
    })
    expect(fetch.calls[0]!.url.href).toBe('https://mock.test/model/v1/generation/task/task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH')
    expect(task.videoUrls).toHaveLength(1)
  })

  it('refuses a handle of another provider or base URL without sending the key anywhere', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['success']))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch })
    expect(await rejection(sora.getTask({ ...handle, provider: 'vtrix' }))).toMatchObject({
      kind: 'validation',
      field: 'handle.provider',
    })
    expect(await rejection(sora.getTask({ ...handle, baseUrl: 'https://evil.test' }))).toMatchObject({
      kind: 'validation',
      field: 'handle.baseUrl',
    })
    expect(await rejection(sora.getTask({ taskId: '' } as never))).toMatchObject({
      kind: 'validation',
      field: 'handle',
    })
    expect(fetch.calls).toHaveLength(0)
  })

  it('reads credits and a fresh download link', async () => {
    const credits = examplesAt('kie', 'paths', '/api/v1/chat/credit', 'get', 'responses', '200')['credits']
    const link = examplesAt('kie', 'paths', '/api/v1/common/download-url', 'post', 'responses', '200')['download-url']
    const fetch = stubFetch(json(credits), json(link))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch })
    expect(await sora.getCredits()).toBe(100)
    expect(await sora.getDownloadUrl('https://tempfile.aiquickdraw.com/s/a.mp4')).toBe(link.data)
    expect(JSON.parse(fetch.calls[1]!.body)).toEqual({ url: 'https://tempfile.aiquickdraw.com/s/a.mp4' })
  })

  it('uploads a Blob as multipart to the upload server, and a URL as JSON', async () => {
    const uploaded = uploadAnswerExample('apikley')
    const fetch = stubFetch(json(uploaded))
    const sora = createSora({ provider: 'apikley', apiKey: 'test-key', fetch })
    const file = await sora.upload({
      file: new Blob(['png bytes'], { type: 'image/png' }),
      fileName: 'frame.png',
      uploadPath: 'frames',
    })
    expect(file).toMatchObject({
      url: uploaded.data.downloadUrl,
      fileName: 'uploaded-image.png',
      size: 154832,
      mimeType: 'image/png',
    })
    const multipart = fetch.calls[0]!
    expect(multipart.url.href).toBe('https://api.apikley.ru/file-upload/api/file-stream-upload')
    expect(multipart.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
    expect(multipart.body).toContain('png bytes')
    expect(multipart.body).toContain('name="uploadPath"')
    await sora.upload({ url: 'https://example.com/a.png' })
    expect(fetch.calls[1]!.url.href).toBe('https://api.apikley.ru/file-upload/api/file-url-upload')
    expect(JSON.parse(fetch.calls[1]!.body)).toEqual({ fileUrl: 'https://example.com/a.png', uploadPath: 'sorakit' })
    const base64 = await rejection(sora.upload({ base64: 'aGVsbG8=' }))
    expect(base64).toMatchObject({ kind: 'unsupported-feature', field: 'base64', supported: ['file', 'url'] })
    expect(fetch.calls).toHaveLength(2)
  })

  it('rejects bad options at creation without echoing them', () => {
    expect(() => createSora({ provider: 'kie', apiKey: '' })).toThrow(ValidationError)
    expect(() => createSora({ provider: 'nope' as never, apiKey: 'k' })).toThrow(
      `provider must be one of ${providerIds.join(', ')}`,
    )
    expect(() => createSora({ provider: 'kie', apiKey: 'k', maxRetries: -1 })).toThrow(/maxRetries/)
    expect(() => createSora({ provider: 'kie', apiKey: 'k', baseUrl: 'ftp://x' })).toThrow(/baseUrl/)
    expect(() => createKieSora({ provider: 'vtrix' as never, apiKey: 'k' })).toThrow(/bound to kie/)
  })
})
