import { lifecycleFamilies, lifecycleScenarios, mockProviders, mockServerSpecs, scenarioNames, startMocks, type RunningMocks } from '@sorakit/mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSora, GenerationFailedError, PollDeadlineExceededError, SoraError, type Sora, type SoraErrorKind, type SoraTask } from '../src/index.js'

// The facade against the lifecycle mock, unchanged production code pointed at the mock's URLs: tasks it
// creates queue, progress and finish on their own, and each `#mock:<scenario>` ends as the provider would.

// Long enough for several polls in each state on a loaded 2-core machine (a poll took over 700 ms with every
// suite running at once, so 1.5 s once saw a single progress value); the providers run concurrently.
const lifecycleMs = 3_000
let mocks: RunningMocks
beforeAll(async () => {
  mocks = await startMocks({ ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])), lifecycleMs, logLevel: 'warn', checkSpecs: false })
}, 60_000)
afterAll(() => mocks?.stop())

type ProviderId = Parameters<typeof createSora>[0]['provider']
const fastPolls = { pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 50, maxMs: 100 }] }

function facade(provider: string): Sora {
  return createSora({ provider: provider as ProviderId, apiKey: 'mock-key', baseUrl: mocks.urls[provider]!, ...(mocks.urls[`${provider}-upload`] ? { uploadBaseUrl: mocks.urls[`${provider}-upload`]! } : {}), maxRetries: 0 })
}

/** The error kind a refused create becomes, by the documented HTTP status the mock answers it with. */
const kindByStatus: Record<string, SoraErrorKind> = { '402': 'insufficient-credits', '403': 'insufficient-credits', '429': 'rate-limited', '455': 'maintenance', '500': 'server' }
// A refused model is that, whatever status carries it (kie.ai's 500, vtrix's 400).
const kindByRejection: Record<string, SoraErrorKind> = { 'model-unavailable': 'model-unavailable' }

async function rejection(promise: Promise<unknown>): Promise<SoraError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(SoraError.isInstance(error), String(error)).toBe(true)
  return error as SoraError
}

describe.concurrent('every provider', () => {
for (const provider of mockProviders) {
  const id = provider.table.id
  describe(`${provider.table.displayName} through the facade`, () => {
    const start = (sora: Sora, prompt: string) => sora.textToVideo({ prompt })

    it('create, wait: queued, progress strictly rising, succeeded, and the video URL serves a video', async () => {
      const sora = facade(id)
      const seen: SoraTask[] = []
      const task = await sora.wait(await start(sora, 'A paper boat drifting down a rainy street'), { ...fastPolls, onProgress: (update) => seen.push(update) })
      expect(task.status).toBe('succeeded')
      const order: Array<SoraTask['status']> = ['queued', 'running', 'succeeded']
      const statuses = seen.map((update) => order.indexOf(update.status))
      expect(statuses.every((status, index) => status >= 0 && (index === 0 || status >= statuses[index - 1]!)), JSON.stringify(seen.map((update) => update.status))).toBe(true)
      expect(new Set(statuses).size).toBeGreaterThan(1)
      const progress = seen.map((update) => update.progress).filter((value): value is number => value !== null)
      expect(progress.length).toBeGreaterThan(1)
      for (let index = 1; index < progress.length; index++) expect(progress[index]!).toBeGreaterThan(progress[index - 1]!)
      expect(progress.at(-1)).toBe(1)
      const video = await fetch(task.videoUrls[0]!)
      expect(video.headers.get('content-type')).toBe('video/mp4')
      expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    })

    for (const name of scenarioNames) {
      const declaration: { rejection?: string; outcome?: string; lifecycleFactor?: number } = lifecycleScenarios[name]
      it(`#mock:${name}`, async () => {
        const sora = facade(id)
        const prompt = `A paper boat #mock:${name}`
        if (declaration.rejection !== undefined) {
          const family = lifecycleFamilies[provider.table.family]!
          const status = family.rejections[declaration.rejection as keyof typeof family.rejections].status
          const error = await rejection(start(sora, prompt))
          expect(error.kind).toBe(kindByRejection[declaration.rejection] ?? kindByStatus[status])
          if (error.kind === 'rate-limited') expect((error as SoraError & { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0)
          return
        }
        const handle = await start(sora, prompt)
        if (declaration.outcome === 'stuck' || declaration.lifecycleFactor !== undefined) {
          const error = await rejection(sora.wait(handle, { ...fastPolls, deadlineMs: lifecycleMs * 2 }))
          expect(error).toBeInstanceOf(PollDeadlineExceededError)
          return
        }
        if (declaration.outcome === 'success') {
          expect((await sora.wait(handle, fastPolls)).status).toBe('succeeded')
          return
        }
        const error = await rejection(sora.wait(handle, fastPolls))
        expect(error).toBeInstanceOf(GenerationFailedError)
        expect((error as GenerationFailedError).failure?.kind).toBe(name === 'content-policy' ? 'content-policy' : 'generation')
      })
    }
  })
}
})
