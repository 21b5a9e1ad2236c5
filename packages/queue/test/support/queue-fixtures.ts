import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import {
  createVideoQueue,
  createVideoWorker,
  type VideoJobEvent,
  type VideoQueue,
  type VideoWorker,
  type VideoWorkerOptions,
} from '../../src/index.js'
import { startRedis, type RedisProcess } from '../../src/redis-process.js'

/** The lifecycle mock's base URL for a provider (started once by global-setup.ts). */
export function mockUrl(provider: 'kie' | 'apikley'): string {
  return inject('mockUrls')[provider]!
}

/** A prompt no other test sends, so the mock's request log counts this test's creates only. */
export function uniquePrompt(text = 'A paper boat'): string {
  return `${text} ${randomUUID()}`
}

/** Creates the mock of `provider` received whose body mentions `tag` (from `GET /__mock/requests`). */
export async function createsMentioning(provider: 'kie' | 'apikley', tag: string): Promise<number> {
  const response = await fetch(`${mockUrl(provider)}/__mock/requests`)
  const requests = (await response.json()) as Array<{ method: string; path: string; body?: unknown }>
  return requests.filter(
    (request) =>
      request.method === 'POST' &&
      request.path.includes('createTask') &&
      JSON.stringify(request.body ?? '').includes(tag),
  ).length
}

/** The next creates of `provider`'s mock take these outcomes (`POST /__mock/next`). */
export async function scriptNextCreates(provider: 'kie' | 'apikley', scenarios: string[]): Promise<void> {
  const response = await fetch(`${mockUrl(provider)}/__mock/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenarios }),
  })
  if (!response.ok) throw new Error(`/__mock/next answered ${response.status}`)
}

/** A redis-server for one test file: a free port, a temporary folder, stopped after. */
export async function redisForSuite(): Promise<RedisProcess> {
  return startRedis()
}

/** Every provider's options for a worker against the mocks. */
export function mockProviders() {
  return {
    kie: { apiKey: 'test-key', baseUrl: mockUrl('kie'), rateBudget: { creates: 1_000, windowMs: 1_000 } },
    apikley: { apiKey: 'test-key', baseUrl: mockUrl('apikley'), rateBudget: { creates: 1_000, windowMs: 1_000 } },
  }
}

/** Fast polling for the mock's 0.5 s lifecycle. */
export const fastPolling = { expectedDurationMs: 500, minIntervalMs: 50, maxIntervalMs: 300, denseIntervalMs: 100 }

/**
 * `withQueue(work, workerOptions)`: a queue and a worker of their own name on the suite's Redis, against
 * the mocks, closed after `work`; `noWorker` leaves the worker out.
 */
export function queueHarness(redisOf: () => RedisProcess) {
  let queueCount = 0
  return async function withQueue<T>(
    work: (queue: VideoQueue, events: VideoJobEvent[], name: string) => Promise<T>,
    workerOptions: Partial<VideoWorkerOptions> & { noWorker?: boolean } = {},
  ): Promise<T> {
    const redis = redisOf()
    const name = `videos-${++queueCount}`
    const connection = { host: redis.host, port: redis.port }
    const queue = createVideoQueue({ connection, name })
    const events: VideoJobEvent[] = []
    let worker: VideoWorker | undefined
    if (!workerOptions.noWorker) {
      worker = createVideoWorker({
        connection,
        name,
        providers: mockProviders(),
        polling: fastPolling,
        retryBackoffMs: 50,
        onJobEvent: (event) => events.push(event),
        ...workerOptions,
      })
    }
    try {
      return await work(queue, events, name)
    } finally {
      await worker?.close()
      await queue.close()
    }
  }
}
