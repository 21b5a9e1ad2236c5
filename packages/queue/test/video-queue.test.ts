import { ValidationError } from '@sorakit/sora'
import { fork } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVideoWorker } from '../src/index.js'
import type { RedisProcess } from '../src/redis-process.js'
import {
  createsMentioning,
  fastPolling,
  mockProviders,
  mockUrl,
  queueHarness,
  redisForSuite,
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

describe.concurrent('a generation through the queue', () => {
  it('creates once, follows progress without a slot, and puts the result on the job', async () => {
    await withQueue(async (queue, events) => {
      const prompt = uniquePrompt()
      const { jobId } = await queue.enqueue({ provider: 'kie', operation: 'textToVideo', input: { prompt } })
      const result = await queue.waitForResult(jobId, { timeoutMs: 20_000 })
      expect(result).toMatchObject({ status: 'succeeded', provider: 'kie', fallbacks: [] })
      expect(result.handle).toMatchObject({ provider: 'kie', baseUrl: mockUrl('kie') })
      expect(result.videoUrls[0]).toMatch(/^http:\/\/127\.0\.0\.1/)
      expect(result.statusRequests).toBeGreaterThan(0)
      expect(await createsMentioning('kie', prompt)).toBe(1)
      // The handle was stored before anything else happened to the job.
      const types = events.filter((event) => 'jobId' in event && event.jobId === jobId).map((event) => event.type)
      expect(types.indexOf('handle-stored')).toBe(types.indexOf('create-sending') + 1)
      expect((await queue.bullQueue.getJob(jobId))?.progress).toBe(100)
    })
  })

  it('holds no worker slot while videos render: one slot starts every task before the first ends', async () => {
    await withQueue(
      async (queue, events) => {
        const jobIds = await Promise.all(
          [0, 1, 2].map(
            async () => (await queue.enqueue({ provider: 'kie', input: { prompt: uniquePrompt() } })).jobId,
          ),
        )
        const results = await Promise.all(jobIds.map((jobId) => queue.waitForResult(jobId, { timeoutMs: 20_000 })))
        expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
        const firstEnd = events.findIndex((event) => event.type === 'ended')
        expect(events.slice(0, firstEnd).filter((event) => event.type === 'handle-stored')).toHaveLength(3)
      },
      { concurrency: 1 },
    )
  })

  it("waits for the provider key's create budget as a delayed job, without a 429", async () => {
    await withQueue(
      async (queue, events) => {
        const jobIds = await Promise.all(
          [0, 1, 2].map(
            async () => (await queue.enqueue({ provider: 'kie', input: { prompt: uniquePrompt() } })).jobId,
          ),
        )
        const results = await Promise.all(jobIds.map((jobId) => queue.waitForResult(jobId, { timeoutMs: 20_000 })))
        expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
        expect(events.filter((event) => event.type === 'rate-budget-wait').length).toBeGreaterThan(0)
        expect(events.filter((event) => event.type === 'create-refused')).toEqual([])
      },
      { providers: { kie: { ...mockProviders().kie, rateBudget: { creates: 2, windowMs: 1_000 } } } },
    )
  })

  it('deduplicates by job id: the same id twice is one job and one create', async () => {
    await withQueue(async (queue) => {
      const prompt = uniquePrompt()
      const first = await queue.enqueue({ provider: 'kie', input: { prompt }, jobId: 'order-42' })
      const second = await queue.enqueue({ provider: 'kie', input: { prompt }, jobId: 'order-42' })
      expect(second.jobId).toBe(first.jobId)
      expect((await queue.waitForResult(first.jobId, { timeoutMs: 20_000 })).status).toBe('succeeded')
      expect(await createsMentioning('kie', prompt)).toBe(1)
    })
  })
})

describe.concurrent('bad requests get typed errors before anything is enqueued', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown provider', { provider: 'openai', input: { prompt: 'x' } }, 'unknown-provider'],
    ['unknown provider on a route', { route: ['kie', 'nobody'], input: { prompt: 'x' } }, 'unknown-provider'],
    ['empty route', { route: [], input: { prompt: 'x' } }, 'bad-route'],
    ['a provider twice', { route: ['kie', 'kie'], input: { prompt: 'x' } }, 'bad-route'],
    ['both provider and route', { provider: 'kie', route: ['kie'], input: { prompt: 'x' } }, 'bad-route'],
    [
      'model not on the route',
      { route: ['kie', 'apikley'], input: { model: 'sora-9', prompt: 'x' } },
      'model-not-on-route',
    ],
    [
      'a function in the input',
      { provider: 'kie', input: { prompt: 'x', onDone: () => undefined } },
      'unserialisable-input',
    ],
    ['a Date in the input', { provider: 'kie', input: { prompt: 'x', at: new Date() } }, 'unserialisable-input'],
    ['NaN in the input', { provider: 'kie', input: { prompt: 'x', seed: Number.NaN } }, 'unserialisable-input'],
    ['an oversized input', { provider: 'kie', input: { prompt: 'x'.repeat(70_000) } }, 'oversized-input'],
    ['an integer job id', { provider: 'kie', input: { prompt: 'x' }, jobId: '42' }, 'bad-job-id'],
    ['an unknown operation', { provider: 'kie', operation: 'makeMovie', input: { prompt: 'x' } }, 'unknown-operation'],
  ]
  it.each(cases)('%s', async (_name, request, code) => {
    await withQueue(
      async (queue) => {
        const failure = await queue.enqueue(request as never).catch((error: unknown) => error)
        expect(ValidationError.isInstance(failure)).toBe(true)
        expect(failure).toMatchObject({ code })
        expect(await queue.bullQueue.count()).toBe(0)
      },
      { noWorker: true },
    )
  })

  it('a cyclic input', async () => {
    const input: Record<string, unknown> = { prompt: 'x' }
    input['self'] = input
    await withQueue(
      async (queue) =>
        expect(queue.enqueue({ provider: 'kie', input })).rejects.toMatchObject({ code: 'unserialisable-input' }),
      { noWorker: true },
    )
  })
})

describe.concurrent('failures that end the job', () => {
  it("fails without sending anything when the worker has no options for the job's provider", async () => {
    await withQueue(
      async (queue) => {
        const prompt = uniquePrompt()
        const { jobId } = await queue.enqueue({ provider: 'apikley', input: { prompt } })
        const result = await queue.waitForResult(jobId, { timeoutMs: 20_000 })
        expect(result).toMatchObject({ status: 'failed', provider: 'apikley', error: { kind: 'configuration' } })
        expect(result.sent).toBeUndefined()
        expect(await createsMentioning('apikley', prompt)).toBe(0)
      },
      { providers: { kie: mockProviders().kie } },
    )
  })

  it('never falls back after a create: a task that fails ends the job', async () => {
    await withQueue(async (queue) => {
      const prompt = uniquePrompt('A paper boat #mock:fail')
      const { jobId } = await queue.enqueue({ route: ['kie', 'apikley'], input: { prompt } })
      const result = await queue.waitForResult(jobId, { timeoutMs: 20_000 })
      expect(result).toMatchObject({ status: 'failed', provider: 'kie', error: { kind: 'generation' } })
      expect(result.handle?.provider).toBe('kie')
      expect(await createsMentioning('apikley', prompt)).toBe(0)
    })
  })

  it('ends on 402 without retry or fallback', async () => {
    await withQueue(async (queue) => {
      const prompt = uniquePrompt('A paper boat #mock:insufficient-credits')
      const { jobId } = await queue.enqueue({ route: ['kie', 'apikley'], input: { prompt } })
      expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
        status: 'failed',
        provider: 'kie',
        error: { kind: 'insufficient-credits', status: 402 },
      })
      expect([await createsMentioning('kie', prompt), await createsMentioning('apikley', prompt)]).toEqual([1, 0])
    })
  })

  it('ends on content policy without fallback', async () => {
    await withQueue(async (queue) => {
      const prompt = uniquePrompt('A paper boat #mock:content-policy')
      const { jobId } = await queue.enqueue({ route: ['kie', 'apikley'], input: { prompt } })
      expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
        status: 'failed',
        provider: 'kie',
        error: { kind: 'content-policy' },
      })
      expect(await createsMentioning('apikley', prompt)).toBe(0)
    })
  })
})

describe.concurrent('a worker that dies', () => {
  async function runDoomedWorker(name: string, moment: 'after-create' | 'during-create'): Promise<void> {
    const child = fork(
      new URL('./support/doomed-worker.mjs', import.meta.url),
      [String(redis.port), name, mockUrl('kie'), moment],
      { stdio: 'ignore' },
    )
    await new Promise<void>((resolve) => child.once('exit', () => resolve()))
  }

  it('after its create: the next worker takes the job over by its handle and never creates again', async () => {
    await withQueue(
      async (queue, _events, name) => {
        const prompt = uniquePrompt()
        const { jobId } = await queue.enqueue({ provider: 'kie', input: { prompt } })
        await runDoomedWorker(name, 'after-create')
        expect((await queue.bullQueue.getJob(jobId))?.data.state.handle).toBeDefined()
        const survivor = createVideoWorker({
          connection: { host: redis.host, port: redis.port },
          name,
          providers: mockProviders(),
          polling: fastPolling,
          stalledIntervalMs: 300,
        })
        try {
          expect(await queue.waitForResult(jobId, { timeoutMs: 20_000 })).toMatchObject({
            status: 'succeeded',
            provider: 'kie',
          })
        } finally {
          await survivor.close()
        }
        expect(await createsMentioning('kie', prompt)).toBe(1)
      },
      { noWorker: true },
    )
  })

  it('while its create was in flight: the job ends uncertain with what was sent, and nothing is sent again', async () => {
    await withQueue(
      async (queue, _events, name) => {
        const prompt = uniquePrompt()
        const { jobId } = await queue.enqueue({ provider: 'kie', input: { prompt } })
        await runDoomedWorker(name, 'during-create')
        const survivor = createVideoWorker({
          connection: { host: redis.host, port: redis.port },
          name,
          providers: mockProviders(),
          polling: fastPolling,
          stalledIntervalMs: 300,
        })
        try {
          const result = await queue.waitForResult(jobId, { timeoutMs: 20_000 })
          expect(result).toMatchObject({
            status: 'uncertain',
            provider: 'kie',
            sent: { provider: 'kie', operation: 'textToVideo', input: { prompt } },
            error: { kind: 'create-outcome-unknown' },
          })
          expect(result.handle).toBeUndefined()
        } finally {
          await survivor.close()
        }
        expect(await createsMentioning('kie', prompt)).toBe(1)
      },
      { noWorker: true },
    )
  })
})
