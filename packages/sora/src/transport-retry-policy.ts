/** A request that may be repeated (`read`) or one that starts a billable task (`create`). */
export type RequestKind = 'read' | 'create'

/** How an attempt failed without an answer. */
export type TransportFailure = 'connection-refused' | 'connection-lost' | 'timeout' | 'aborted'

/** One row of the retry table. */
export interface RetryRule {
  /**
   * An HTTP status or kie.ai envelope code (the same vocabulary), `5xx` for the rest of that class, or a failure
   * without an answer.
   */
  when: number | '5xx' | TransportFailure
  /** A read is sent again, and its error says `retryable: true`. */
  read: boolean
  /** A create is sent again, and its error says `retryable: true`. */
  create: boolean
  /** Why, as the README shows it. */
  reason: string
}

/**
 * The one retry policy: the retrying fetch and every error's `retryable` read it, and the README
 * table is printed from it. A create may be repeated only when the provider provably did not start
 * the task: the connection was refused, or it answered "rate limited" (kie.ai rejects those
 * without queueing). After a timeout, a lost connection or a 5xx the task may exist.
 * Anything not listed (2xx, other 4xx) is never retried.
 */
export const retryRules: readonly RetryRule[] = [
  { when: 408, read: true, create: false, reason: 'request timeout: the task may have started' },
  { when: 429, read: true, create: true, reason: 'rate limited: rejected without queueing' },
  {
    when: 433,
    read: true,
    create: true,
    reason: 'kie.ai: a sub-key over its usage limit, rejected without queueing like 429',
  },
  { when: 455, read: true, create: false, reason: 'kie.ai: maintenance' },
  { when: 501, read: false, create: false, reason: 'kie.ai: generation failed, the same request fails again' },
  { when: 505, read: false, create: false, reason: 'kie.ai: feature disabled' },
  { when: '5xx', read: true, create: false, reason: 'server error: the task may have started' },
  {
    when: 'connection-refused',
    read: true,
    create: true,
    reason: 'the request never reached the provider (Node only: browsers do not say)',
  },
  {
    when: 'connection-lost',
    read: true,
    create: false,
    reason: 'reset, dropped, DNS...: the request may have arrived',
  },
  { when: 'timeout', read: true, create: false, reason: 'an attempt exceeded timeoutMs: the task may have started' },
  { when: 'aborted', read: false, create: false, reason: "the caller's signal fired" },
]

function ruleFor(condition: number | TransportFailure): RetryRule | undefined {
  return (
    retryRules.find((rule) => rule.when === condition) ??
    (typeof condition === 'number' && condition >= 500 && condition < 600
      ? retryRules.find((rule) => rule.when === '5xx')
      : undefined)
  )
}

/** True when `kind` of request may be sent again after `condition` (an effective status or code, or a failure). */
export function mayRetry(condition: number | TransportFailure, kind: RequestKind): boolean {
  return ruleFor(condition)?.[kind] ?? false
}
