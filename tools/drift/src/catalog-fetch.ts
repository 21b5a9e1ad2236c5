import { fetchUpstream, type FetchOptions, type FetchOutcome } from './upstream-fetch.js'

/** How a catalog route is retried when the provider throttles it. */
export interface ThrottleOptions {
  /** Requests per route at most, the first included. Default 4 (waits of about 2, 4 and 8 s between them). */
  attempts?: number
  /** The first wait in milliseconds; each next one doubles, ±25 % jitter. Default 2000. */
  baseDelayMs?: number
  /**
   * The most time spent waiting on throttled answers in one catalog pull (all its routes together), Retry-After
   * included. Default 60000.
   */
  maxWaitMs?: number
  /** Waits `ms` milliseconds. Default: a timer. Tests pass one that records the delay and returns at once. */
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1) for the jitter. Default Math.random. */
  random?: () => number
}

const defaultThrottle = { attempts: 4, baseDelayMs: 2_000, maxWaitMs: 60_000 } as const

export interface CatalogFetchOptions extends FetchOptions, ThrottleOptions {}

/** The waiting done so far in one catalog pull, shared by its routes so that `maxWaitMs` bounds the whole pull. */
export interface WaitBudget {
  waitedMs: number
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * GETs a catalog route with the Bearer key. kie.ai throttles these routes by answering HTTP 200
 * with `code: 429` in the body (sometimes an HTTP 429): both are retried after a growing, jittered
 * wait, or after the Retry-After the answer gives, within `attempts` and the pull's `budget` of
 * `maxWaitMs`. Hand-written rather than p-retry: the throttle signal hides in a 200 body, and the
 * wait must honour Retry-After and be injectable. Never throws; a last throttled answer is a
 * failure naming it.
 */
export async function fetchCatalogRoute(
  url: string,
  apiKey: string,
  options: CatalogFetchOptions = {},
  budget: WaitBudget = { waitedMs: 0 },
): Promise<FetchOutcome> {
  const sleep = options.sleep ?? wait
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await fetchUpstream(url, options, { authorization: `Bearer ${apiKey}`, accept: 'application/json' })
    if (!isThrottled(outcome)) return refusedInBody(url, outcome)
    const delay = nextDelay(attempt, outcome.retryAfter, options)
    const giveUp = reasonToGiveUp(attempt, delay, budget, options)
    if (giveUp !== undefined)
      return { ok: false, reason: `throttled by ${url} (code 429) ${giveUp}: try again later`, status: 429 }
    await sleep(delay)
    budget.waitedMs += delay
  }
}

/** Why no further request is made after `attempt` throttled ones, or undefined to wait `delay` and retry. */
function reasonToGiveUp(
  attempt: number,
  delay: number,
  budget: WaitBudget,
  options: ThrottleOptions,
): string | undefined {
  const requests = `after ${attempt} request${attempt === 1 ? '' : 's'}`
  if (attempt >= (options.attempts ?? defaultThrottle.attempts)) return requests
  const maxWaitMs = options.maxWaitMs ?? defaultThrottle.maxWaitMs
  if (budget.waitedMs + delay <= maxWaitMs) return undefined
  return `${requests} (the next wait, ${seconds(delay)}, would take this pull's waiting past its ${seconds(maxWaitMs)} bound; ${seconds(budget.waitedMs)} waited so far)`
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`

function isThrottled(outcome: FetchOutcome): boolean {
  if (!outcome.ok) return outcome.status === 429
  return bodyCode(outcome.text) === 429
}

/**
 * kie's envelope carries the real status: HTTP 200 with `code: 401` (a bad key) or 404 is a
 * failed request like an HTTP error, not a malformed document.
 */
function refusedInBody(url: string, outcome: FetchOutcome): FetchOutcome {
  if (!outcome.ok) return outcome
  const code = bodyCode(outcome.text)
  if (typeof code !== 'number' || code === 200) return outcome
  return { ok: false, reason: `${url} answered code ${code} (${bodyMessage(outcome.text)})`, status: code }
}

/** The `code` of a JSON envelope, or undefined for anything else (the caller reports a non-JSON answer). */
function bodyCode(text: string): unknown {
  return envelopeOf(text)?.code
}

function bodyMessage(text: string): string {
  const message = envelopeOf(text)?.msg
  return typeof message === 'string' ? message : 'no message'
}

function envelopeOf(text: string): { code?: unknown; msg?: unknown } | undefined {
  try {
    const parsed = JSON.parse(text) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown; msg?: unknown }) : undefined
  } catch {
    return undefined
  }
}

/** Milliseconds before the next request: the answer's Retry-After when it gives one, else 2^n × base ± 25 %. */
export function nextDelay(
  attempt: number,
  retryAfter: string | undefined,
  options: Pick<ThrottleOptions, 'baseDelayMs' | 'random'> = {},
): number {
  const asked = retryAfterMs(retryAfter)
  if (asked !== undefined) return asked
  const base = (options.baseDelayMs ?? defaultThrottle.baseDelayMs) * 2 ** (attempt - 1)
  const jitter = 0.75 + 0.5 * (options.random ?? Math.random)()
  return Math.round(base * jitter)
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
