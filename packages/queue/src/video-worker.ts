import {
  createSora,
  type AdaptivePollOptions,
  type BuiltInProviderId,
  type Sora,
  type SoraOptions,
} from '@sorakit/sora'
import { Worker, type ConnectionOptions } from 'bullmq'
import { redisClientFor } from './redis-client.js'
import { runVideoJob, type VideoJobEvent } from './job-steps.js'
import { createProviderBudget, type ProviderRateBudget } from './provider-budget.js'
import { taskIndexKey, taskIndexSeconds } from './task-index.js'
import type { RedisConnection, VideoJobData, VideoJobResult } from './video-job-types.js'

/** One provider a worker can call: the options of `createSora` for it, plus its create budget. */
export type WorkerProviderOptions = Omit<SoraOptions, 'clock'> & {
  /**
   * Creates this key may send per window, shared by every worker on the same Redis (kie.ai: 20 new
   * generations per 10 s). Default: `{ creates: 20, windowMs: 10000 }`.
   */
  rateBudget?: ProviderRateBudget
}

/** Options of `createVideoWorker`. */
export interface VideoWorkerOptions {
  /** Where Redis is: the queue's. */
  connection: RedisConnection
  /** The queue's name. Default: `videos`. */
  name?: string
  /** BullMQ's key prefix: the queue's. Default: `sorakit`. */
  prefix?: string
  /** The providers this worker calls, by id, with their keys: `{ kie: { apiKey } }`. A job naming another one fails. */
  providers: Readonly<Record<string, WorkerProviderOptions>>
  /**
   * Jobs worked on at once. A slot is held only during one create or one status request (never
   * while a video renders), so this bounds requests in flight. Default: 50.
   */
  concurrency?: number
  /**
   * Creates refused with maintenance or an answered 5xx, per provider, before moving on along the route. Default: 3.
   */
  createRetries?: number
  /** First backoff after such a refusal, doubled each time. Default: 2000. */
  retryBackoffMs?: number
  /** Time one job waits out a provider's 429s before moving on along the route (or failing). Default: 120000. */
  rateLimitBudgetMs?: number
  /** A task still running this long after its create ends the job `uncertain`. Default: 3600000 (1 h). */
  taskDeadlineMs?: number
  /** Progress-aware polling (see `adaptivePollDelayMs` in `@sorakit/sora`). Default: its defaults. */
  polling?: AdaptivePollOptions
  /**
   * How long a job's lock lasts without renewal: a worker that dies holding a job gives it back
   * after this (BullMQ's stalled-job recovery; the stored state keeps it from creating twice). Default: 30000.
   */
  lockDurationMs?: number
  /** How often workers look for stalled jobs. Default: 30000. */
  stalledIntervalMs?: number
  /** Called for each step of each job, for logs and metrics. Must not throw. Default: none. */
  onJobEvent?: (event: VideoJobEvent) => void
}

/** A running worker. */
export interface VideoWorker {
  /** The BullMQ worker, for events and metrics. */
  readonly bullWorker: Worker<VideoJobData, VideoJobResult>
  /** Stops taking jobs, waits for the steps in progress (each one request), disconnects. */
  close(): Promise<void>
}

/** Workers that run the queue's jobs through the facade (`@sorakit/sora`). */
export function createVideoWorker(options: VideoWorkerOptions): VideoWorker {
  const name = options.name ?? 'videos'
  const prefix = options.prefix ?? 'sorakit'
  const connection = options.connection as ConnectionOptions
  const facades = new Map<string, Sora>()
  // One client for the create budget and the task index; BullMQ keeps its own connections.
  const redis = redisClientFor(options.connection)
  const budget = createProviderBudget(redis, prefix, options.providers)
  const facadeOf = (provider: string): Sora => {
    let facade = facades.get(provider)
    if (facade === undefined) {
      const providerOptions = options.providers[provider]
      if (providerOptions === undefined)
        throw new Error(`This worker has no options for provider ${provider}: add it to providers`)
      const { rateBudget: _rateBudget, ...soraOptions } = providerOptions
      // Long waits belong to the queue (a delayed job), not to a request holding a slot.
      facade = createSora({ maxRetryAfterMs: 1_000, ...soraOptions, provider: provider as BuiltInProviderId }) as Sora
      facades.set(provider, facade)
    }
    return facade
  }
  const context = {
    facadeOf,
    takeCreateBudget: (provider: string) => budget.take(provider),
    indexTask: async (provider: string, taskId: string, jobId: string) => {
      await redis.set(taskIndexKey(prefix, name, provider, taskId), jobId, 'EX', taskIndexSeconds)
    },
    now: Date.now,
    onJobEvent: options.onJobEvent,
    limits: {
      createRetries: options.createRetries ?? 3,
      retryBackoffMs: options.retryBackoffMs ?? 2_000,
      rateLimitBudgetMs: options.rateLimitBudgetMs ?? 120_000,
      taskDeadlineMs: options.taskDeadlineMs ?? 3_600_000,
      polling: options.polling ?? {},
    },
  }
  const bullWorker = new Worker<VideoJobData, VideoJobResult>(name, (job, token) => runVideoJob(job, token, context), {
    connection,
    prefix,
    concurrency: options.concurrency ?? 50,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // Each visit is safe to repeat (the stored state decides), so a job may stall a few times.
    maxStalledCount: 5,
  })
  // BullMQ re-emits connection errors here; without a listener Node would crash on them.
  bullWorker.on('error', (error) => options.onJobEvent?.({ type: 'worker-error', message: error.message }))
  return {
    bullWorker,
    async close() {
      await bullWorker.close()
      redis.disconnect()
    },
  }
}
