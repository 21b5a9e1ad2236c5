import type { ErrorKind } from './error-kinds.js'

/** A request that may be repeated (`read`) or one that starts a billable task (`create`). */
export type RequestKind = 'read' | 'create'

/** How an attempt failed without an answer. */
export type TransportFailure = 'connection-refused' | 'connection-lost' | 'timeout' | 'aborted'

/** One row of the retry table. */
export interface RetryRule {
  /** What the answer meant (its error kind, from the HTTP status or the family's code), or a failure without one. */
  when: ErrorKind | TransportFailure
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
 * without queueing). After a timeout, a lost connection, maintenance or a server error the task may exist.
 * A kind not listed (authentication, credits, not found, an invalid request) is never retried.
 */
export const retryRules: readonly RetryRule[] = [
  { when: 'request-timeout', read: true, create: false, reason: 'request timeout: the task may have started' },
  { when: 'rate-limited', read: true, create: true, reason: 'rate limited: rejected without queueing' },
  { when: 'maintenance', read: true, create: false, reason: 'maintenance: the provider may come back soon' },
  { when: 'generation-failed', read: false, create: false, reason: 'generation failed: the same request fails again' },
  { when: 'feature-disabled', read: false, create: false, reason: 'the feature is disabled for this key' },
  { when: 'server-error', read: true, create: false, reason: 'server error: the task may have started' },
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

/** True when `kind` of request may be sent again after `condition` (an answer's error kind, or a failure). */
export function mayRetry(condition: ErrorKind | TransportFailure | undefined, kind: RequestKind): boolean {
  return retryRules.find((rule) => rule.when === condition)?.[kind] ?? false
}
