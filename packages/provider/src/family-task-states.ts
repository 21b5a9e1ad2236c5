import { falTaskStates } from './fal-family-states.js'
import { kieTaskStates } from './kie-family-states.js'
import { vtrixTaskStates } from './vtrix-family-states.js'

/** One state vocabulary for every provider: what the facade reports for any provider's task state. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed'

/** A state a task passes through before its final state, as its API family names it. */
export interface RunningTaskState {
  /** The provider's name of the state (`generating`). */
  readonly state: string
  readonly status: Extract<TaskStatus, 'queued' | 'running'>
  /** The named example of the status operation's answer in this state, in the bundled documents. */
  readonly example: string
  /** The share of a mock task's lifecycle spent in this state; a family's shares add up to 1. */
  readonly share: number
  /** Whether progress rises through this state (the provider's generating / in_progress). */
  readonly progressing?: boolean
}

/** A final state of a family's task: its name and the named example of the status answer in it. */
export interface FinalTaskState {
  readonly state: string
  readonly example: string
}

/**
 * The failed final state. A family without a failed state (fal's queue: a failed request is `COMPLETED`) names its
 * success state and the answer field that is set when the task failed.
 */
export interface FailedTaskState extends FinalTaskState {
  /** The status answer's field that holds the failure when `state` is also the success state (fal: `error`). */
  readonly errorField?: string
}

/**
 * The task states of one API family, declared once (in `<family>-family-states.ts`) and read by the facade (its task
 * normaliser), the mock (the lifecycle it plays) and the demo (the examples it walks).
 */
export interface FamilyTaskStates {
  /** The running states, in the order a task passes them. */
  readonly running: readonly RunningTaskState[]
  readonly success: FinalTaskState
  readonly failure: FailedTaskState
  /** Other names the provider has used for a running state: read as running, never played by the mock. */
  readonly runningAliases?: readonly string[]
}

/** Every API family's task states, by the `family` of its manifests. */
export const familyTaskStates: Readonly<Record<string, FamilyTaskStates>> = {
  kie: kieTaskStates,
  vtrix: vtrixTaskStates,
  fal: falTaskStates,
}

/**
 * A provider's task state → the facade's status; a state not listed is not in it (callers decide what that means).
 * A failure that shares the success state (see {@link FailedTaskState}) is told apart by {@link taskStatusOf}.
 */
export function taskStatusByState(states: FamilyTaskStates): Readonly<Record<string, TaskStatus>> {
  return Object.fromEntries<TaskStatus>([
    ...states.running.map((running): [string, TaskStatus] => [running.state, running.status]),
    ...(states.runningAliases ?? []).map((alias): [string, TaskStatus] => [alias, 'running']),
    [states.failure.state, 'failed'],
    [states.success.state, 'succeeded'],
  ])
}

/**
 * The facade's status of a status answer: its state's, and `failed` when the family's failure field is set. A state
 * not listed is `undefined` (callers decide what that means).
 */
export function taskStatusOf(
  states: FamilyTaskStates,
  byState: Readonly<Record<string, TaskStatus>>,
  answer: Readonly<Record<string, unknown>>,
  state: unknown,
): TaskStatus | undefined {
  const status = byState[String(state)]
  const { errorField } = states.failure
  const failedInSuccessState =
    errorField !== undefined &&
    status === 'succeeded' &&
    answer[errorField] !== undefined &&
    answer[errorField] !== null
  return failedInSuccessState ? 'failed' : status
}
