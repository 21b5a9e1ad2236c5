import type { ErrorKind } from './error-kinds.js'
import { parseRetryAfter, requestKindOf } from './transport-retry.js'
import { mayRetry } from './transport-retry-policy.js'
import { BufferedResponse } from './transport-buffered-response.js'
import {
  AuthenticationError,
  FeatureDisabledError,
  GenerationFailedError,
  InsufficientCreditsError,
  MaintenanceError,
  ModelUnavailableError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  ValidationError,
  type SoraError,
  type SoraErrorDetails,
} from './sora-errors.js'

/** The error class of each kind; an answer of no known kind (a 3xx, say) is a ServerError. */
const errorClassByKind: Readonly<Record<ErrorKind, new (message: string, details: SoraErrorDetails) => SoraError>> = {
  authentication: AuthenticationError,
  'insufficient-credits': InsufficientCreditsError,
  'not-found': NotFoundError,
  'rate-limited': RateLimitedError,
  maintenance: MaintenanceError,
  'generation-failed': GenerationFailedError,
  'feature-disabled': FeatureDisabledError,
  'request-timeout': ServerError,
  'invalid-request': ValidationError,
  'server-error': ServerError,
}

/**
 * The body as the provider sent it, for diagnosis. Not re-serialised from the parsed value: that
 * recurses, and a body nested 5,000 levels deep would overflow the stack. The facade redacts the key
 * and bounds it (errorTextLimits) before the error leaves.
 */
function bodyText(response: Response, body: unknown): string | undefined {
  const text = response instanceof BufferedResponse ? response.bodyText : typeof body === 'string' ? body : undefined
  return text === undefined || text === '' ? undefined : text
}

/** What the adapter read from an error answer. */
export interface ErrorAnswer {
  provider: string
  displayName: string
  response: Response
  body: unknown
  /** What the answer means (the family's `errorKind`): it decides the class and the retry rule. */
  errorKind: ErrorKind | undefined
  /** The provider's own code, when the body had one. */
  providerCode?: string
  /** The provider's message (`msg`, `message`, `error`, or a text body). */
  text: unknown
  now: number
}

/**
 * How providers say that a model is paused or gone: kie.ai answers every paused model with code 500
 * "This interface is temporarily paused"; resellers answered withdrawn Sora models "model not found".
 * Matched on the message because no provider gives these a code of their own.
 */
const modelUnavailableMessages = [
  /\btemporarily paused\b/i,
  /\bmodel\b[^.]{0,40}\b(?:not found|does not exist|not exist|unavailable|offline|discontinued|no longer (?:available|supported))/i,
  /\bno such model\b/i,
]

/** Whether a provider's error message says the model itself is paused or gone. */
export function saysModelUnavailable(text: string): boolean {
  return modelUnavailableMessages.some((pattern) => pattern.test(text))
}

/** The typed error for an answer, with a message naming the provider, the HTTP status and the code. */
export function errorFromAnswer(answer: ErrorAnswer): SoraError {
  const { response, providerCode } = answer
  const text = typeof answer.text === 'string' && answer.text !== '' ? answer.text : response.statusText || 'error'
  const codeNote = providerCode === undefined ? '' : `, code ${providerCode}`
  const message = `${answer.displayName}: ${text} (HTTP ${response.status}${codeNote})`
  const details = {
    provider: answer.provider,
    status: response.status,
    ...(providerCode === undefined ? {} : { code: providerCode }),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), answer.now) ?? null,
    retryable: mayRetry(answer.errorKind, requestKindOf(response)),
    responseBody: bodyText(response, answer.body),
  }
  if (saysModelUnavailable(text))
    return new ModelUnavailableError(
      `${message}: the model is paused or withdrawn; pick another model (sora.capabilities lists each model's availability)`,
      { ...details, retryable: false },
    )
  return new errorClassByKind[answer.errorKind ?? 'server-error'](message, details)
}
