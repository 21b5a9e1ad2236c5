import { builtInProviderIds } from '@sorakit/sora'
import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq'
import { jobDataFor } from './job-request-check.js'
import { VideoJobNotFoundError, VideoJobWaitTimeoutError } from './queue-errors.js'
import type { RedisConnection, VideoJobData, VideoJobRequest, VideoJobResult } from './video-job-types.js'
import { resultOfFailedJob } from './video-job-result.js'

/** Options of `createVideoQueue`. */
export interface VideoQueueOptions {
  /** Where Redis is. */
  connection: RedisConnection
  /** The queue's name; workers of the same name run its jobs. Default: `videos`. */
  name?: string
  /**
   * BullMQ's key prefix in Redis (`{videos}` style hash tags keep a queue on one Redis Cluster slot). Default:
   * `sorakit`.
   */
  prefix?: string
  /** Providers a job may name. Default: every provider of `@sorakit/provider-registry`. */
  providers?: readonly string[]
  /** Largest input, as JSON bytes, a job may carry (Redis keeps it until the job is removed). Default: 65536. */
  maxInputBytes?: number
  /**
   * How long a finished job (and its result) stays in Redis, in ms; its job id deduplicates that long. Default:
   * 86400000 (24 h).
   */
  keepFinishedMs?: number
}

/** Options of `waitForResult`. */
export interface WaitForResultOptions {
  /** Reject with `VideoJobWaitTimeoutError` after this long; the job goes on. Default: 900000 (15 min). */
  timeoutMs?: number
}

/** The producer side: enqueue generations and read their results. */
export interface VideoQueue {
  /** Checks the request (typed `ValidationError` with a `code` before anything reaches Redis) and enqueues it. */
  enqueue(request: VideoJobRequest): Promise<{ jobId: string }>
  /** The job's result once it ended (`succeeded`, `failed` or `uncertain`); see `VideoJobResult`. */
  waitForResult(jobId: string, options?: WaitForResultOptions): Promise<VideoJobResult>
  /** The result if the job ended, `null` while it runs; `VideoJobNotFoundError` for an unknown (or removed) id. */
  getResult(jobId: string): Promise<VideoJobResult | null>
  /** The BullMQ queue, for dashboards, metrics and admin. */
  readonly bullQueue: Queue
  close(): Promise<void>
}

// Unexpected failures (Redis went away mid-step, a bug) run the job again: each step is safe to repeat.
const unexpectedFailureAttempts = 5

/** A queue of video generations on Redis (BullMQ). */
export function createVideoQueue(options: VideoQueueOptions): VideoQueue {
  const name = options.name ?? 'videos'
  const prefix = options.prefix ?? 'sorakit'
  const connection = options.connection as ConnectionOptions
  const providers = options.providers ?? builtInProviderIds
  const maxInputBytes = options.maxInputBytes ?? 65_536
  const keepFinishedSeconds = Math.round((options.keepFinishedMs ?? 86_400_000) / 1000)
  const bullQueue = new Queue<VideoJobData, VideoJobResult>(name, { connection, prefix })
  let events: QueueEvents | undefined
  const eventsOf = () => (events ??= new QueueEvents(name, { connection, prefix }))

  const getResult = async (jobId: string): Promise<VideoJobResult | null> => {
    const job = await Job.fromId<VideoJobData, VideoJobResult>(bullQueue, jobId)
    if (job === undefined) throw new VideoJobNotFoundError(jobId)
    const state = await job.getState()
    if (state === 'completed') return job.returnvalue
    if (state === 'failed') return resultOfFailedJob(job.data, job.failedReason)
    return null
  }

  return {
    bullQueue,
    async enqueue(request) {
      const data = jobDataFor(request, { providers, maxInputBytes })
      const job = await bullQueue.add(data.operation, data, {
        ...(request.jobId === undefined ? {} : { jobId: request.jobId }),
        attempts: unexpectedFailureAttempts,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: keepFinishedSeconds },
        removeOnFail: { age: keepFinishedSeconds },
      })
      return { jobId: job.id! }
    },
    getResult,
    async waitForResult(jobId, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 900_000
      const deadline = Date.now() + timeoutMs
      const queueEvents = eventsOf()
      await queueEvents.waitUntilReady()
      for (;;) {
        const result = await getResult(jobId)
        if (result !== null) return result
        const remaining = deadline - Date.now()
        if (remaining <= 0) throw new VideoJobWaitTimeoutError(jobId, timeoutMs)
        // An event wakes us at once; the periodic re-read covers events lost while Redis restarted.
        const job = await Job.fromId<VideoJobData, VideoJobResult>(bullQueue, jobId)
        if (job === undefined) throw new VideoJobNotFoundError(jobId)
        await job.waitUntilFinished(queueEvents, Math.min(remaining, 5_000)).catch(() => undefined)
      }
    },
    async close() {
      await events?.close()
      await bullQueue.close()
    },
  }
}
