import type { RunningTaskState } from '@sorakit/provider'
import type { TaskOutcome } from './lifecycle-scenarios.js'

/**
 * One state a family's task passes through before its final state, with its share of the lifecycle time: a running
 * state of the family's task states (`@sorakit/provider`, `<family>-family-states.ts`).
 */
export type PhaseDeclaration = RunningTaskState

/** Where a task is at one instant. */
export interface TimelinePoint {
  /** The running state, or undefined once final. */
  phase?: PhaseDeclaration
  /** 0..1 through the progressing state; 0 before it, the reached value after a failure. */
  progress: number
  /** Set once the task is final. */
  final?: 'success' | 'failure'
  /** Milliseconds after creation when the current state began (the final state: when it ended). */
  since: number
}

/** A failing task fails this far through its lifecycle, so a failure comes after some progress. */
export const failureFraction = 0.6
/** A stuck task's progress stops here (a fraction of the progressing state). */
export const stuckProgress = 0.5

/** When a task of `lifecycleMs` with `outcome` reaches its final state (ms after creation); undefined: never. */
export function finalAt(lifecycleMs: number, outcome: TaskOutcome): number | undefined {
  if (outcome === 'stuck') return undefined
  return outcome === 'success' ? lifecycleMs : lifecycleMs * failureFraction
}

/** The task's state `elapsed` ms after creation. A lifecycle of 0 is final at once. */
export function timelinePoint(
  phases: readonly PhaseDeclaration[],
  lifecycleMs: number,
  outcome: TaskOutcome,
  elapsed: number,
): TimelinePoint {
  const end = finalAt(lifecycleMs, outcome)
  if (end !== undefined && elapsed >= end) {
    return {
      final: outcome === 'success' ? 'success' : 'failure',
      progress: outcome === 'success' ? 1 : progressAt(phases, lifecycleMs, end),
      since: end,
    }
  }
  let start = 0
  for (const phase of phases) {
    const phaseEnd = start + phase.share * lifecycleMs
    if (elapsed < phaseEnd || phase === phases[phases.length - 1]) {
      const progress = progressAt(phases, lifecycleMs, elapsed)
      return { phase, progress: outcome === 'stuck' ? Math.min(progress, stuckProgress) : progress, since: start }
    }
    start = phaseEnd
  }
  throw new Error('a family declares no phases')
}

function progressAt(phases: readonly PhaseDeclaration[], lifecycleMs: number, elapsed: number): number {
  let start = 0
  for (const phase of phases) {
    const duration = phase.share * lifecycleMs
    if (phase.progressing) return duration <= 0 ? 0 : Math.min(1, Math.max(0, (elapsed - start) / duration))
    start += duration
  }
  return 0
}

/**
 * The instants (ms after creation) at which a progress callback goes out: each state change, and every
 * quarter of the progressing state. Ends before the final state, which the completion callback reports.
 */
export function progressInstants(
  phases: readonly PhaseDeclaration[],
  lifecycleMs: number,
  outcome: TaskOutcome,
): number[] {
  const end = finalAt(lifecycleMs, outcome) ?? Number.POSITIVE_INFINITY
  const instants: number[] = []
  let start = 0
  for (const phase of phases) {
    const duration = phase.share * lifecycleMs
    instants.push(start)
    if (phase.progressing) for (const quarter of [0.25, 0.5, 0.75]) instants.push(start + quarter * duration)
    start += duration
  }
  const capped =
    outcome === 'stuck'
      ? instants.filter((instant) => progressAt(phases, lifecycleMs, instant) <= stuckProgress)
      : instants
  return [...new Set(capped)].filter((instant) => instant < end)
}
