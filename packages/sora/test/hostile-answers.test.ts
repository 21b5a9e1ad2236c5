import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  createSora,
  GenerationFailedError,
  MalformedProviderResponseError,
  NetworkError,
  ServerError,
  SoraError,
  ValidationError,
} from '../src/index.js'
import { kieRecordExamples } from './support/provider-examples.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'
import { rejection } from './support/rejection.js'

// What README promises: message at most 1000 characters, responseBody at most 2000, each plus a short "… (N more
// characters)" note.
const messageBound = 1000 + 40
const bodyBound = 2000 + 40
const key = 'Q7zK9pL2mW4vB8nR3tY6'

const kie = (fetch: (request: Request) => Promise<Response>, apiKey = key) =>
  createSora({ provider: 'kie', apiKey, fetch, maxRetries: 0, clock: fakeClock() })

// Everything a caller can reach from an error, hidden properties included.
function exposure(error: unknown): string {
  return [
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(error),
    String((error as Error).stack),
  ].join('\n')
}

function fragments(text: string, length: number): string[] {
  return Array.from({ length: text.length - length + 1 }, (_, index) => text.slice(index, index + length))
}

describe('always a SoraError, always bounded', () => {
  const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`

  it('an error body nested 5,000 levels deep (30 KB) is a SoraError of its status, with a bounded body', async () => {
    const answers: Array<[string, Response, { isInstance(value: unknown): boolean }]> = [
      ['kie HTTP 500', new Response(`{"code":500,"msg":"boom","data":${deep}}`, { status: 500 }), ServerError],
      [
        'kie HTTP 200, body code 422',
        new Response(`{"code":422,"msg":"bad","data":${deep}}`, { status: 200 }),
        ValidationError,
      ],
      ['kie HTTP 400, deep msg', new Response(`{"code":400,"msg":${deep}}`, { status: 400 }), ValidationError],
    ]
    for (const [name, answer, ErrorClass] of answers) {
      const error = await rejection(kie(async () => answer.clone()).getTask('t1'))
      expect(ErrorClass.isInstance(error), name).toBe(true)
      expect(error.responseBody!.length, name).toBeLessThan(bodyBound)
    }
    const vtrix = createSora({
      provider: 'vtrix',
      apiKey: key,
      fetch: async () => new Response(`{"code":"400","message":"bad","detail":${deep}}`, { status: 400 }),
      maxRetries: 0,
    })
    expect(await rejection(vtrix.getTask('t1'))).toBeInstanceOf(ValidationError)
  })

  it('a task record nested 5,000 levels deep is a SoraError or a task, never a RangeError', async () => {
    const record = JSON.stringify(kieRecordExamples()['success']).replace('"data":{', `"extra":${deep},"data":{`)
    expect(
      (await kie(async () => new Response(record)).getTask('task_sora-2-text-to-video_1765184045509')).status,
    ).toBe('succeeded')
    const error = await kie(async () => new Response(`{"code":200,"msg":"ok","data":${deep}}`))
      .getTask('t1')
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(MalformedProviderResponseError)
  })

  it('a 10 MB msg or a 10 MB HTML 502 page gives a bounded message and body', async () => {
    const huge = 'x'.repeat(10_000_000)
    const fromMessage = await rejection(kie(async () => json({ code: 500, msg: huge }, 500)).getTask('t1'))
    const fromPage = await rejection(
      kie(
        async () => new Response(`<html>${huge}</html>`, { status: 502, headers: { 'content-type': 'text/html' } }),
      ).getTask('t1'),
    )
    for (const error of [fromMessage, fromPage]) {
      expect(error).toBeInstanceOf(ServerError)
      expect(error.message.length).toBeLessThan(messageBound)
      expect(error.responseBody!.length).toBeLessThan(bodyBound)
      expect(error.stack!.length).toBeLessThan(4000 + 40)
      expect(JSON.stringify(error).length).toBeLessThan(messageBound + bodyBound + 500)
    }
    expect(fromMessage.message).toMatch(/^kie\.ai: x+… \(\d+ more characters\)$/)
  })

  it('a failed task with a 10 MB failMsg gives a bounded GenerationFailedError message', async () => {
    const record = structuredClone(kieRecordExamples()['fail'])
    record.data.failMsg = 'y'.repeat(10_000_000)
    const error = await rejection(kie(async () => json(record)).wait(record.data.taskId))
    expect(error).toBeInstanceOf(GenerationFailedError)
    expect(error.message.length).toBeLessThan(messageBound)
  })
})

describe('no fragment of the key, ever', () => {
  it('redacts before cutting: a key straddling the message or body limit leaves no 5-character fragment', async () => {
    for (const [field, limit] of [
      ['msg', 1000],
      ['body', 2000],
    ] as const) {
      for (let offset = limit - key.length - 2; offset <= limit + 2; offset += 1) {
        const fetch = async () => {
          const prefix = field === 'msg' ? 'kie.ai: '.length : '{"code":500,"msg":"'.length
          const text = `${'-'.repeat(Math.max(0, offset - prefix))}${key}${'-'.repeat(3000)}`
          return json({ code: 500, msg: text }, 500)
        }
        const error = await rejection(kie(fetch).getTask('t1'))
        const shown = exposure(error)
        for (const fragment of fragments(key, 5))
          expect(shown, `${field} at ${offset}: ${fragment}`).not.toContain(fragment)
      }
    }
  })

  it('redacts AggregateError.errors and cause chains of any depth', async () => {
    let cause: Error = new Error(`socket closed while sending Bearer ${key}`)
    for (let level = 0; level < 20; level += 1) cause = new Error(`level ${level}`, { cause })
    const aggregate = new AggregateError(
      [new Error(`connect to ${key} refused`), { note: `plain ${key}` }],
      'all addresses failed',
    )
    const error = await rejection(
      kie(async () => {
        throw new TypeError('fetch failed', {
          cause: new AggregateError([cause, aggregate], `several failures ${key}`),
        })
      }).getTask('t1'),
    )
    expect(error).toBeInstanceOf(NetworkError)
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).toContain('level 0')
    expect(exposure(error)).not.toContain(key)
  })

  it('redacts the raw payload of a carried task at any depth, keys included', async () => {
    const record = structuredClone(kieRecordExamples()['fail'])
    let nested: Record<string, unknown> = { [`echo ${key}`]: `Bearer ${key}` }
    for (let level = 0; level < 50; level += 1) nested = { level: nested }
    record.data.extra = nested
    const error = await rejection(kie(async () => json(record)).wait(record.data.taskId))
    expect(error).toBeInstanceOf(GenerationFailedError)
    const task = (error as GenerationFailedError).task
    expect(JSON.stringify(task)).toContain('[redacted]')
    expect(exposure(error)).not.toContain(key)
  })

  it('a key shorter than 8 characters is redacted as a whole token only, so ordinary text stays whole', async () => {
    for (const shortKey of ['k', 'ki', 'kie']) {
      const error = await rejection(
        kie(
          async (request) =>
            json(
              { code: 401, msg: `token ${request.headers.get('authorization')} refused by kie.ai, see kie.ai/api-key` },
              401,
            ),
          shortKey,
        ).getTask('t1'),
      )
      expect(error.message, shortKey).toBe(
        'kie.ai: token Bearer [redacted] refused by kie.ai, see kie.ai/api-key (HTTP 401, code 401)',
      )
    }
  })

  it('redacts the JSON-escaped and URL-encoded spellings of a key', async () => {
    const oddKey = 'sk"odd\\key/with+chars'
    const error = await rejection(
      kie(
        async () => new Response(`upstream: ${JSON.stringify(oddKey)} ${encodeURIComponent(oddKey)}`, { status: 500 }),
        oddKey,
      ).getTask('t1'),
    )
    const shown = exposure(error)
    for (const spelling of [oddKey, JSON.stringify(oddKey).slice(1, -1), encodeURIComponent(oddKey)])
      expect(shown).not.toContain(spelling)
  })
})

describe('a throwing onProgress', () => {
  it('ends the wait with the exception it threw, unchanged, and polls no more', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['generating']))
    const thrown = new TypeError('my progress bar broke')
    const sora = createSora({ provider: 'kie', apiKey: key, fetch, clock: fakeClock() })
    const error = await sora
      .wait('task_sora-2-text-to-video_1765184045509', {
        onProgress: () => {
          throw thrown
        },
      })
      .catch((reason: unknown) => reason)
    expect(error).toBe(thrown)
    expect(SoraError.isInstance(error)).toBe(false)
    expect(fetch.calls).toHaveLength(1)
  })
})
