import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSora, SoraError } from '../src/index.js'
import { json } from './support/stub-fetch.js'
import { fakeClock } from './support/stub-fetch.js'
import { propertyRuns } from './support/property-runs.js'

// Keys as providers issue them (and some hostile ones); at least 8 characters so that a key is not
// a substring of every message by chance.
const apiKeys = fc
  .string({ minLength: 8, maxLength: 64, unit: 'grapheme-ascii' })
  .filter((key) => key.trim() === key && key.trim().length >= 8)

// Ways a provider or a caller can put the key where an error may show it.
const leaks = fc.constantFrom(
  'echo-in-message',
  'echo-in-http-error',
  'echo-in-failure',
  'echo-in-malformed-json',
  'key-as-prompt',
  'key-as-task-id',
  'echo-in-network-error',
  'echo-in-vtrix-error',
)

// Every string of the JSON form, unescaped (JSON.stringify escapes quotes a key may contain).
function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, item]) => [key, ...jsonStrings(item)])
    : []
}

function exposure(error: unknown): string {
  const soraError = error as SoraError
  // Everything a caller can reach: hidden properties (task, lastTask) included.
  const carried = soraError as unknown as { task?: unknown; lastTask?: unknown }
  const shown = [
    soraError.message,
    String(soraError),
    soraError.stack ?? '',
    inspect(soraError, { depth: 10, showHidden: true }),
    inspect(soraError.cause, { depth: 10 }),
    JSON.stringify(carried.task ?? null),
    JSON.stringify(carried.lastTask ?? null),
  ]
  return [...shown, ...jsonStrings(JSON.parse(JSON.stringify(soraError)))].join('\n')
}

async function provoke(leak: string, apiKey: string): Promise<unknown> {
  const echo = (status: number, body: (key: string) => unknown) => async (request: Request) =>
    json(body(request.headers.get('authorization') ?? ''), status)
  const fetches: Record<string, (request: Request) => Promise<Response>> = {
    'echo-in-message': echo(200, (authorization) => ({ code: 401, msg: `bad token ${authorization}` })),
    'echo-in-http-error': echo(403, (authorization) => ({ code: 403, msg: 'forbidden', data: { authorization } })),
    'echo-in-failure': echo(200, (authorization) => ({
      code: 200,
      msg: 'success',
      data: { taskId: 't', state: 'fail', failCode: '500', failMsg: `crashed for ${authorization}` },
    })),
    'echo-in-malformed-json': async (request) =>
      new Response(`{"oops": "${request.headers.get('authorization')}`, { status: 200 }),
    'echo-in-network-error': async (request) => {
      throw new TypeError('fetch failed', {
        cause: new Error(`socket closed while sending ${request.headers.get('authorization')}`),
      })
    },
    'echo-in-vtrix-error': echo(400, (authorization) => ({
      code: 14001097,
      message: `upstream said ${authorization}`,
    })),
  }
  const provider = leak === 'echo-in-vtrix-error' ? 'vtrix' : 'kie'
  const sora = createSora({
    provider,
    apiKey,
    fetch: fetches[leak] ?? fetches['echo-in-message'],
    maxRetries: 0,
    clock: fakeClock(),
  })
  try {
    if (leak === 'key-as-prompt') await sora.textToVideo({ prompt: apiKey, durationSeconds: 11 })
    else if (leak === 'key-as-task-id')
      await sora.getTask({
        provider: 'kie',
        taskId: apiKey,
        model: '',
        baseUrl: `https://${apiKey}.test`,
        createdAt: '',
      })
    else if (leak === 'echo-in-failure') await sora.wait('t')
    else await sora.getTask('t')
  } catch (error) {
    return error
  }
  throw new Error(`${leak} did not fail`)
}

describe('the API key never shows in an error', () => {
  it('is absent from message, toString, stack, JSON, inspect output and cause, whatever echoes it', async () => {
    await fc.assert(
      fc.asyncProperty(apiKeys, leaks, async (apiKey, leak) => {
        const error = await provoke(leak, apiKey)
        expect(SoraError.isInstance(error)).toBe(true)
        expect(exposure(error)).not.toContain(apiKey)
      }),
      { numRuns: propertyRuns(400) },
    )
  })

  it('is absent from a failed task error carried by wait', async () => {
    const error = await provoke('echo-in-failure', 'sk-live-0123456789abcdef')
    expect(error).toMatchObject({ kind: 'generation-failed', failure: { message: 'crashed for Bearer [redacted]' } })
  })
})
