import { GenerationFailedError, PollDeadlineExceededError, SoraError, ValidationError } from './sora-errors.js'
import { isPlainObject } from './parameter-check.js'
import type { PollStep, ProgressSample, SoraClock, SoraHandle, SoraTask, WaitOptions } from './sora-types.js'

/** kie.ai's polling guidance: every 2-3 s for 30 s, 5-10 s until 2 min, then 15-30 s. */
export const defaultPollSchedule: readonly PollStep[] = [
  { untilMs: 30_000, minMs: 2_000, maxMs: 3_000 },
  { untilMs: 120_000, minMs: 5_000, maxMs: 10_000 },
  { untilMs: Number.POSITIVE_INFINITY, minMs: 15_000, maxMs: 30_000 },
]

const defaultDeadlineMs = 15 * 60_000

export interface PollContext {
  handle: SoraHandle
  getTask: (signal: AbortSignal | undefined) => Promise<SoraTask>
  clock: SoraClock
  random: () => number
}

/**
 * Polls until the task succeeds (returns it), fails (throws GenerationFailedError with the
 * failure) or the deadline passes (PollDeadlineExceededError with the handle). Errors a retry may
 * cure (network, 5xx, rate limits) were already retried per request; here they only cost a turn.
 */
export async function pollUntilDone(context: PollContext, options: WaitOptions = {}): Promise<SoraTask> {
  const { handle, clock } = context
  const deadlineMs = options.deadlineMs ?? defaultDeadlineMs
  const schedule = options.pollSchedule ?? defaultPollSchedule
  checkWaitOptions(deadlineMs, schedule, options.onProgress)
  const started = clock.now()
  // A schedule function counts from the create when the handle says when that was.
  const createdAt = Date.parse(handle.createdAt)
  const sinceCreate = Number.isFinite(createdAt) && createdAt <= started ? started - createdAt : 0
  const samples: ProgressSample[] = []
  let last: SoraTask | null = null
  const deadlineError = () =>
    new PollDeadlineExceededError(
      `Task ${handle.taskId} was still ${last?.status ?? 'unknown'} after ${deadlineMs} ms; call wait or getTask again later`,
      {
        provider: handle.provider,
        handle,
        lastTask: last,
      },
    )
  const stop = stopAtDeadline(deadlineMs, options.signal)
  try {
    for (;;) {
      const task = await pollOnce(context, stop.signal)
      if (task !== null) samples.push({ elapsedMs: sinceCreate + clock.now() - started, progress: task.progress })
      if (task !== null) {
        if (last === null || last.status !== task.status || last.progress !== task.progress) options.onProgress?.(task)
        last = task
        if (task.status === 'succeeded') return task
        if (task.status === 'failed') throw taskFailedError(task)
      }
      const elapsed = clock.now() - started
      if (elapsed >= deadlineMs) throw deadlineError()
      const delayMs =
        typeof schedule === 'function'
          ? scheduledDelayMs(schedule, samples, sinceCreate + elapsed)
          : pollDelayMs(elapsed, schedule, context.random)
      await clock.sleep(Math.min(delayMs, deadlineMs - elapsed), stop.signal)
    }
  } catch (error) {
    // The deadline cut a poll in flight (a provider that never answers) or a sleep.
    if (stop.deadlinePassed() && SoraError.isInstance(error) && error.kind === 'aborted') throw deadlineError()
    throw error
  } finally {
    stop.release()
  }
}

// setTimeout takes at most 2^31-1 ms (24.8 days) and fires at once above it.
const longestTimerMs = 2_147_483_647

/**
 * A signal that fires when the caller's does or when the deadline passes, by a real timer whatever
 * the clock: a poll stuck on a provider that never answers is cut at the deadline, not after
 * `timeoutMs` per attempt and its retries.
 */
function stopAtDeadline(deadlineMs: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController()
  let deadlinePassed = false
  const timer =
    deadlineMs <= longestTimerMs
      ? setTimeout(() => ((deadlinePassed = true), controller.abort()), deadlineMs)
      : undefined
  const onCallerAbort = () => controller.abort(callerSignal?.reason)
  if (callerSignal?.aborted) onCallerAbort()
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true })
  return {
    signal: controller.signal,
    deadlinePassed: () => deadlinePassed && callerSignal?.aborted !== true,
    release: () => {
      clearTimeout(timer)
      callerSignal?.removeEventListener('abort', onCallerAbort)
    },
  }
}

async function pollOnce(context: PollContext, signal: AbortSignal): Promise<SoraTask | null> {
  try {
    return await context.getTask(signal)
  } catch (error) {
    if (SoraError.isInstance(error) && error.retryable && error.kind !== 'aborted') return null
    throw error
  }
}

/** The sleep before the next poll, `elapsedMs` after waiting began, in whole milliseconds (what timers take). */
export function pollDelayMs(elapsedMs: number, schedule: readonly PollStep[], random: () => number): number {
  const step = schedule.find((candidate) => elapsedMs < candidate.untilMs) ?? schedule[schedule.length - 1]!
  return Math.round(step.minMs + (step.maxMs - step.minMs) * random())
}

// A caller's schedule is code we do not control: a sleep must be a finite number of ms >= 0.
function scheduledDelayMs(
  schedule: (samples: readonly ProgressSample[], elapsedMs: number) => number,
  samples: readonly ProgressSample[],
  elapsedMs: number,
): number {
  const delayMs = schedule(samples, elapsedMs)
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0)
    throw new ValidationError(`pollSchedule returned ${String(delayMs)}: it must return a finite number of ms >= 0`, {
      field: 'pollSchedule',
    })
  return Math.round(delayMs)
}

/** The error `wait` rejects with for a task that ended `failed`: its `failure.kind` tells content policy from a failed generation. */
export function taskFailedError(task: SoraTask): GenerationFailedError {
  const failure = task.failure
  return new GenerationFailedError(
    `Task ${task.taskId} failed (${failure?.kind ?? 'generation'}): ${failure?.message ?? 'no reason given'}`,
    {
      provider: task.provider,
      ...(failure?.code ? { code: failure.code } : {}),
      failure,
      task,
    },
  )
}

/**
 * Throws a ValidationError naming the field unless the wait options are usable; callers that store wait options (the AI
 * SDK provider) check them when given.
 */
export function checkWaitOptions(deadlineMs: unknown, schedule: unknown, onProgress: unknown): void {
  if (typeof deadlineMs !== 'number' || !(deadlineMs >= 0))
    throw new ValidationError('deadlineMs must be a number >= 0', { field: 'deadlineMs' })
  const isStep = (step: unknown) =>
    isPlainObject(step) &&
    [step['untilMs'], step['minMs'], step['maxMs']].every((value) => typeof value === 'number') &&
    (step['minMs'] as number) >= 0 &&
    (step['maxMs'] as number) >= (step['minMs'] as number) &&
    Number.isFinite(step['maxMs']) &&
    (step['untilMs'] as number) > 0
  if (typeof schedule === 'function') {
    checkProgressCallback(onProgress)
    return
  }
  if (!Array.isArray(schedule) || schedule.length === 0 || !schedule.every(isStep)) {
    throw new ValidationError(
      'pollSchedule must be a function or a non-empty array of { untilMs > 0, 0 <= minMs <= maxMs } (numbers, maxMs finite)',
      { field: 'pollSchedule' },
    )
  }
  checkProgressCallback(onProgress)
}

function checkProgressCallback(onProgress: unknown): void {
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw new ValidationError('onProgress must be a function', { field: 'onProgress' })
}
