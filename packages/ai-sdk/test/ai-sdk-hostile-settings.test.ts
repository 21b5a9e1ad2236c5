import { SoraError, ValidationError } from '@sorakit/sora'
import { describe, expect, it } from 'vitest'
import { createSorakit, createSorakitV3, type VideoCallOptions } from '../src/index.js'
import { callOptions as sharedCallOptions } from './support/call-options.js'

// Settings and inputs a careless caller (or an attacker feeding JSON) gives the provider: refused
// before any request, keys never echoed, aborts as the AI SDK recognises them. A stub fetch counts requests.

const apiKey = 'sk-ai-sdk-hostile-0123456789abcdef'

function countingFetch(answer: (request: Request) => unknown) {
  const requests: Request[] = []
  const fetch = async (request: Request) => {
    requests.push(request)
    return new Response(JSON.stringify(answer(request)), { headers: { 'content-type': 'application/json' } })
  }
  return { fetch, requests }
}

/** The shared call, with a prompt. */
function callOptions(options: Partial<VideoCallOptions>): VideoCallOptions {
  return sharedCallOptions({ prompt: 'A lighthouse', ...options })
}

const accepted = { code: 200, msg: 'success', data: { taskId: 'task_hostile_1' } }

describe('wait settings are checked when the provider is made, before any billable create', () => {
  it.each([
    [{ deadlineMs: -5 }, 'wait.deadlineMs'],
    [{ deadlineMs: 'soon' }, 'wait.deadlineMs'],
    [{ pollSchedule: [{ untilMs: 0, minMs: 5, maxMs: 1 }] }, 'wait.pollSchedule'],
    [{ pollSchedule: 'fast' }, 'wait.pollSchedule'],
    ['soon', 'wait'],
  ] as const)('%j → ValidationError naming %s', (wait, field) => {
    const { fetch, requests } = countingFetch(() => accepted)
    for (const create of [createSorakitV3, createSorakit]) {
      const error = (() => {
        try {
          create({ provider: 'kie', apiKey, fetch, wait: wait as never })
        } catch (thrown) {
          return thrown
        }
      })()
      expect(ValidationError.isInstance(error), String(error)).toBe(true)
      expect(error).toMatchObject({ field })
    }
    expect(requests).toHaveLength(0)
  })
})

describe('what a call carries', () => {
  it('an own __proto__ in providerOptions.sorakit (from JSON.parse) is refused as an unknown option, before any create', async () => {
    const { fetch, requests } = countingFetch(() => accepted)
    const model = createSorakit({ provider: 'kie', apiKey, fetch }).video('kling-3.0/video')
    const hostile = JSON.parse('{"__proto__": {"durationSeconds": 99}, "resolution": "8k"}') as Record<string, unknown>
    const error = await model.doStart(callOptions({ providerOptions: { sorakit: hostile as never } })).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(SoraError.isInstance(error), String(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'validation', field: '__proto__' })
    expect(requests).toHaveLength(0)
  })

  it("ai 7: a failed task whose message echoes the key reaches doStatus's error without it", async () => {
    const failed = {
      code: 200,
      msg: 'success',
      data: {
        taskId: 'task_hostile_1',
        model: 'kling-3.0/video',
        state: 'fail',
        failCode: '501',
        failMsg: `upstream refused Authorization: Bearer ${apiKey}`,
        param: '{}',
        resultJson: null,
      },
    }
    const { fetch } = countingFetch(() => failed)
    const model = createSorakit({ provider: 'kie', apiKey, fetch }).video('kling-3.0/video')
    const handle = {
      provider: 'kie',
      taskId: 'task_hostile_1',
      model: 'kling-3.0/video',
      baseUrl: 'https://api.kie.ai',
      createdAt: '',
    }
    const error = await model.doStatus({ operation: handle }).then(
      () => undefined,
      (rejection: unknown) => rejection as Error & { failure: unknown; task: unknown },
    )
    expect(error).toMatchObject({ kind: 'generation-failed' })
    const shown = `${error!.message} ${JSON.stringify(error!.failure)} ${JSON.stringify(error!.task)}`
    expect(shown).toContain('upstream refused')
    expect(shown).not.toContain(apiKey)
  })

  it.each([
    [
      'ai 7 doStart',
      () =>
        createSorakit({ provider: 'kie', apiKey, fetch: countingFetch(() => accepted).fetch })
          .video('kling-3.0/video')
          .doStart(callOptions({ abortSignal: AbortSignal.abort() })),
    ],
    [
      'ai 6 doGenerate',
      () =>
        createSorakitV3({ provider: 'kie', apiKey, fetch: countingFetch(() => accepted).fetch })
          .video('kling-3.0/video')
          .doGenerate(callOptions({ abortSignal: AbortSignal.abort() })),
    ],
  ])(
    '%s: an abort rejects with an error named AbortError (the AI SDK convention), the facade error as its cause',
    async (_name, call) => {
      const error = await call().then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).name).toBe('AbortError')
      expect(SoraError.isInstance((error as Error & { cause?: unknown }).cause)).toBe(true)
    },
  )
})
