import { SoraError, type SoraErrorKind } from './sora-errors.js'

/**
 * What to do when a create (the request that starts a billable task) failed:
 * - `retry`: the provider refused before starting anything; send again after a backoff, and move
 *   to the next provider of a route once the retry budget is spent.
 * - `delay`: the provider asked to slow down; send again after its `Retry-After` (or a backoff),
 *   and move on once the rate-limit budget is spent.
 * - `fallback`: this provider cannot do it now, another may: move to the next provider at once.
 * - `end`: the request itself is wrong, or the account cannot pay: no provider would do better.
 * - `uncertain`: the request may have reached the provider and started a task: never send it
 *   again automatically (it would pay twice); reconcile by hand.
 */
export type CreateFailureAction = 'retry' | 'delay' | 'fallback' | 'end' | 'uncertain'

/** One row of the create failure policy. */
export interface CreateFailureRule {
  action: CreateFailureAction
  /** Why, as the READMEs show it. */
  reason: string
}

/**
 * The one failover policy, by error kind, for a failed create: `createSoraRouter` of this package
 * and the workers of `@sorakit/queue` read it, so both fall back across providers for the same
 * reasons. A task that was created is never created again elsewhere: a failure after the create
 * (the task ended `failed`) always ends, whatever its kind.
 *
 * `network` depends on the request: a refused connection never reached the provider (the facade's
 * retry table marks it `retryable`), a lost one may have; see `createFailureAction`.
 */
export const createFailurePolicy: Readonly<Record<SoraErrorKind, CreateFailureRule>> = {
  'rate-limited': {
    action: 'delay',
    reason: '429/433: refused without queueing; wait Retry-After, then move on past the rate-limit budget',
  },
  maintenance: {
    action: 'retry',
    reason: '455: the provider refuses all work during maintenance; back off, then move on',
  },
  server: {
    action: 'retry',
    reason: '5xx answered: the provider reported an error instead of a task id; back off, then move on',
  },
  'model-unavailable': {
    action: 'fallback',
    reason: 'the provider paused or withdrew the model: another provider may sell it',
  },
  'feature-disabled': { action: 'fallback', reason: '505: disabled for this account or model, not for every provider' },
  authentication: {
    action: 'end',
    reason: 'a missing or wrong key is a configuration error to fix, not to hide by paying another provider',
  },
  'insufficient-credits': {
    action: 'end',
    reason: '402: top up; moving the spend to another account is a decision for a person',
  },
  validation: { action: 'end', reason: 'the input is wrong and would be wrong everywhere' },
  'unsupported-feature': { action: 'end', reason: 'the input asks for something the model cannot do' },
  'generation-failed': { action: 'end', reason: '501 or content policy: the same request fails again' },
  'not-found': { action: 'end', reason: 'not an answer a create gets' },
  network: {
    action: 'uncertain',
    reason: 'a lost connection may have delivered the request (a refused one is retried: see createFailureAction)',
  },
  timeout: { action: 'uncertain', reason: 'the request left and no answer came: the task may exist' },
  aborted: { action: 'uncertain', reason: 'cancelled while the request was in flight: the task may exist' },
  'malformed-provider-response': {
    action: 'uncertain',
    reason: 'the provider answered something unreadable: the task may exist',
  },
  'poll-deadline-exceeded': { action: 'end', reason: 'not an answer a create gets' },
  'webhook-verification': { action: 'end', reason: 'not an answer a create gets' },
}

/**
 * The action for a failed create: the policy row of its kind, except that a network failure the
 * facade's retry table calls safe to repeat for a create (the connection was refused) is `retry`.
 * Anything that is not a `SoraError` (a bug, a thrown string) is `uncertain`: nothing says the
 * request did not leave.
 */
export function createFailureAction(error: unknown): CreateFailureAction {
  if (!SoraError.isInstance(error)) return 'uncertain'
  if (error.kind === 'network' && error.retryable) return 'retry'
  return createFailurePolicy[error.kind]?.action ?? 'uncertain'
}

/** True when no task can exist after this failed create, so another provider may be asked. */
export function mayFallBackAfter(error: unknown): boolean {
  const action = createFailureAction(error)
  return action === 'retry' || action === 'delay' || action === 'fallback'
}
