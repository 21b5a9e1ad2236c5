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

/**
 * One class per documented code, whatever carried it: `code` is kie.ai's body code when not 200
 * (the same vocabulary as HTTP statuses, and it wins over the HTTP status), else the HTTP status.
 */
function errorForCode(code: number, message: string, details: SoraErrorDetails): SoraError {
  const ErrorClass =
    code === 401 || code === 403
      ? AuthenticationError
      : code === 402
        ? InsufficientCreditsError
        : code === 404
          ? NotFoundError
          : // 433: a kie.ai sub-key went over its usage limit.
            code === 429 || code === 433
            ? RateLimitedError
            : code === 455
              ? MaintenanceError
              : code === 501
                ? GenerationFailedError
                : code === 505
                  ? FeatureDisabledError
                  : code >= 400 && code < 500 && code !== 408
                    ? ValidationError
                    : ServerError
  return new ErrorClass(message, details)
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
  /** The code deciding the class (see errorForCode). */
  effectiveCode: number
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
    retryable: mayRetry(answer.effectiveCode, requestKindOf(response)),
    responseBody: bodyText(response, answer.body),
  }
  if (saysModelUnavailable(text))
    return new ModelUnavailableError(
      `${message}: the model is paused or withdrawn; pick another model (sora.capabilities lists each model's availability)`,
      { ...details, retryable: false },
    )
  return errorForCode(answer.effectiveCode, message, details)
}
