import type { SoraHandle, SoraTask, SoraTaskFailure } from './sora-types.js'

/** Every kind of failure the facade reports; each has its own class. */
export type SoraErrorKind =
  | 'authentication'
  | 'insufficient-credits'
  | 'not-found'
  | 'validation'
  | 'rate-limited'
  | 'maintenance'
  | 'server'
  | 'generation-failed'
  | 'feature-disabled'
  | 'model-unavailable'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'poll-deadline-exceeded'
  | 'unsupported-feature'
  | 'malformed-provider-response'
  | 'webhook-verification'

// A registered symbol, not a class identity: two installed copies of the package (or another
// realm) still recognise each other's errors.
const marker = Symbol.for('sorakit.error')

// An error from a request takes `retryable` from the retry table (transport-retry-policy.ts), for
// the kind of request that failed. Without a request, only a deadline is worth trying again.
const retryableWithoutRequest: ReadonlySet<SoraErrorKind> = new Set(['poll-deadline-exceeded'])

/** What an error may carry besides its message; subclasses add their own fields. */
export interface SoraErrorDetails {
  /** Provider that answered (or would have): its id in the provider registry (`kie`, `vtrix`...). */
  provider?: string
  /** HTTP status of the answer, when there was one. */
  status?: number
  /** The provider's own error code (kie.ai body `code` or `failCode`, vtrix `code`). */
  code?: string
  /** The option the error is about (validation, unsupported feature). */
  field?: string
  /** What the provider accepts for `field`, to fix the request. */
  supported?: readonly unknown[]
  /** The answer's body, at most 2000 characters, when it helps diagnose (never the request). */
  responseBody?: string
  /** Seconds the provider asked to wait, in ms (RateLimitedError). */
  retryAfterMs?: number | null
  /** Why the task failed (GenerationFailedError). */
  failure?: SoraTaskFailure | null
  /** The failed task (GenerationFailedError). Not enumerable, so logs stay short. */
  task?: SoraTask | null
  /** The task still running (PollDeadlineExceededError). */
  handle?: SoraHandle
  /** The last state seen (PollDeadlineExceededError). Not enumerable. */
  lastTask?: SoraTask | null
  /** Why a webhook was rejected (WebhookVerificationError). */
  reason?: WebhookRejection
  /**
   * Whether the same request may be sent again, from the retry table. Default: true only for PollDeadlineExceededError.
   */
  retryable?: boolean
  cause?: unknown
}

/**
 * Base of every facade error. Check with `SoraError.isInstance(error)` or `RateLimitedError.isInstance(error)` (safe
 * across copies and realms).
 */
export class SoraError extends Error {
  /** The kind of every instance of this class; `undefined` on the base class. */
  static readonly kind: SoraErrorKind | undefined = undefined
  declare readonly kind: SoraErrorKind
  /**
   * True when sending the same request again is safe and may succeed (after `retryAfterMs` when
   * set): the README's retry table, for the request that failed. A create answered 5xx is false.
   */
  declare readonly retryable: boolean
  declare readonly provider?: string
  declare readonly status?: number
  declare readonly code?: string
  declare readonly field?: string
  declare readonly supported?: readonly unknown[]
  declare readonly responseBody?: string

  constructor(kind: SoraErrorKind, message: string, details: SoraErrorDetails = {}) {
    const { cause, task, lastTask, retryable = retryableWithoutRequest.has(kind), ...facts } = details
    super(message, cause === undefined ? undefined : { cause })
    Object.defineProperty(this, marker, { value: kind })
    this.name = kind.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase()) + 'Error'
    Object.assign(this, { kind, retryable }, facts)
    // Hidden from JSON and inspection, but configurable so key redaction can replace them.
    if (task !== undefined) Object.defineProperty(this, 'task', { value: task, configurable: true })
    if (lastTask !== undefined) Object.defineProperty(this, 'lastTask', { value: lastTask, configurable: true })
  }

  /** True for an error of this class (any SoraError when called on `SoraError`), from any copy of the package. */
  static isInstance<T extends SoraError>(
    this: { readonly kind: SoraErrorKind | undefined; prototype: T },
    value: unknown,
  ): value is T {
    const kind = typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[marker] : undefined
    return typeof kind === 'string' && (this.kind === undefined || this.kind === kind)
  }

  /** The facts as JSON: kind, message, status, code, field... never a request, a header or a key. */
  toJSON(): Record<string, unknown> {
    return { ...this, name: this.name, message: this.message } as unknown as Record<string, unknown>
  }
}

// One class per kind; the kind is the only difference, besides the fields each declares.
function errorOfKind<K extends SoraErrorKind>(kind: K) {
  return class extends SoraError {
    static override readonly kind: K = kind
    constructor(message: string, details?: SoraErrorDetails) {
      super(kind, message, details)
    }
  }
}

/** 401 (and 403 on kie.ai/Apikley): the API key is missing, wrong or not allowed. */
export class AuthenticationError extends errorOfKind('authentication') {}
/** 402 (vtrix: 403 "insufficient balance"): top up the account. */
export class InsufficientCreditsError extends errorOfKind('insufficient-credits') {}
/** 404: no such task. */
export class NotFoundError extends errorOfKind('not-found') {}
/** 400/422 from the provider, or input the facade rejected before any request (see `field`, `supported`). */
export class ValidationError extends errorOfKind('validation') {}
/** 429 (kie.ai also 433, a sub-key over its limit): slow down. */
export class RateLimitedError extends errorOfKind('rate-limited') {
  /** The provider's `Retry-After`, when it sent one. */
  declare readonly retryAfterMs: number | null
}
/** 455: the provider is under maintenance. */
export class MaintenanceError extends errorOfKind('maintenance') {}
/** 5xx other than 501/505: a read may be retried; a create may already exist. */
export class ServerError extends errorOfKind('server') {}
/** 501, or a task that ended `failed`: `failure.kind` tells content policy, validation and generation apart. */
export class GenerationFailedError extends errorOfKind('generation-failed') {
  declare readonly failure: SoraTaskFailure | null
  /** The failed task, when the failure came from one. */
  declare readonly task: SoraTask | null
}
/** 505: the feature is disabled for this account or model. */
export class FeatureDisabledError extends errorOfKind('feature-disabled') {}
/**
 * The provider refused the model as paused or gone (kie.ai: 500 "This interface is temporarily
 * paused"; "model not found" style answers), whatever the manifest said. Not retryable: pick another
 * model (`sora.capabilities` lists each model's availability).
 */
export class ModelUnavailableError extends errorOfKind('model-unavailable') {}
/** The connection failed (refused, reset, DNS...) and retries, where allowed, did not help. */
export class NetworkError extends errorOfKind('network') {}
/** An attempt took longer than `timeoutMs` (a create that timed out may still have been created). */
export class TimeoutError extends errorOfKind('timeout') {}
/** The caller's `AbortSignal` fired. */
export class AbortedError extends errorOfKind('aborted') {}
/** `wait` reached its deadline; the task may still finish: keep `handle` and wait again later. */
export class PollDeadlineExceededError extends errorOfKind('poll-deadline-exceeded') {
  declare readonly handle: SoraHandle
  declare readonly lastTask: SoraTask | null
}
/** The provider cannot do what was asked (a tier, an option, a value, an operation): see `field` and `supported`. */
export class UnsupportedFeatureError extends errorOfKind('unsupported-feature') {}
/** The provider answered something its documents do not allow (bad JSON, missing fields). */
export class MalformedProviderResponseError extends errorOfKind('malformed-provider-response') {}

/** Why a webhook was rejected. */
export type WebhookRejection =
  | 'missing-signature'
  /** A header the scheme signs is absent (fal: the request id, user id or timestamp). */
  | 'missing-header'
  | 'invalid-timestamp'
  | 'stale-timestamp'
  | 'bad-signature'
  | 'malformed-body'
  | 'body-too-large'
  /** The provider's public keys could not be fetched or held no usable key: nothing can verify, so nothing passes. */
  | 'keys-unavailable'
  | 'replayed'

/** A callback failed verification: do not trust it (answer 401; polling still finds the task). */
export class WebhookVerificationError extends errorOfKind('webhook-verification') {
  declare readonly reason: WebhookRejection
}
