import {
  adaptivePollDelayMs,
  createFailureAction,
  RateLimitedError,
  SoraError,
  type AdaptivePollOptions,
  type Sora,
  type SoraHandle,
  type SoraOperation,
  type SoraTask,
} from '@sorakit/sora'
import { DelayedError, type Job } from 'bullmq'
import { jobError, resultFrom, storedTask } from './video-job-result.js'
import type { VideoJobData, VideoJobProgressState, VideoJobResult } from './video-job-types.js'

/** What happened to a job, for logs and metrics (`onJobEvent`). */
export type VideoJobEvent =
  | { type: 'create-sending'; jobId: string; provider: string }
  | { type: 'handle-stored'; jobId: string; handle: SoraHandle }
  | { type: 'create-refused'; jobId: string; provider: string; kind: string; action: string }
  | { type: 'fell-back'; jobId: string; from: string; to: string; kind: string }
  | { type: 'rate-budget-wait'; jobId: string; provider: string; waitMs: number }
  | { type: 'status'; jobId: string; task: SoraTask; nextPollMs: number | null }
  | { type: 'ended'; jobId: string; result: VideoJobResult }
  /**
   * BullMQ reported an error of the worker itself (a lost Redis connection...); jobs are not affected beyond a retry.
   */
  | { type: 'worker-error'; message: string }

/** The limits a worker applies to every job. */
export interface JobStepLimits {
  /** Creates refused as `retry` (maintenance, 5xx answered) per provider before moving on. */
  createRetries: number
  /** First backoff after such a refusal, doubled each time. */
  retryBackoffMs: number
  /** Time a job waits out rate limits (429 `Retry-After`) on one provider before moving on. */
  rateLimitBudgetMs: number
  /** A task still running this long after its create ends the job `uncertain` (it may still finish and bill). */
  taskDeadlineMs: number
  polling: AdaptivePollOptions
}

/** What the steps need from the worker. */
export interface JobStepContext {
  facadeOf(provider: string): Sora
  /** Resolves 0 when a create may leave now, or the ms to wait for the provider's rate budget. */
  takeCreateBudget(provider: string): Promise<number>
  /** Records which job created the task, for callbacks. */
  indexTask(provider: string, taskId: string, jobId: string): Promise<void>
  limits: JobStepLimits
  now(): number
  onJobEvent?: ((event: VideoJobEvent) => void) | undefined
}

/**
 * One visit of a job: a create, or one status request. Between visits the job waits as a delayed
 * job (or until a callback promotes it), so a rendering video holds no worker slot. The step is
 * chosen from the stored state, which makes every visit safe to repeat after a crash:
 * a handle → only read; a create that left without an answer → `uncertain`, never sent again.
 */
export async function runVideoJob(
  job: Job<VideoJobData, VideoJobResult>,
  token: string | undefined,
  context: JobStepContext,
): Promise<VideoJobResult> {
  const { state } = job.data
  const result =
    state.handle !== undefined
      ? await pollStep(job, token, context, state.handle)
      : state.sent !== undefined
        ? resultFrom(job.data, 'uncertain', {
            error: {
              kind: 'create-outcome-unknown',
              message: 'A create was sent and no answer was stored (the worker stopped); it is not sent again',
            },
          })
        : await createStep(job, token, context)
  context.onJobEvent?.({ type: 'ended', jobId: job.id!, result })
  return result
}

async function createStep(
  job: Job<VideoJobData, VideoJobResult>,
  token: string | undefined,
  context: JobStepContext,
): Promise<VideoJobResult> {
  const { route, operation, input } = job.data
  for (;;) {
    const state = job.data.state
    const provider = route[state.providerIndex]!
    const waitMs = await context.takeCreateBudget(provider)
    if (waitMs > 0) {
      context.onJobEvent?.({ type: 'rate-budget-wait', jobId: job.id!, provider, waitMs })
      return delayJob(job, token, context, waitMs)
    }
    // A worker without this provider (or a facade without the operation) sends nothing: a plain failure.
    const send = createMethod(context, provider, operation)
    if (typeof send === 'string')
      return resultFrom(job.data, 'failed', { error: { kind: 'configuration', message: send } })
    // Stored before the request leaves: a worker that dies from here on leaves a job that says so.
    await saveState(job, { sent: { provider, operation, input, sentAt: new Date(context.now()).toISOString() } })
    context.onJobEvent?.({ type: 'create-sending', jobId: job.id!, provider })
    let handle: SoraHandle
    try {
      handle = await send(input)
    } catch (error) {
      const next = await afterRefusedCreate(job, context, provider, error)
      if (next === 'again') continue
      if (typeof next === 'number') return delayJob(job, token, context, next)
      return next
    }
    // The first thing after the answer: from here the job can only read, never create again.
    await saveState(job, { handle, sent: undefined })
    context.onJobEvent?.({ type: 'handle-stored', jobId: job.id!, handle })
    await context.indexTask(handle.provider, handle.taskId, job.id!)
    return delayJob(job, token, context, nextPollDelay(job.data.state, 0, context))
  }
}

/** The facade method that creates, or why there is none. */
function createMethod(
  context: JobStepContext,
  provider: string,
  operation: SoraOperation,
): ((input: Record<string, unknown>) => Promise<SoraHandle>) | string {
  let facade: Sora
  try {
    facade = context.facadeOf(provider)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  const method = (facade as unknown as Record<string, ((input: unknown) => Promise<SoraHandle>) | undefined>)[operation]
  return method === undefined ? `${provider} has no ${operation}` : (input) => method(input)
}

/**
 * What a refused create leads to, by the facade's `createFailurePolicy`: the result that ends the
 * job, `again` (the next provider, at once), or the ms to wait before the same provider again.
 */
async function afterRefusedCreate(
  job: Job<VideoJobData, VideoJobResult>,
  context: JobStepContext,
  provider: string,
  error: unknown,
): Promise<VideoJobResult | 'again' | number> {
  const action = createFailureAction(error)
  const { state } = job.data
  const { limits } = context
  const kind = SoraError.isInstance(error) ? error.kind : 'unexpected'
  context.onJobEvent?.({ type: 'create-refused', jobId: job.id!, provider, kind, action })
  if (action === 'uncertain') return resultFrom(job.data, 'uncertain', { error: jobError(error) })
  if (action === 'end') return resultFrom(job.data, 'failed', { error: jobError(error) })
  if (action === 'retry' && state.createAttempts < limits.createRetries) {
    await saveState(job, { sent: undefined, createAttempts: state.createAttempts + 1 })
    return limits.retryBackoffMs * 2 ** state.createAttempts
  }
  if (action === 'delay') {
    const retryAfterMs =
      (RateLimitedError.isInstance(error) ? error.retryAfterMs : null) ??
      limits.retryBackoffMs * 2 ** state.createAttempts
    if (state.rateLimitedMs + retryAfterMs <= limits.rateLimitBudgetMs) {
      await saveState(job, {
        sent: undefined,
        createAttempts: state.createAttempts + 1,
        rateLimitedMs: state.rateLimitedMs + retryAfterMs,
      })
      return retryAfterMs
    }
  }
  // No task exists: the next provider of the route may take it.
  const next = job.data.route[state.providerIndex + 1]
  const fallbacks = [
    ...state.fallbacks,
    { provider, kind, message: error instanceof Error ? error.message : String(error) },
  ]
  if (next === undefined) {
    await saveState(job, { sent: undefined, fallbacks })
    return resultFrom(job.data, 'failed', { error: jobError(error) })
  }
  await saveState(job, {
    sent: undefined,
    fallbacks,
    providerIndex: state.providerIndex + 1,
    createAttempts: 0,
    rateLimitedMs: 0,
  })
  context.onJobEvent?.({ type: 'fell-back', jobId: job.id!, from: provider, to: next, kind })
  return 'again'
}

async function pollStep(
  job: Job<VideoJobData, VideoJobResult>,
  token: string | undefined,
  context: JobStepContext,
  handle: SoraHandle,
): Promise<VideoJobResult> {
  const elapsedMs = context.now() - Date.parse(handle.createdAt)
  let task: SoraTask
  try {
    task = await context.facadeOf(handle.provider).getTask(handle)
  } catch (error) {
    await saveState(job, { statusRequests: job.data.state.statusRequests + 1 })
    // A read may be repeated: a passing failure only delays the next look.
    if (SoraError.isInstance(error) && error.retryable)
      return delayJob(job, token, context, nextPollDelay(job.data.state, elapsedMs, context))
    return resultFrom(job.data, 'uncertain', { error: jobError(error) })
  }
  const samples = [...job.data.state.samples, [elapsedMs, task.progress ?? 0] as [number, number]].slice(-12)
  await saveState(job, { statusRequests: job.data.state.statusRequests + 1, samples })
  if (task.progress !== null) await job.updateProgress(Math.round(task.progress * 100))
  if (task.status === 'succeeded') {
    context.onJobEvent?.({ type: 'status', jobId: job.id!, task, nextPollMs: null })
    return resultFrom(job.data, 'succeeded', { task: storedTask(task), videoUrls: task.videoUrls, cost: task.cost })
  }
  if (task.status === 'failed') {
    context.onJobEvent?.({ type: 'status', jobId: job.id!, task, nextPollMs: null })
    const failure = task.failure
    return resultFrom(job.data, 'failed', {
      task: storedTask(task),
      cost: task.cost,
      error: {
        kind: failure?.kind ?? 'generation',
        message: failure?.message ?? 'the task failed',
        ...(failure?.code ? { code: failure.code } : {}),
      },
    })
  }
  if (elapsedMs >= context.limits.taskDeadlineMs) {
    return resultFrom(job.data, 'uncertain', {
      task: storedTask(task),
      error: {
        kind: 'poll-deadline-exceeded',
        message: `The task was still ${task.status} ${elapsedMs} ms after its create; it may still finish: keep the handle`,
      },
    })
  }
  const delayMs = nextPollDelay(job.data.state, elapsedMs, context)
  context.onJobEvent?.({ type: 'status', jobId: job.id!, task, nextPollMs: delayMs })
  return delayJob(job, token, context, delayMs)
}

function nextPollDelay(state: VideoJobProgressState, elapsedMs: number, context: JobStepContext): number {
  return adaptivePollDelayMs(
    state.samples.map(([at, progress]) => ({ elapsedMs: at, progress })),
    elapsedMs,
    context.limits.polling,
  )
}

// The job leaves the worker and comes back as a delayed job: no slot is held meanwhile.
async function delayJob(
  job: Job<VideoJobData, VideoJobResult>,
  token: string | undefined,
  context: JobStepContext,
  delayMs: number,
): Promise<never> {
  await job.moveToDelayed(context.now() + Math.max(0, Math.round(delayMs)), token)
  throw new DelayedError()
}

async function saveState(
  job: Job<VideoJobData, VideoJobResult>,
  changes: Partial<VideoJobProgressState>,
): Promise<void> {
  const state: VideoJobProgressState = { ...job.data.state, ...changes }
  for (const key of Object.keys(changes) as Array<keyof VideoJobProgressState>)
    if (changes[key] === undefined) delete state[key]
  await job.updateData({ ...job.data, state })
}
