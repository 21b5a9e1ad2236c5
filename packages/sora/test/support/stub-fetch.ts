import { AbortedError } from '../../src/sora-errors.js'

/** A fetch that answers from a list of handlers and records every request it saw. */
export interface StubFetch {
  (request: Request): Promise<Response>
  calls: Array<{ method: string; url: URL; headers: Headers; body: string }>
}

export type StubAnswer = Response | ((request: Request, body: string) => Response | Promise<Response>)

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** Answers in order; the last answer repeats. */
export function stubFetch(...answers: StubAnswer[]): StubFetch {
  const calls: StubFetch['calls'] = []
  const fetch = (async (request: Request) => {
    const body = request.body === null ? '' : await request.clone().text()
    calls.push({ method: request.method, url: new URL(request.url), headers: request.headers, body })
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]
    if (answer === undefined) throw new Error('stubFetch has no answer')
    return typeof answer === 'function' ? answer(request, body) : answer.clone()
  }) as StubFetch
  fetch.calls = calls
  return fetch
}

/** A clock whose sleeps return at once and move time forward; `sleeps` lists what was asked. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new AbortedError('aborted')
      sleeps.push(ms)
      now += ms
    },
  }
}
