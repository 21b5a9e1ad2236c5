import { NetworkError, type SoraError, TimeoutError } from './sora-errors.js'
import { abortedError } from './transport-clock.js'
import type { SoraClock } from './sora-types.js'
import { parseJsonText } from './json-text.js'
import { BufferedResponse } from './transport-buffered-response.js'
import type { ErrorKind, ErrorKindReader } from './error-kinds.js'
import { mayRetry, type RequestKind, type TransportFailure } from './transport-retry-policy.js'

type FetchFunction = (request: Request) => Promise<Response>
/** A fetch that takes the per-attempt signal as `init` (the global fetch then builds one Request, not two). */
export type InitFetchFunction = (request: Request, init: { signal: AbortSignal }) => Promise<Response>

/** How the transport behaves; the facade fills every field from `SoraOptions`. */
export interface TransportOptions {
  provider: string
  fetch: InitFetchFunction
  maxRetries: number
  timeoutMs: number
  maxRetryAfterMs: number
  clock: SoraClock
  random: () => number
  /** What an answer means (its family's reading of status and body). kie.ai answers some errors as HTTP 200. */
  errorKind: ErrorKindReader
}

/**
 * Two fetches for openapi-fetch, which never retries (openapi-ts #1122): `read` for requests that
 * may be repeated, `create` for requests that start a billable task. Each attempt has its
 * own timeout covering the body, which is read here so a stalled body times out too.
 */
export interface Transport {
  read: FetchFunction
  create: FetchFunction
}

type Attempt =
  | { response: Response; errorKind: ErrorKind | undefined }
  | { failure: TransportFailure; error: SoraError }

// Which kind of request each answer came from, so its error's `retryable` follows the same rule.
const requestKinds = new WeakMap<Response, RequestKind>()

/** The kind of request a response answered; `create` (never resend) for a response this transport did not return. */
export function requestKindOf(response: Response): RequestKind {
  return requestKinds.get(response) ?? 'create'
}

export function createTransport(options: TransportOptions): Transport {
  return {
    read: (request) => send(request, 'read', options),
    create: (request) => send(request, 'create', options),
  }
}

async function send(request: Request, kind: RequestKind, options: TransportOptions): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const last = attempt >= options.maxRetries
    // A body can be sent once: keep the original for the next attempt.
    const outcome = await sendOnce(last || request.body === null ? request : request.clone(), kind, options)
    if ('error' in outcome) {
      if (last || !mayRetry(outcome.failure, kind)) throw outcome.error
      await options.clock.sleep(backoffMs(attempt, options.random), request.signal)
      continue
    }
    requestKinds.set(outcome.response, kind)
    if (!last && mayRetry(outcome.errorKind, kind)) {
      const retryAfterMs = parseRetryAfter(outcome.response.headers.get('retry-after'), options.clock.now())
      if (retryAfterMs === undefined || retryAfterMs <= options.maxRetryAfterMs) {
        await options.clock.sleep(retryAfterMs ?? backoffMs(attempt, options.random), request.signal)
        continue
      }
    }
    return outcome.response
  }
}

async function sendOnce(source: Request, kind: RequestKind, options: TransportOptions): Promise<Attempt> {
  const callerSignal = source.signal
  if (callerSignal.aborted) return { failure: 'aborted', error: abortedError(callerSignal) }
  const controller = new AbortController()
  const onCallerAbort = () => controller.abort(callerSignal.reason)
  callerSignal.addEventListener('abort', onCallerAbort, { once: true })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs)
  let reachedServer = false
  try {
    const response = await options.fetch(source, { signal: controller.signal })
    reachedServer = true
    const text = await response.text()
    const json = parseJsonText(text)
    return { response: new BufferedResponse(response, text, json), errorKind: options.errorKind(response.status, json) }
  } catch (error) {
    const where = `${options.provider} ${source.method} ${new URL(source.url).pathname}`
    if (callerSignal.aborted) return { failure: 'aborted', error: abortedError(callerSignal) }
    if (timedOut) {
      return {
        failure: 'timeout',
        error: new TimeoutError(`${where} timed out after ${options.timeoutMs} ms`, {
          provider: options.provider,
          retryable: mayRetry('timeout', kind),
        }),
      }
    }
    const failure: TransportFailure =
      !reachedServer && connectionRefused(error) ? 'connection-refused' : 'connection-lost'
    const message = `${where} failed: ${failure === 'connection-refused' ? 'connection refused' : describe(error)}`
    return {
      failure,
      error: new NetworkError(message, {
        provider: options.provider,
        retryable: mayRetry(failure, kind),
        cause: error,
      }),
    }
  } finally {
    clearTimeout(timer)
    callerSignal.removeEventListener('abort', onCallerAbort)
  }
}

/** 0.5 s doubling to 8 s, minus up to 25 % jitter so clients that failed together do not retry together. */
function backoffMs(attempt: number, random: () => number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (1 - random() * 0.25)
}

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

// Node (undici) reports the socket error as `cause.code`, possibly inside an AggregateError when
// several addresses were tried; browsers do not say, so a browser create is never retried.
function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } } | undefined)?.cause
  if (cause === undefined || cause === null) return false
  if (cause.code === 'ECONNREFUSED') return true
  return (
    Array.isArray(cause.errors) &&
    cause.errors.length > 0 &&
    cause.errors.every((inner) => inner.code === 'ECONNREFUSED')
  )
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined
  const message = error instanceof Error ? error.message : String(error)
  return detail === undefined ? message : `${message} (${detail})`
}
