import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisProcess } from '../src/redis-process.js'
import {
  createsMentioning,
  queueHarness,
  redisForSuite,
  scriptNextCreates,
  uniquePrompt,
} from './support/queue-fixtures.js'

let redis: RedisProcess

beforeAll(async () => {
  redis = await redisForSuite()
})
afterAll(async () => {
  await redis?.stop()
})

const withQueue = queueHarness(() => redis)

// These tests script Apikley's next creates on the shared mock: they run one after another, and no
// other file creates on Apikley first (video-queue.test.ts only reaches Apikley after kie).
describe('failures of the create, by the facade createFailurePolicy', () => {
  it('falls back along the route on maintenance, with no task left behind', async () => {
    await withQueue(
      async (queue) => {
        const prompt = uniquePrompt()
        await scriptNextCreates('apikley', ['maintenance'])
        const { jobId } = await queue.enqueue({ route: ['apikley', 'kie'], input: { prompt } })
        const result = await queue.waitForResult(jobId, { timeoutMs: 20_000 })
        expect(result).toMatchObject({
          status: 'succeeded',
          provider: 'kie',
          fallbacks: [{ provider: 'apikley', kind: 'maintenance' }],
        })
        expect([await createsMentioning('apikley', prompt), await createsMentioning('kie', prompt)]).toEqual([1, 1])
      },
      { createRetries: 0 },
    )
  })

  it.each(['maintenance', 'server-error'])(
    'retries %s on the same provider with backoff before moving on',
    async (scenario) => {
      await withQueue(async (queue, events) => {
        const prompt = uniquePrompt()
        await scriptNextCreates('apikley', [scenario])
        const { jobId } = await queue.enqueue({ route: ['apikley', 'kie'], input: { prompt } })
        expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
          status: 'succeeded',
          provider: 'apikley',
          fallbacks: [],
        })
        expect(await createsMentioning('apikley', prompt)).toBe(2)
        expect(events.find((event) => event.type === 'create-refused')).toMatchObject({ action: 'retry' })
      })
    },
  )

  it('falls back at once when the model is unavailable', async () => {
    await withQueue(async (queue) => {
      const prompt = uniquePrompt()
      await scriptNextCreates('apikley', ['model-unavailable'])
      const { jobId } = await queue.enqueue({ route: ['apikley', 'kie'], input: { prompt } })
      expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
        status: 'succeeded',
        provider: 'kie',
        fallbacks: [{ provider: 'apikley', kind: 'model-unavailable' }],
      })
      expect(await createsMentioning('apikley', prompt)).toBe(1)
    })
  })

  it('delays the job by Retry-After on 429, holding no slot, then creates', async () => {
    await withQueue(async (queue, events) => {
      const prompt = uniquePrompt()
      await scriptNextCreates('apikley', ['rate-limited'])
      const { jobId } = await queue.enqueue({ provider: 'apikley', input: { prompt } })
      await expect.poll(() => queue.bullQueue.getJobState(jobId), { timeout: 10_000 }).toBe('delayed')
      const job = (await queue.bullQueue.getJob(jobId))!
      // The mock asks for 5 s (Retry-After: 5).
      expect(job.delay).toBeGreaterThanOrEqual(4_000)
      expect(job.data.state).toMatchObject({ rateLimitedMs: 5_000, providerIndex: 0 })
      expect(job.data.state.sent).toBeUndefined()
      expect(events.find((event) => event.type === 'create-refused')).toMatchObject({
        kind: 'rate-limited',
        action: 'delay',
      })
      await job.promote() // skip the wait in the test
      expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
        status: 'succeeded',
        provider: 'apikley',
      })
      expect(await createsMentioning('apikley', prompt)).toBe(2)
    })
  })

  it('moves on along the route once 429s pass the rate-limit budget', async () => {
    await withQueue(
      async (queue) => {
        await scriptNextCreates('apikley', ['rate-limited'])
        const { jobId } = await queue.enqueue({ route: ['apikley', 'kie'], input: { prompt: uniquePrompt() } })
        expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
          status: 'succeeded',
          provider: 'kie',
          fallbacks: [{ provider: 'apikley', kind: 'rate-limited' }],
        })
      },
      { rateLimitBudgetMs: 1_000 },
    )
  })
})
