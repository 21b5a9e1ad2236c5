import { describe, expect, it } from 'vitest'
import {
  createFailureAction,
  createFailurePolicy,
  createSoraRouter,
  InsufficientCreditsError,
  NetworkError,
  ValidationError,
} from '../src/index.js'
import { json, stubFetch } from './support/stub-fetch.js'

const created = (taskId: string) => json({ code: 200, msg: 'success', data: { taskId } })
const refused = (code: number) => json({ code, msg: `refused ${code}`, data: null })

function route(kieAnswer: Response, apikleyAnswer = created('task_apikley_1')) {
  const kie = stubFetch(kieAnswer)
  const apikley = stubFetch(apikleyAnswer)
  const fallbacks: string[] = []
  const router = createSoraRouter({
    route: [
      { provider: 'kie', apiKey: 'k', fetch: kie, maxRetries: 0 },
      { provider: 'apikley', apiKey: 'a', fetch: apikley, maxRetries: 0 },
    ],
    onFallback: ({ from, to }) => fallbacks.push(`${from}->${to}`),
  })
  return { router, kie, apikley, fallbacks }
}

describe('createSoraRouter', () => {
  it('moves to the next provider on maintenance, where no task was created', async () => {
    const { router, kie, apikley, fallbacks } = route(refused(455))
    const handle = await router.textToVideo({ prompt: 'A paper boat' })
    expect(handle.provider).toBe('apikley')
    expect([kie.calls.length, apikley.calls.length]).toEqual([1, 1])
    expect(fallbacks).toEqual(['kie->apikley'])
  })

  it('stays on the first provider that creates', async () => {
    const { router, apikley } = route(created('task_kie_1'))
    expect((await router.textToVideo({ prompt: 'A paper boat' })).provider).toBe('kie')
    expect(apikley.calls).toHaveLength(0)
  })

  it('never moves on after 402', async () => {
    const { router, apikley } = route(refused(402))
    await expect(router.textToVideo({ prompt: 'A paper boat' })).rejects.toBeInstanceOf(InsufficientCreditsError)
    expect(apikley.calls).toHaveLength(0)
  })

  it('throws the last error when every provider refused', async () => {
    const { router } = route(refused(455), refused(455))
    await expect(router.textToVideo({ prompt: 'A paper boat' })).rejects.toMatchObject({
      kind: 'maintenance',
      provider: 'apikley',
    })
  })

  it('reads a task from the provider of its handle, and refuses a route naming a provider twice', async () => {
    const { router } = route(created('task_kie_1'))
    expect(() => router.facade('vtrix')).toThrow(ValidationError)
    expect(() =>
      createSoraRouter({
        route: [
          { provider: 'kie', apiKey: 'k' },
          { provider: 'kie', apiKey: 'k' },
        ],
      }),
    ).toThrow(ValidationError)
  })
})

describe('the create failure policy', () => {
  it('has a row for every error kind and never lets a possibly created task fall back', () => {
    for (const kind of ['network', 'timeout', 'aborted', 'malformed-provider-response'] as const)
      expect(createFailurePolicy[kind].action).toBe('uncertain')
    for (const kind of ['insufficient-credits', 'validation', 'generation-failed'] as const)
      expect(createFailurePolicy[kind].action).toBe('end')
  })

  it('retries a network failure only when the request never left', () => {
    expect(createFailureAction(new NetworkError('refused', { retryable: true }))).toBe('retry')
    expect(createFailureAction(new NetworkError('reset', { retryable: false }))).toBe('uncertain')
    expect(createFailureAction(new Error('a bug'))).toBe('uncertain')
  })
})
