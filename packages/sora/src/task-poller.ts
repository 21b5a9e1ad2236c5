import { GenerationFailedError, PollDeadlineExceededError, SoraError, ValidationError } from './sora-errors.js'
import type { PollStep, SoraClock, SoraHandle, SoraTask, WaitOptions } from './sora-types.js'

/** kie.ai's polling guidance: every 2-3 s for 30 s, 5-10 s until 2 min, then 15-30 s. */
export const defaultPollSchedule: readonly PollStep[] = [
  { untilMs: 30_000, minMs: 2_000, maxMs: 3_000 },
  { untilMs: 120_000, minMs: 5_000, maxMs: 10_000 },
  { untilMs: Number.POSITIVE_INFINITY, minMs: 15_000, maxMs: 30_000 },
]

export const defaultDeadlineMs = 15 * 60_000

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
  checkWaitOptions(deadlineMs, schedule)
  const started = clock.now()
  let last: SoraTask | null = null
  for (;;) {
    const task = await pollOnce(context, options.signal)
    if (task !== null) {
      if (last === null || last.status !== task.status || last.progress !== task.progress) options.onProgress?.(task)
      last = task
      if (task.status === 'succeeded') return task
      if (task.status === 'failed') throw taskFailed(task)
    }
    const elapsed = clock.now() - started
    if (elapsed >= deadlineMs) {
      throw new PollDeadlineExceededError(`Task ${handle.taskId} was still ${last?.status ?? 'unknown'} after ${deadlineMs} ms; call wait or getTask again later`, {
        provider: handle.provider,
        handle,
        lastTask: last,
      })
    }
    await clock.sleep(Math.min(pollDelayMs(elapsed, schedule, context.random), deadlineMs - elapsed), options.signal)
  }
}

async function pollOnce(context: PollContext, signal: AbortSignal | undefined): Promise<SoraTask | null> {
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

function taskFailed(task: SoraTask): GenerationFailedError {
  const failure = task.failure
  return new GenerationFailedError(`Task ${task.taskId} failed (${failure?.kind ?? 'generation'}): ${failure?.message ?? 'no reason given'}`, {
    provider: task.provider,
    ...(failure?.code ? { code: failure.code } : {}),
    failure,
    task,
  })
}

function checkWaitOptions(deadlineMs: number, schedule: readonly PollStep[]): void {
  if (!(deadlineMs >= 0)) throw new ValidationError('deadlineMs must be a number >= 0', { field: 'deadlineMs' })
  const valid = schedule.length > 0 && schedule.every((step) => step.minMs >= 0 && step.maxMs >= step.minMs && step.untilMs > 0)
  if (!valid) throw new ValidationError('pollSchedule must be a non-empty list of { untilMs > 0, 0 <= minMs <= maxMs }', { field: 'pollSchedule' })
}
