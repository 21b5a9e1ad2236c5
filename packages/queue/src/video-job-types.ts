import type { SoraCost, SoraHandle, SoraOperation, SoraTask } from '@sorakit/sora'

/** Where Redis is: BullMQ's connection options (ioredis's: `{ host, port, password, tls, db }`), or `{ url }`. */
export interface RedisConnection {
  /** Default: `127.0.0.1`. */
  host?: string
  /** Default: 6379. */
  port?: number
  /** `redis://` or `rediss://` URL; wins over host and port. */
  url?: string
  /** ACL user (Redis 6+). Default: none. */
  username?: string
  /** Default: none. */
  password?: string
  /** Default: 0. */
  db?: number
  /** TLS options of `node:tls` (a managed Redis over `rediss`). Default: none. */
  tls?: Record<string, unknown>
  /** Any other ioredis option, passed as is. */
  [option: string]: unknown
}

/** What to generate: one provider, or a route of providers tried in order. */
export type VideoJobTarget = { provider: string; route?: never } | { route: readonly string[]; provider?: never }

/** A generation to enqueue. */
export type VideoJobRequest = VideoJobTarget & {
  /** The facade method to call. Default: `textToVideo`. */
  operation?: SoraOperation
  /** The facade input of that method (`{ model, prompt, durationSeconds }`): plain JSON, at most `maxInputBytes`. */
  input: Record<string, unknown>
  /**
   * Your id for this generation: enqueuing the same id again while the job is kept returns the same
   * job and creates nothing (deduplication). Letters, digits, `_ . -`, at most 128, not only digits.
   * Default: an id BullMQ picks.
   */
  jobId?: string
}

/** How a job ended. */
export type VideoJobStatus = 'succeeded' | 'failed' | 'uncertain'

/** A failure as plain JSON (a `SoraError`'s facts). */
export interface VideoJobError {
  kind: string
  message: string
  status?: number
  code?: string
  field?: string
}

/** A provider a route left, and why. */
export interface VideoJobFallback {
  provider: string
  kind: string
  message: string
}

/** What was sent when the outcome of a create is unknown: enough to find the task by hand. */
export interface SentCreate {
  provider: string
  operation: SoraOperation
  input: Record<string, unknown>
  /** ISO 8601 time the create was about to leave. */
  sentAt: string
}

/** The end of a job, on the job (its BullMQ return value) and from `waitForResult`. */
export interface VideoJobResult {
  status: VideoJobStatus
  /** The provider that created the task, or the last one tried. */
  provider: string
  /**
   * The task to keep: `createSora(...).getTask(handle)` finds it again. Absent when no task was created (or nothing
   * says one was).
   */
  handle?: SoraHandle
  /** The last state of the task (without its raw payload). */
  task?: Omit<SoraTask, 'raw'>
  /** Result videos of a succeeded task. */
  videoUrls: string[]
  cost: SoraCost | null
  /** Why it failed, or why it is uncertain. */
  error?: VideoJobError
  /** Set when `status` is `uncertain` because a create may have started a task nobody knows the id of. */
  sent?: SentCreate
  /** The providers of the route the job moved away from, in order. */
  fallbacks: VideoJobFallback[]
  /** Status requests sent for this job's task. */
  statusRequests: number
}

/** Where a job is in its life, as stored in its data (see the README's "Never pay twice"). */
export interface VideoJobProgressState {
  /** Index in the route of the provider being tried. */
  providerIndex: number
  /** Creates tried on that provider that were refused with a retryable failure. */
  createAttempts: number
  /** Time spent waiting out rate limits on that provider, in ms. */
  rateLimitedMs: number
  /** Set just before a create leaves; cleared only when its failure proves no task exists. */
  sent?: SentCreate
  /** Set as soon as a create answered: from then on the job only reads. */
  handle?: SoraHandle
  /** Progress samples of the task, `[elapsed ms since the create, progress 0..1]`, the last few. */
  samples: Array<[number, number]>
  statusRequests: number
  fallbacks: VideoJobFallback[]
}

/** A job's data in Redis. */
export interface VideoJobData {
  route: string[]
  operation: SoraOperation
  input: Record<string, unknown>
  state: VideoJobProgressState
}
