// The one declaration of the mock's scenarios: the marker parser, the admin API, the start-up summary,
// the README table and the tests all read this object.
import { stringsOf } from './request-limits.js'

/** How a task ends: success, one of the two failures, or never (stuck in its running state). */
export type TaskOutcome = 'success' | 'fail' | 'content-policy' | 'stuck'

/** Why a create is refused before any task exists; each family maps it to its documented answer. */
export type CreateRejection =
  | 'insufficient-credits'
  | 'rate-limited'
  | 'maintenance'
  | 'server-error'
  | 'model-unavailable'

export interface ScenarioDeclaration {
  /** One line for the README table and the start-up summary. */
  description: string
  /** The task's outcome, for scenarios that create one. */
  outcome?: TaskOutcome
  /** The create is refused with this answer; no task, no callback. */
  rejection?: CreateRejection
  /** Multiplies the lifecycle time. Default 1. */
  lifecycleFactor?: number
}

/**
 * Every scenario, picked by `#mock:<name>` in a prompt (or any string field of the model's input) or scripted through
 * `/__mock/next`.
 */
export const lifecycleScenarios = {
  success: {
    description: 'The default: walks every state over the lifecycle time and succeeds with result URLs the mock serves',
    outcome: 'success',
  },
  fail: {
    description: "Fails after some progress with the provider's generation failure code and message",
    outcome: 'fail',
  },
  'content-policy': {
    description: "Fails after some progress with the provider's content-policy refusal",
    outcome: 'content-policy',
  },
  'insufficient-credits': {
    description: "The create is refused with the provider's no-credits answer; no task, no callback",
    rejection: 'insufficient-credits',
  },
  'rate-limited': {
    description: 'The create is refused with 429 and `Retry-After`; no task, no callback',
    rejection: 'rate-limited',
  },
  maintenance: {
    description: "The create is refused with the provider's maintenance answer; no task, no callback",
    rejection: 'maintenance',
  },
  'server-error': {
    description: "The create is refused with the provider's server-error answer; no task, no callback",
    rejection: 'server-error',
  },
  'model-unavailable': {
    description:
      'The create is refused as the provider refuses a paused or withdrawn model (every model the manifest does not mark available answers so); no task, no callback',
    rejection: 'model-unavailable',
  },
  slow: { description: 'Succeeds after ten times the lifecycle time', outcome: 'success', lifecycleFactor: 10 },
  stuck: {
    description: 'Never leaves the running state (progress stops at half); no completion callback',
    outcome: 'stuck',
  },
} as const satisfies Record<string, ScenarioDeclaration>

export type ScenarioName = keyof typeof lifecycleScenarios

export const scenarioNames = Object.keys(lifecycleScenarios) as ScenarioName[]

/** Seconds a rate-limited create tells the client to wait (`Retry-After`). */
export const retryAfterSeconds = 5

export function isScenarioName(name: unknown): name is ScenarioName {
  return typeof name === 'string' && Object.hasOwn(lifecycleScenarios, name)
}

const markerPattern = /#mock:([A-Za-z0-9_-]*)/

/**
 * The scenario a create request asks for: the first `#mock:<name>` in any string of its body (a prompt, a
 * character prompt, a video URL's fragment), so models without a prompt can pick one too.
 * `undefined` when there is no marker; `{ unknown }` when the name is not a scenario.
 */
export function scenarioMarker(body: unknown): { name: ScenarioName } | { unknown: string } | undefined {
  for (const text of stringsOf(body)) {
    const match = markerPattern.exec(text)
    if (match === null) continue
    const name = match[1]!
    return isScenarioName(name) ? { name } : { unknown: name }
  }
  return undefined
}
