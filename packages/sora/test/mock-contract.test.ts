import { providerIds } from '@sorakit/provider-registry'
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import {
  createLifecycleEngine,
  mockProviders,
  mockServerSpecs,
  readBundledDocument,
  scenarios,
  startMocks,
  type RunningMocks,
  type Scenario,
} from '@sorakit/mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  createSora,
  FeatureDisabledError,
  GenerationFailedError,
  InsufficientCreditsError,
  MaintenanceError,
  MalformedProviderResponseError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  ModelUnavailableError,
  SoraError,
  ValidationError,
  type BuiltInProviderId as ProviderId,
  type Sora,
  type SoraErrorKind,
  type SoraTask,
  UnsupportedFeatureError,
} from '../src/index.js'
import {
  readKieWebhookAndRefetch,
  verifyKieWebhook,
  verifyKieWebhookAndRefetch,
  WebhookVerificationError,
} from '../src/webhooks.js'
import { falQueueExamples, kieRecordExamples, vtrixTaskExamples } from './support/provider-examples.js'
import { fakeClock } from './support/stub-fetch.js'

// The facade against Prism mocks of the same bundled documents, started with --errors: Prism validates
// every request the facade sends (a body outside the spec gets a 422/400, which fails the test) and
// every answer it gets. `Prefer` picks a documented example or error.

/** The lifecycle callbacks come quickly, signed with this key. */
const callbackLifecycleMs = 300
const callbackSecret = 'whk_mock_contract'
let mocks: RunningMocks
let urls: Record<string, string>
beforeAll(async () => {
  // `pnpm test` runs `pnpm codegen --check` before any package test, so the launcher need not repeat it.
  mocks = await startMocks({
    ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])),
    errors: true,
    logLevel: 'warn',
    checkSpecs: false,
    lifecycleMs: callbackLifecycleMs,
    webhookKey: callbackSecret,
  })
  urls = Object.fromEntries(mocks.servers.map((server) => [server.key, server.url]))
}, 60_000)
afterAll(() => mocks?.stop())

/** A facade whose requests ask the mock for `prefer`: one value for all, or one per request. */
function facade(provider: ProviderId, prefer?: string | ((request: Request) => string | undefined)): Sora {
  const fetch = (request: Request) => {
    const value = typeof prefer === 'function' ? prefer(request) : prefer
    if (value !== undefined) request.headers.set('Prefer', value)
    return globalThis.fetch(request)
  }
  return createSora({
    provider,
    apiKey: 'mock-key',
    baseUrl: urls[provider],
    uploadBaseUrl: urls[`${provider}-upload`],
    fetch,
    clock: fakeClock(),
    maxRetries: 0,
  })
}

describe('every create the facade can send is valid for the spec-validating mock', () => {
  for (const provider of providerIds) {
    it(`${provider}: every model of every operation, with every option it takes`, async () => {
      const sora = facade(provider)
      const sent: string[] = []
      for (const [operation, models] of Object.entries(sora.capabilities.operations)) {
        for (const model of models) {
          const input = fullInput(provider, operation, model.options, model.providerOptions)
          const create = (
            sora as unknown as Record<string, (input: unknown) => Promise<{ model: string; taskId: string }>>
          )[operation]!({ ...input, model: model.model })
          if (model.availability.status !== 'available') {
            // The mock checks the request first (a bad one is a 422), then refuses the model as the provider does.
            await expect(create, model.model).rejects.toMatchObject({ kind: 'model-unavailable' })
            sent.push(model.model)
            continue
          }
          const handle = await create
          expect(handle.model).toBe(model.model)
          expect(handle.taskId).not.toBe('')
          sent.push(handle.model)
        }
      }
      expect(sent.length).toBe(Object.values(sora.capabilities.operations).flat().length)
    })
  }
})

describe('documented answers, normalised', () => {
  it('kie.ai: every recordInfo example', async () => {
    const expected: Record<string, Partial<SoraTask>> = {
      success: { status: 'succeeded', progress: 1 },
      waiting: { status: 'queued' },
      queuing: { status: 'queued' },
      generating: { status: 'running', progress: 0.45 },
      fail: { status: 'failed' },
      'success-character': { status: 'succeeded', characterId: 'example_123456789' },
    }
    expect(Object.keys(expected).sort()).toEqual(Object.keys(kieRecordExamples()).sort())
    for (const [example, task] of Object.entries(expected)) {
      // The facade refuses a record of another task: ask for the one the example describes.
      expect(
        await facade('kie', `example=${example}`).getTask(kieRecordExamples()[example].data.taskId),
        example,
      ).toMatchObject(task)
    }
  })

  it('vtrix: every task example', async () => {
    const expected: Record<string, SoraTask['status']> = {
      pending: 'queued',
      processing: 'running',
      'in-progress': 'running',
      completed: 'succeeded',
      failed: 'failed',
      'failed-message': 'failed',
    }
    expect(Object.keys(expected).sort()).toEqual(Object.keys(vtrixTaskExamples()).sort())
    for (const [example, status] of Object.entries(expected)) {
      expect(
        (await facade('vtrix', `example=${example}`).getTask(vtrixTaskExamples()[example].id)).status,
        example,
      ).toBe(status)
    }
  })

  it('wait returns the succeeded task', async () => {
    const { taskId } = kieRecordExamples()['success'].data
    expect(await facade('kie', 'example=success').wait(taskId)).toMatchObject({
      taskId,
      status: 'succeeded',
      videoUrls: [expect.stringContaining('.mp4')],
    })
    // Prism answers every poll with its static example, another task's record: wait refuses it.
    await expect(facade('kie', 'example=success').wait('task_1')).rejects.toBeInstanceOf(MalformedProviderResponseError)
  })

  it('services: credits, download link, uploads on the upload server', async () => {
    const withServices = providerIds.filter((provider) => facade(provider).capabilities.credits)
    expect(withServices.length).toBeGreaterThan(0)
    for (const provider of withServices) {
      const sora = facade(provider)
      expect(typeof (await sora.getCredits())).toBe('number')
      // The lifecycle mock answers links it serves itself.
      const served = /^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\//
      expect(await sora.getDownloadUrl('https://tempfile.aiquickdraw.com/s/a.mp4')).toMatch(served)
      expect((await sora.upload({ url: 'https://example.com/a.png', uploadPath: 'frames' })).url).toMatch(served)
      expect((await sora.upload({ file: new Blob(['png'], { type: 'image/png' }), fileName: 'a.png' })).url).toMatch(
        served,
      )
    }
    expect((await facade('kie').upload({ base64: 'data:image/png;base64,aGVsbG8=' })).url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\//,
    )
  })
})

// Every error response each bundled document declares, with each of its named examples, as the mock
// answers it to the facade call that sends that operation: the list comes from the documents, so a new
// error response or example is tested (or fails for want of an expected class) without editing this file.
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))
/** A facade error class: its `kind` names what every instance is. */
type ErrorClass = (new (...args: never[]) => SoraError) & { readonly kind: SoraErrorKind | undefined }

// fal's request ids are per endpoint: the calls name the scenario's endpoint and the request id of fal's examples (the
// facade refuses an answer about another request).
const falRequestId = String(falQueueExamples().status['completed'].request_id)
const falTask = (endpoint: string | undefined) => `${endpoint}/requests/${falRequestId}`

/**
 * The facade call that sends each documented operation, by the table's operation id (a documented operation missing
 * here fails below); `model` is the one a modelIn 'path' operation's path names.
 */
const callsByOperation: Record<string, (sora: Sora, model: string | undefined) => Promise<unknown>> = {
  createTask: (sora) => sora.textToVideo({ prompt: 'A paper boat drifting down a rainy street' }),
  createGeneration: (sora) => sora.textToVideo({ prompt: 'A paper boat drifting down a rainy street' }),
  'get-task-details': (sora) => sora.getTask('task_1'),
  getGenerationTask: (sora) => sora.getTask('task_1'),
  'get-account-credits': (sora) => sora.getCredits(),
  'get-download-url': (sora) => sora.getDownloadUrl('https://tempfile.aiquickdraw.com/s/a.mp4'),
  'upload-file-stream': (sora) => sora.upload({ file: new Blob(['png'], { type: 'image/png' }), fileName: 'a.png' }),
  'upload-file-url': (sora) => sora.upload({ url: 'https://example.com/a.png' }),
  'upload-file-base64': (sora) => sora.upload({ base64: 'data:image/png;base64,aGVsbG8=' }),
  submit: (sora, model) =>
    sora.imageToVideo({ prompt: 'A horse runs', imageUrl: 'https://example.com/a.png', model: model as never }),
  getStatus: (sora, model) => sora.getTask(falTask(model)),
  getResult: (sora, model) => sora.getTask(falTask(model)),
  cancel: (sora, model) => (sora as Sora & { cancel(task: string): Promise<boolean> }).cancel(falTask(model)),
}

/** The Prefer of every other request of a call: the status a result is read after says the request is done. */
const preferBesides: Record<string, string> = { getResult: 'example=completed' }

/** Answers the facade reads as the task's state, not as an error: fal's result route, by its named examples. */
const taskStatusByExample: Record<string, SoraTask['status']> = {
  'fal 400 in-progress': 'running',
  'fal 422 failed': 'failed',
}

// The facade's error vocabulary (README "Errors"), written out here rather than read from the implementation.
const classByStatus: Record<string, ErrorClass> = {
  '400': ValidationError,
  '401': AuthenticationError,
  '402': InsufficientCreditsError,
  '403': AuthenticationError,
  '404': NotFoundError,
  '422': ValidationError,
  '429': RateLimitedError,
  '455': MaintenanceError,
  '500': ServerError,
  '501': GenerationFailedError,
  '503': ServerError,
  '505': FeatureDisabledError,
}
// vtrix's 403 is "insufficient balance or permission": its documented example is the balance one.
// fal's 403 says an exhausted balance; its 404 on submit is an endpoint it does not serve (any more).
const classByExample: Record<string, ErrorClass> = {
  'vtrix 403 insufficient-balance': InsufficientCreditsError,
  'fal 403 exhausted-balance': InsufficientCreditsError,
  'fal 404 endpoint-not-found': ModelUnavailableError,
}
// A paused or withdrawn model is that, whatever the code carrying it (kie.ai's 500 "temporarily paused").
const classByExampleName: Record<string, ErrorClass> = {
  'model-paused': ModelUnavailableError,
  'model-not-found': ModelUnavailableError,
}

interface ErrorScenario {
  provider: ProviderId
  /** The table's operation id (a modelIn 'path' document's operations have none: the mock's match names them). */
  operationId: string
  /** The documented operation's path. */
  path: string
  /** The model a modelIn 'path' operation's path names. */
  model: string | undefined
  status: string
  /** The `Prefer` header that selects it. */
  prefer: string
  expected: ErrorClass | undefined
  /** The task status the call resolves with instead, for an answer that is the task's state. */
  expectedTask: SoraTask['status'] | undefined
}

function errorScenarios(): ErrorScenario[] {
  return mockProviders.flatMap(({ table }) => {
    const provider = table.id as ProviderId
    const document = readBundledDocument(repositoryRoot, provider)
    const engine = createLifecycleEngine({ table, document: document as never })
    const documented: Scenario[] = scenarios(document, table).filter((scenario) => !/^2/.test(scenario.status))
    return documented.flatMap((scenario) => {
      const matched = engine.match(scenario.method, `http://mock${scenario.path.replace(/\{[^}]+\}/g, 'x')}`)
      return (scenario.exampleNames.length === 0 ? [undefined] : scenario.exampleNames).map((example) => ({
        provider,
        operationId: matched?.operationId ?? scenario.operationId,
        path: scenario.path,
        model: matched?.model,
        status: scenario.status,
        prefer: example === undefined ? `code=${scenario.status}` : `code=${scenario.status}, example=${example}`,
        expected:
          (example === undefined
            ? undefined
            : (classByExample[`${provider} ${scenario.status} ${example}`] ?? classByExampleName[example])) ??
          classByStatus[scenario.status],
        expectedTask:
          example === undefined ? undefined : taskStatusByExample[`${provider} ${scenario.status} ${example}`],
      }))
    })
  })
}

describe('every documented error answer becomes its typed error', () => {
  const all = errorScenarios()

  it('the documents declare the errors the issue names, and each has a facade call and an expected class', () => {
    const statuses = (provider: ProviderId) =>
      [...new Set(all.filter((scenario) => scenario.provider === provider).map((scenario) => scenario.status))].sort()
    // What each API family documents (kie.ai's envelope codes; vtrix's HTTP statuses), for every provider of it.
    const statusesByFamily: Record<string, string[]> = {
      kie: ['400', '401', '402', '404', '422', '429', '455', '500', '501', '505'],
      vtrix: ['400', '401', '403', '404', '429', '500'],
      fal: ['400', '401', '403', '404', '422', '429', '500', '503'],
    }
    for (const { table } of mockProviders)
      expect(statuses(table.id as ProviderId), table.id).toEqual(statusesByFamily[table.family])
    expect(
      all.filter(
        (scenario) =>
          callsByOperation[scenario.operationId] === undefined ||
          (scenario.expected === undefined && scenario.expectedTask === undefined),
      ),
    ).toEqual([])
  })

  it.each(
    all.map(
      (scenario) => [`${scenario.provider} ${scenario.operationId} Prefer: ${scenario.prefer}`, scenario] as const,
    ),
  )('%s', async (_name, scenario) => {
    const besides = preferBesides[scenario.operationId]
    const documentedPath = new RegExp(`^${scenario.path.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    const prefer = (request: Request) =>
      besides === undefined || documentedPath.test(new URL(request.url).pathname) ? scenario.prefer : besides
    const error = await callsByOperation[scenario.operationId]!(facade(scenario.provider, prefer), scenario.model).then(
      (value) => ({ resolved: value }),
      (failure: unknown) => failure,
    )
    if (scenario.expectedTask !== undefined) {
      expect((error as { resolved: SoraTask }).resolved).toMatchObject({ status: scenario.expectedTask })
      return
    }
    expect(SoraError.isInstance(error), `rejected with a SoraError, got ${JSON.stringify(error)}`).toBe(true)
    expect((error as SoraError).kind).toBe(scenario.expected!.kind)
    expect(error).toBeInstanceOf(scenario.expected!)
    expect(error).toMatchObject({ provider: scenario.provider, status: Number(scenario.status) })
  })
})

// Prism POSTs the documented callbacks (`callbacks` of createTask) to the URLs a create names. It cannot
// sign them: it has no webhook key and computes no HMAC, so it sends no X-Webhook-* headers. So each
// delivery is checked twice: as Prism sent it (a verifier must refuse an unsigned callback), and with
// the headers kie.ai would add, computed here with node:crypto over Prism's body, left byte for byte.
describe('callbacks the lifecycle mock sends, received and parsed by @sorakit/sora/webhooks', () => {
  const secret = callbackSecret
  const statusByState: Record<string, SoraTask['status']> = {
    waiting: 'queued',
    queuing: 'queued',
    generating: 'running',
    success: 'succeeded',
    fail: 'failed',
  }
  let receiver: CallbackReceiver
  beforeAll(async () => (receiver = await startCallbackReceiver()))
  afterAll(() => receiver?.close())

  // Whether a provider signs comes from the callback headers its documents declare (kie.ai yes, Apikley no).
  const cases = [
    // Progress callbacks are Sora's, and kie.ai has paused its Sora models: the mock signs completion callbacks of the
    // models sold today.
    { provider: 'kie', callbacks: ['callbackUrl'], signed: true },
    { provider: 'apikley', callbacks: ['callbackUrl'], signed: false },
  ] as const
  for (const { provider, callbacks, signed: signs } of cases) {
    it(`${provider}: ${callbacks.join(' and ')} of a create, ${signs ? 'verified' : 'read and fetched back'} and normalised`, async () => {
      expect(facade(provider).capabilities.signedCallbacks).toBe(signs)
      const urls = Object.fromEntries(callbacks.map((field) => [field, `${receiver.url}/${provider}/${field}`]))
      await facade(provider).textToVideo({ prompt: 'A paper boat drifting down a rainy street', ...urls })
      for (const field of callbacks) {
        const delivery = await receiver.next(`/${provider}/${field}`)
        const body = JSON.parse(delivery.body) as {
          data: { taskId: string; state: string; progress?: number; resultJson: string | null; failCode: string | null }
        }
        const asReceived = () =>
          new Request(`${receiver.url}/${provider}/${field}`, {
            method: 'POST',
            headers: delivery.headers as Record<string, string>,
            body: delivery.body,
          })
        if (!signs) {
          expect(delivery.headers['x-webhook-signature']).toBeUndefined()
          const read = await readKieWebhookAndRefetch(asReceived(), { sora: facade(provider) })
          expect(read.taskId).toBe(body.data.taskId)
          expect(read.callbackTask).toMatchObject({
            provider,
            taskId: body.data.taskId,
            status: statusByState[body.data.state],
            raw: body,
          })
          expect(read.task).toMatchObject({ provider, taskId: body.data.taskId, status: 'succeeded' })
          await expect(
            verifyKieWebhookAndRefetch(asReceived(), { secret, sora: facade(provider) }),
          ).rejects.toBeInstanceOf(UnsupportedFeatureError)
          continue
        }

        // The mock signs as kie.ai does; stripped of its headers, the same delivery is refused.
        const {
          'x-webhook-signature': _signature,
          'x-webhook-timestamp': timestampHeader,
          ...unsignedHeaders
        } = delivery.headers
        const unsigned = await verifyKieWebhook(
          { headers: unsignedHeaders as Record<string, string>, body: delivery.body },
          { secret, provider },
        ).catch((error: unknown) => error)
        expect(WebhookVerificationError.isInstance(unsigned) && unsigned.reason).toBe('missing-signature')

        const timestamp = String(timestampHeader)
        const signed = { headers: delivery.headers as Record<string, string>, body: delivery.body }
        expect(signed.headers).toMatchObject(kieSignatureHeaders(body.data.taskId, timestamp, secret))
        const verified = await verifyKieWebhook(signed, { secret, provider })
        expect(verified.taskId).toBe(body.data.taskId)
        expect(verified.timestamp).toBe(Number(timestamp))
        expect(verified.task).toMatchObject({
          provider,
          taskId: body.data.taskId,
          status: statusByState[body.data.state],
          raw: body,
        })
        if (body.data.state === 'success')
          expect(verified.task.videoUrls).toEqual(JSON.parse(body.data.resultJson!).resultUrls)
        if (body.data.state === 'fail') expect(verified.task.failure).toMatchObject({ code: body.data.failCode })
        if (body.data.state === 'generating') expect(verified.task.progress).toBe(body.data.progress! / 100)

        const forged = {
          ...signed,
          headers: { ...signed.headers, ...kieSignatureHeaders('another-task', timestamp, secret) },
        }
        const rejected = await verifyKieWebhook(forged, { secret, provider }).catch((error: unknown) => error)
        expect(WebhookVerificationError.isInstance(rejected) && rejected.reason).toBe('bad-signature')

        // The recommended path: verify, then re-fetch the task from the (mock) provider, since the body is unsigned.
        const refetched = await verifyKieWebhookAndRefetch(
          new Request(`${receiver.url}/${provider}/${field}`, {
            method: 'POST',
            headers: signed.headers,
            body: delivery.body,
          }),
          { secret, sora: facade(provider) },
        )
        expect(refetched.callbackTask).toEqual(verified.task)
        expect(refetched.task).toMatchObject({ provider, taskId: body.data.taskId })
      }
    })
  }
})

/**
 * The headers kie.ai adds when the account has a webhook key (README "Webhooks"), computed independently of the
 * verifier.
 */
function kieSignatureHeaders(taskId: string, timestamp: string, secret: string): Record<string, string> {
  return {
    'x-webhook-timestamp': timestamp,
    'x-webhook-signature': createHmac('sha256', secret).update(`${taskId}.${timestamp}`).digest('base64'),
  }
}

interface CallbackReceiver {
  url: string
  /** The first delivery on `path`: its headers and its raw body text. */
  next(path: string): Promise<{ headers: IncomingHttpHeaders; body: string }>
  close(): Promise<void>
}

/** A local HTTP server standing in for the app that receives callbacks. */
async function startCallbackReceiver(): Promise<CallbackReceiver> {
  type Delivery = { headers: IncomingHttpHeaders; body: string }
  // One promise per path, created by whichever comes first: the delivery or the test asking for it (Node 20 has no
  // Promise.withResolvers).
  const deliveries = new Map<string, { promise: Promise<Delivery>; resolve: (delivery: Delivery) => void }>()
  const slot = (path: string) => {
    let entry = deliveries.get(path)
    if (entry === undefined) {
      let resolve!: (delivery: Delivery) => void
      entry = { promise: new Promise<Delivery>((settle) => (resolve = settle)), resolve }
      deliveries.set(path, entry)
    }
    return entry
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      slot(request.url ?? '').resolve({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next: (path) =>
      Promise.race([
        slot(path).promise,
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error(`no callback on ${path} within 10 s`)), 10_000).unref(),
        ),
      ]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

// A valid value for every option a model takes, from its capabilities.
function fullInput(
  provider: string,
  operation: string,
  options: Sora['capabilities']['operations']['textToVideo'][number]['options'],
  providerOptions: Record<string, { values?: unknown[]; required: boolean }>,
): Record<string, unknown> {
  const samples: Record<string, unknown> = {
    prompt: 'A paper boat drifting down a rainy street',
    imageUrl: 'https://example.com/first-frame.png',
    lastFrameImageUrl: 'https://example.com/last-frame.png',
    negativePrompt: 'No text on screen',
    durationSeconds: 8,
    seed: 42,
    audio: true,
    videoUrl:
      operation === 'removeWatermark'
        ? 'https://sora.chatgpt.com/p/s_68e83bd7eee88191'
        : 'https://example.com/character.mp4',
    shots: [
      { prompt: 'A harbour at dawn', durationSeconds: 5 },
      { prompt: 'Boats leave', durationSeconds: 5 },
    ],
    safetyInstruction: 'Nothing violent',
    userName: 'captain01',
    originTask: 'task_sora-2-text-to-video_1765184045509',
    clip: { startSeconds: 3.55, endSeconds: 5.55 },
    callbackUrl: 'http://127.0.0.1:9/unused',
    progressCallbackUrl: 'http://127.0.0.1:9/unused',
  }
  const input: Record<string, unknown> = {}
  for (const [name, option] of Object.entries(options)) {
    if (name === 'callbackUrl' || name === 'progressCallbackUrl') continue // Prism would POST to it
    input[name] = option.values === undefined ? samples[name] : option.values[option.values.length - 1]
  }
  // Required parameters no common option covers: an enum's first value, or a sample (Kling motion control's reference
  // video).
  const providerSamples: Record<string, unknown> = { video_urls: ['https://example.com/motion-reference.mp4'] }
  const chosen = Object.entries(providerOptions).filter(
    ([name, option]) => option.required && (option.values !== undefined || name in providerSamples),
  )
  return chosen.length === 0
    ? input
    : {
        ...input,
        providerOptions: {
          [provider]: Object.fromEntries(
            chosen.map(([name, option]) => [name, option.values?.[0] ?? providerSamples[name]]),
          ),
        },
      }
}
