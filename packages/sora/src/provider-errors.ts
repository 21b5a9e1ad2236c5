import { parseRetryAfter, requestKindOf } from './transport-retry.js'
import { mayRetry } from './transport-retry-policy.js'
import {
  AuthenticationError,
  FeatureDisabledError,
  GenerationFailedError,
  InsufficientCreditsError,
  MaintenanceError,
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
export function errorForCode(code: number, message: string, details: SoraErrorDetails): SoraError {
  const ErrorClass =
    code === 401 || code === 403 ? AuthenticationError
    : code === 402 ? InsufficientCreditsError
    : code === 404 ? NotFoundError
    // 433: a kie.ai sub-key went over its usage limit.
    : code === 429 || code === 433 ? RateLimitedError
    : code === 455 ? MaintenanceError
    : code === 501 ? GenerationFailedError
    : code === 505 ? FeatureDisabledError
    : code >= 400 && code < 500 && code !== 408 ? ValidationError
    : ServerError
  return new ErrorClass(message, details)
}

const maximumBodyLength = 2000

/** The body kept on an error for diagnosis, shortened. */
export function truncatedBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return text.length > maximumBodyLength ? `${text.slice(0, maximumBodyLength)}…` : text
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

/** The typed error for an answer, with a message naming the provider, the HTTP status and the code. */
export function errorFromAnswer(answer: ErrorAnswer): SoraError {
  const { response, providerCode } = answer
  const text = typeof answer.text === 'string' && answer.text !== '' ? answer.text : response.statusText || 'error'
  const codeNote = providerCode === undefined ? '' : `, code ${providerCode}`
  return errorForCode(answer.effectiveCode, `${answer.displayName}: ${text} (HTTP ${response.status}${codeNote})`, {
    provider: answer.provider,
    status: response.status,
    ...(providerCode === undefined ? {} : { code: providerCode }),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), answer.now) ?? null,
    retryable: mayRetry(answer.effectiveCode, requestKindOf(response)),
    responseBody: truncatedBody(answer.body),
  })
}
