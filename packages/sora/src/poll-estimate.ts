import type { ProgressSample } from './sora-types.js'

export type { ProgressSample } from './sora-types.js'

/** Options of progress-aware polling (`adaptivePollDelayMs`: the facade's `wait`, `@sorakit/queue`). */
export interface AdaptivePollOptions {
  /** How long a task usually takes, used until progress says more. Default: 180000 (3 min). */
  expectedDurationMs?: number
  /** Never poll more often than this (the provider's limit; kie.ai asks for 2-3 s at most). Default: 2000. */
  minIntervalMs?: number
  /** Never sleep longer than this between polls. Default: 30000. */
  maxIntervalMs?: number
  /** The sleep at the estimated completion: half of it is the mean delay to notice the end. Default: 4000. */
  denseIntervalMs?: number
  /** Share of the time left to the estimate slept at once: lower polls more. Default: 0.3. */
  approachRate?: number
}

const defaults = {
  expectedDurationMs: 180_000,
  minIntervalMs: 2_000,
  maxIntervalMs: 30_000,
  denseIntervalMs: 4_000,
  approachRate: 0.3,
}

/**
 * When the task should end, in ms after the create: from the progress rate between the first and
 * the last progress seen (providers report progress in steps, so the slope over the whole span is
 * steadier than the last step), or from `expectedDurationMs` while no progress has been reported;
 * never before now.
 */
export function estimateCompletionMs(
  samples: readonly ProgressSample[],
  elapsedMs: number,
  expectedDurationMs = defaults.expectedDurationMs,
): number {
  return Math.max(progressEstimateMs(samples, expectedDurationMs), elapsedMs)
}

function progressEstimateMs(samples: readonly ProgressSample[], expectedDurationMs: number): number {
  const rising = samples.filter(
    (sample) => sample.progress !== null && sample.progress > 0 && sample.progress < 1,
  ) as Array<{ elapsedMs: number; progress: number }>
  let estimate = expectedDurationMs
  const first = rising[0]
  const last = rising[rising.length - 1]
  if (first !== undefined && last !== undefined) {
    // With one step only, assume progress rose from 0 at the create.
    const [fromMs, fromProgress] =
      last.progress > first.progress ? [firstSeenAt(rising, first.progress), first.progress] : [0, 0]
    const rate = (last.progress - fromProgress) / Math.max(1, last.elapsedMs - fromMs)
    if (rate > 0) estimate = last.elapsedMs + (1 - last.progress) / rate
  }
  return estimate
}

// Steps repeat the same value: the slope starts where the first value was first seen.
function firstSeenAt(samples: ReadonlyArray<{ elapsedMs: number; progress: number }>, progress: number): number {
  return samples.find((sample) => sample.progress === progress)!.elapsedMs
}

/**
 * The sleep before the next status request: a share of the time left to the estimated completion,
 * so polls are sparse early and dense near the estimate, `denseIntervalMs` around it, growing again
 * when the task runs late; always within [minIntervalMs, maxIntervalMs].
 */
export function adaptivePollDelayMs(
  samples: readonly ProgressSample[],
  elapsedMs: number,
  options: AdaptivePollOptions = {},
): number {
  const { expectedDurationMs, minIntervalMs, maxIntervalMs, denseIntervalMs, approachRate } = {
    ...defaults,
    ...options,
  }
  // Before the estimate: a share of the time left; past it (a late task): a share of the lateness.
  const distance = Math.abs(progressEstimateMs(samples, expectedDurationMs) - elapsedMs)
  const delay = Math.max(denseIntervalMs, approachRate * distance)
  return Math.round(Math.min(maxIntervalMs, Math.max(minIntervalMs, delay)))
}
