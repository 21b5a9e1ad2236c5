import { describe, expect, it } from 'vitest'
import { createSora, RateLimitedError, ServerError, type Sora } from '../src/index.js'
import type { ErrorKind } from '../src/error-kinds.js'
import { retryRules, type RequestKind } from '../src/transport-retry-policy.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'
import { rejection } from './support/rejection.js'

const maxRetries = 2
const send: Record<RequestKind, (sora: Sora) => Promise<unknown>> = {
  read: (sora) => sora.getTask('t1'),
  create: (sora) => sora.textToVideo({ prompt: 'a boat' }),
}
// kie.ai's codes (HTTP status or body code, one vocabulary) and the kind each is documented to mean: the retry
// table's row for that kind decides. 502 stands for any other 5xx; the 4xx below have no row (never retried).
const kieCodes: Record<number, ErrorKind> = {
  408: 'request-timeout',
  429: 'rate-limited',
  433: 'rate-limited',
  455: 'maintenance',
  501: 'generation-failed',
  505: 'feature-disabled',
  500: 'server-error',
  502: 'server-error',
  400: 'invalid-request',
  401: 'authentication',
  402: 'insufficient-credits',
  404: 'not-found',
  422: 'invalid-request',
}

function expected(code: number, kind: RequestKind): boolean {
  return retryRules.find((rule) => rule.when === kieCodes[code])?.[kind] ?? false
}

describe('one retry table decides both the retries and error.retryable', () => {
  for (const code of Object.keys(kieCodes).map(Number)) {
    for (const kind of ['read', 'create'] as const) {
      for (const carrier of ['HTTP status', 'kie.ai body code on HTTP 200'] as const) {
        it(`${code} as ${carrier}, on a ${kind}: ${expected(code, kind) ? 'retried and retryable' : 'sent once and not retryable'}`, async () => {
          const fetch = stubFetch(
            json({ code, msg: `code ${code}`, data: null }, carrier === 'HTTP status' ? code : 200),
          )
          const sora = createSora({
            provider: 'kie',
            apiKey: 'test-key',
            fetch,
            clock: fakeClock(),
            random: () => 0,
            maxRetries,
          })
          const error = await rejection(send[kind](sora))
          expect(fetch.calls).toHaveLength(expected(code, kind) ? maxRetries + 1 : 1)
          expect(error.retryable).toBe(expected(code, kind))
        })
      }
    }
  }

  it('a create answered HTTP 500 is a ServerError that says it is not retryable (it may exist)', async () => {
    const fetch = stubFetch(json({ code: 500, msg: 'Internal server error' }, 500))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch, clock: fakeClock() })
    const error = await rejection(sora.textToVideo({ prompt: 'a boat' }))
    expect(error).toBeInstanceOf(ServerError)
    expect(error.retryable).toBe(false)
    expect(fetch.calls).toHaveLength(1)
  })

  it('kie.ai body code 433 behaves like 429: retried after Retry-After on a create, then RateLimitedError', async () => {
    const clock = fakeClock()
    const fetch = stubFetch(json({ code: 433, msg: 'sub-key usage limit', data: null }, 200, { 'retry-after': '3' }))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch, clock, maxRetries })
    const error = await rejection(sora.textToVideo({ prompt: 'a boat' }))
    expect(error).toBeInstanceOf(RateLimitedError)
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000 })
    expect(fetch.calls).toHaveLength(3)
    expect(clock.sleeps).toEqual([3000, 3000])
  })

  it('a vtrix code whose class is 5xx (014001097 on HTTP 400) is retried on a read, as its error says', async () => {
    const fetch = stubFetch(json({ code: 14001097, message: 'upstream HTTP error' }, 400))
    const sora = createSora({ provider: 'vtrix', apiKey: 'test-key', fetch, clock: fakeClock(), maxRetries })
    const error = await rejection(sora.getTask('t1'))
    expect(error).toBeInstanceOf(ServerError)
    expect(error.retryable).toBe(true)
    expect(fetch.calls).toHaveLength(3)
  })

  const failures: Array<[string, (request: Request) => Promise<Response>]> = [
    [
      'connection-refused',
      async () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          }),
        ),
    ],
    [
      'connection-lost',
      async () =>
        Promise.reject(
          new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }),
        ),
    ],
    [
      'timeout',
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          // As fetch does: a signal already aborted (the 1 ms timeout fired first on a busy machine) rejects at once.
          const abort = () => reject(new DOMException('aborted', 'AbortError'))
          if (request.signal.aborted) abort()
          else request.signal.addEventListener('abort', abort)
        }),
    ],
  ]
  for (const [failure, answer] of failures) {
    for (const kind of ['read', 'create'] as const) {
      const rule = retryRules.find((candidate) => candidate.when === failure)!
      it(`${failure} on a ${kind}: ${rule[kind] ? 'retried and retryable' : 'sent once and not retryable'}`, async () => {
        const fetch = stubFetch(answer)
        const sora = createSora({
          provider: 'kie',
          apiKey: 'test-key',
          fetch,
          clock: fakeClock(),
          maxRetries,
          timeoutMs: 1,
        })
        const error = await rejection(send[kind](sora))
        expect(fetch.calls).toHaveLength(rule[kind] ? maxRetries + 1 : 1)
        expect(error.retryable).toBe(rule[kind])
      })
    }
  }
})
