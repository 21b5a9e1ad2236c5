import { startMocks, type RunningMocks } from '@sorakit/mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSora, InsufficientCreditsError, type Sora, type SoraTask } from '../src/index.js'
import { kieRecordExamples, vtrixTaskExamples } from './support/provider-examples.js'
import { fakeClock } from './support/stub-fetch.js'

// The facade against Prism mocks of the same bundled documents, started with --errors: Prism validates
// every request the facade sends (a body outside the spec gets a 422/400, which fails the test) and
// every answer it gets. `Prefer` picks a documented example or error.

let mocks: RunningMocks
let urls: Record<string, string>
beforeAll(async () => {
  // `pnpm test` runs `pnpm codegen --check` before any package test, so the launcher need not repeat it.
  mocks = await startMocks({ ports: { kie: 0, 'kie-upload': 0, apikley: 0, 'apikley-upload': 0, vtrix: 0 }, errors: true, logLevel: 'warn', checkSpecs: false })
  urls = Object.fromEntries(mocks.servers.map((server) => [server.key, server.url]))
}, 60_000)
afterAll(() => mocks?.stop())

function facade(provider: 'kie' | 'apikley' | 'vtrix', prefer?: string): Sora {
  const fetch = (request: Request) => {
    if (prefer !== undefined) request.headers.set('Prefer', prefer)
    return globalThis.fetch(request)
  }
  return createSora({ provider, apiKey: 'mock-key', baseUrl: urls[provider], uploadBaseUrl: urls[`${provider}-upload`], fetch, clock: fakeClock(), maxRetries: 0 })
}

describe('every create the facade can send is valid for the spec-validating mock', () => {
  for (const provider of ['kie', 'apikley', 'vtrix'] as const) {
    it(`${provider}: every model of every operation, with every option it takes`, async () => {
      const sora = facade(provider)
      const sent: string[] = []
      for (const [operation, models] of Object.entries(sora.capabilities.operations)) {
        for (const model of models) {
          const input = fullInput(operation, model.options, model.providerOptions)
          const handle = await (sora as unknown as Record<string, (input: unknown) => Promise<{ model: string; taskId: string }>>)[operation]!({ ...input, ...(model.tier === null ? {} : { model: model.tier }) })
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
      expect(await facade('kie', `example=${example}`).getTask('task_1'), example).toMatchObject(task)
    }
  })

  it('vtrix: every task example', async () => {
    const expected: Record<string, SoraTask['status']> = { pending: 'queued', processing: 'running', 'in-progress': 'running', completed: 'succeeded', failed: 'failed', 'failed-message': 'failed' }
    expect(Object.keys(expected).sort()).toEqual(Object.keys(vtrixTaskExamples()).sort())
    for (const [example, status] of Object.entries(expected)) {
      expect((await facade('vtrix', `example=${example}`).getTask('task_1')).status, example).toBe(status)
    }
  })

  it('wait returns the succeeded task', async () => {
    expect(await facade('kie', 'example=success').wait('task_1')).toMatchObject({ status: 'succeeded', videoUrls: [expect.stringContaining('.mp4')] })
  })

  it('a documented error becomes its class', async () => {
    await expect(facade('apikley', 'code=402, example=insufficient-credits').textToVideo({ prompt: 'a boat' })).rejects.toBeInstanceOf(InsufficientCreditsError)
  })

  it('services: credits, download link, uploads on the upload server', async () => {
    for (const provider of ['kie', 'apikley'] as const) {
      const sora = facade(provider)
      expect(typeof (await sora.getCredits())).toBe('number')
      expect(await sora.getDownloadUrl('https://tempfile.aiquickdraw.com/s/a.mp4')).toMatch(/^https:\/\//)
      expect((await sora.upload({ url: 'https://example.com/a.png', uploadPath: 'frames' })).url).toMatch(/^https:\/\//)
      expect((await sora.upload({ file: new Blob(['png'], { type: 'image/png' }), fileName: 'a.png' })).url).toMatch(/^https:\/\//)
    }
    expect((await facade('kie').upload({ base64: 'data:image/png;base64,aGVsbG8=' })).url).toMatch(/^https:\/\//)
  })
})

// A valid value for every option a model takes, from its capabilities.
function fullInput(operation: string, options: Sora['capabilities']['operations']['textToVideo'][number]['options'], providerOptions: Record<string, { values?: unknown[]; required: boolean }>): Record<string, unknown> {
  const samples: Record<string, unknown> = {
    prompt: 'A paper boat drifting down a rainy street',
    imageUrl: 'https://example.com/first-frame.png',
    videoUrl: operation === 'removeWatermark' ? 'https://sora.chatgpt.com/p/s_68e83bd7eee88191' : 'https://example.com/character.mp4',
    removeWatermark: true,
    characterIds: ['char_1', 'char_2'],
    shots: [{ prompt: 'A harbour at dawn', durationSeconds: 5 }, { prompt: 'Boats leave', durationSeconds: 5 }],
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
  const chosen = Object.entries(providerOptions).filter(([, option]) => option.required && option.values !== undefined)
  return chosen.length === 0 ? input : { ...input, providerOptions: Object.fromEntries(chosen.map(([name, option]) => [name, option.values![0]])) }
}
