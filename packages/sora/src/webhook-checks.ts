import { isPlainObject } from './parameter-check.js'
import { ValidationError, WebhookVerificationError } from './sora-errors.js'

/** Remembers verified callbacks for replay protection, e.g. over Redis `SET key 1 NX PXAT expiresAtMs`. */
export interface WebhookReplayStore {
  /**
   * Records `key` until `expiresAtMs` (Unix ms; a replay after that fails the freshness check anyway).
   * Resolves true when the key was new, false when it was already recorded.
   */
  remember(key: string, expiresAtMs: number): boolean | Promise<boolean>
}

/** What every verifier takes besides its provider's key: freshness and replay protection. */
export interface WebhookFreshnessOptions {
  /** Largest accepted distance between the callback's timestamp header and now. Default: 300000 (5 min). */
  toleranceMs?: number
  /** Current time in ms. Default: `Date.now`. A clock that returns a non-finite number rejects every callback. */
  now?: () => number
  /**
   * Rejects a callback seen before (`reason: 'replayed'`): pass one store to every call. Default: none, so a
   * signed callback verifies however often it is delivered. `memoryReplayStore()` keeps them in this
   * process; several instances need a shared store.
   */
  replayStore?: WebhookReplayStore
}

export type CheckedFreshness = Required<Pick<WebhookFreshnessOptions, 'toleranceMs' | 'now'>> &
  Pick<WebhookFreshnessOptions, 'replayStore'>

// Options decide what passes: a bad one is a typed error before any callback is read, never a check that always passes.
export function checkFreshnessOptions(options: WebhookFreshnessOptions): CheckedFreshness {
  if (!isPlainObject(options)) throw new ValidationError('options must be an object', { field: 'options' })
  const { toleranceMs = 300_000, now = Date.now, replayStore } = options as WebhookFreshnessOptions
  if (typeof toleranceMs !== 'number' || !Number.isFinite(toleranceMs) || toleranceMs < 0) {
    const got = typeof toleranceMs === 'number' ? String(toleranceMs) : typeof toleranceMs
    throw new ValidationError(`toleranceMs must be a finite number of ms >= 0 (got ${got})`, { field: 'toleranceMs' })
  }
  if (typeof now !== 'function')
    throw new ValidationError('now must be a function returning the time in ms', { field: 'now' })
  if (replayStore !== undefined && typeof (replayStore as { remember?: unknown } | null)?.remember !== 'function') {
    throw new ValidationError('replayStore must have a remember(key, expiresAtMs) method', { field: 'replayStore' })
  }
  return { toleranceMs, now, replayStore }
}

/** The header's Unix seconds, within `toleranceMs` of now; otherwise a WebhookVerificationError naming the header. */
export function checkedTimestamp(headerName: string, text: string | undefined, freshness: CheckedFreshness): number {
  if (!text || !/^\d{1,12}$/.test(text))
    throw new WebhookVerificationError(`${headerName} must be Unix seconds`, { reason: 'invalid-timestamp' })
  const timestamp = Number(text)
  const nowMs = freshness.now()
  // Written so that a NaN anywhere fails the check: every comparison with NaN is false.
  if (!(Math.abs(nowMs - timestamp * 1000) <= freshness.toleranceMs)) {
    const problem = Number.isFinite(nowMs)
      ? `is more than ${freshness.toleranceMs} ms from now`
      : `cannot be checked: now() returned ${String(nowMs)}`
    throw new WebhookVerificationError(`${headerName} ${problem}`, { reason: 'stale-timestamp' })
  }
  return timestamp
}

/**
 * Records a verified callback; throws `replayed` when the store already had it. Only verified ones may be recorded: a
 * forged callback must not block the real delivery.
 */
export async function rememberVerified(
  freshness: CheckedFreshness,
  key: readonly unknown[],
  timestamp: number,
  description: string,
): Promise<void> {
  const { replayStore, toleranceMs } = freshness
  if (replayStore === undefined) return
  if (!(await replayStore.remember(JSON.stringify(key), timestamp * 1000 + toleranceMs)))
    throw new WebhookVerificationError(`${description} was already verified`, { reason: 'replayed' })
}
