import { describe, expect, it } from 'vitest'
import {
  AbortedError,
  createSora,
  GenerationFailedError,
  NotFoundError,
  PollDeadlineExceededError,
  type SoraTask,
} from '../src/index.js'
import { pollDelayMs, defaultPollSchedule } from '../src/task-poller.js'
import { adaptivePollDelayMs } from '../src/polling.js'
import { kieRecordExamples } from './support/provider-examples.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'

const records = kieRecordExamples()
const handle = {
  provider: 'kie' as const,
  taskId: 'task_sora-2-text-to-video_1765184045509',
  model: 'sora-2-text-to-video',
  baseUrl: 'https://api.kie.ai',
  createdAt: '2026-01-01T00:00:00.000Z',
}

function withState(state: string, progress: number | null = null) {
  const record = structuredClone(records['generating'])
  record.data.state = state
  record.data.progress = progress
  return json(record)
}

describe('wait', () => {
  it("follows kie.ai's schedule: 2-3 s for 30 s, 5-10 s until 2 min, then 15-30 s", async () => {
    const clock = fakeClock()
    let polls = 0
    const fetch = stubFetch(() => (++polls < 40 ? withState('generating', 50) : json(records['success'])))
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock, random: () => 0.5 })
    const task = await sora.wait(handle)
    expect(task.status).toBe('succeeded')
    let elapsed = 0
    for (const sleep of clock.sleeps) {
      const expected = elapsed < 30_000 ? 2_500 : elapsed < 120_000 ? 7_500 : 22_500
      expect(sleep).toBe(expected)
      elapsed += sleep
    }
    expect(new Set(clock.sleeps)).toEqual(new Set([2_500, 7_500, 22_500]))
  })

  it('picks delays across the whole step range with jitter', () => {
    expect(pollDelayMs(0, defaultPollSchedule, () => 0)).toBe(2_000)
    expect(pollDelayMs(29_999, defaultPollSchedule, () => 0.999999)).toBeCloseTo(3_000, 0)
    expect(pollDelayMs(60_000, defaultPollSchedule, () => 0)).toBe(5_000)
    expect(pollDelayMs(10 * 60_000, defaultPollSchedule, () => 1)).toBe(30_000)
  })

  it('stops at the deadline with the handle and the last state', async () => {
    const clock = fakeClock()
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch: stubFetch(withState('generating', 10)), clock })
    const error = await sora.wait(handle, { deadlineMs: 60_000 }).catch((reason: unknown) => reason)
    expect(PollDeadlineExceededError.isInstance(error)).toBe(true)
    const deadline = error as PollDeadlineExceededError
    expect(deadline.handle).toEqual(handle)
    expect(deadline.lastTask?.progress).toBe(0.1)
    expect(clock.sleeps.every(Number.isInteger)).toBe(true)
    expect(clock.sleeps.reduce((sum, sleep) => sum + sleep, 0)).toBe(60_000)
    expect(JSON.parse(JSON.stringify(deadline))).toMatchObject({ kind: 'poll-deadline-exceeded', handle })
  })

  it('defaults to a 15 minute deadline and honours an overridden schedule', async () => {
    const clock = fakeClock()
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch: stubFetch(withState('queuing')), clock })
    await expect(
      sora.wait(handle, { pollSchedule: [{ untilMs: 1, minMs: 60_000, maxMs: 60_000 }] }),
    ).rejects.toBeInstanceOf(PollDeadlineExceededError)
    expect(clock.sleeps).toEqual(Array.from({ length: 15 }, () => 60_000))
  })

  it('keeps waiting through unknown states and calls onProgress on changes only', async () => {
    const clock = fakeClock()
    const fetch = stubFetch(
      withState('waiting', 0),
      withState('waiting', 0),
      withState('brand-new-state', 0),
      withState('generating', 30),
      withState('generating', 30),
      withState('generating', 60),
      json(records['success']),
    )
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock })
    const seen: Array<[SoraTask['status'], number | null]> = []
    const task = await sora.wait(handle, { onProgress: (update) => seen.push([update.status, update.progress]) })
    expect(task.videoUrls).toHaveLength(1)
    expect(seen).toEqual([
      ['queued', 0],
      ['running', 0],
      ['running', 0.3],
      ['running', 0.6],
      ['succeeded', 1],
    ])
    expect(fetch.calls).toHaveLength(7)
  })

  it('throws the typed failure with the failed task', async () => {
    const sora = createSora({
      provider: 'kie',
      apiKey: 'k',
      fetch: stubFetch(withState('generating', 5), json(records['fail'])),
      clock: fakeClock(),
    })
    const error = await sora.wait(handle).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(GenerationFailedError)
    expect(error).toMatchObject({ failure: { code: '422', kind: 'content-policy' }, code: '422' })
    expect((error as GenerationFailedError).task?.status).toBe('failed')
  })

  it('rides out errors a retry may cure, but not the others', async () => {
    const clock = fakeClock()
    const transient = stubFetch(json({ code: 500, msg: 'Internal server error' }), json(records['success']))
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch: transient, clock, maxRetries: 0 })
    expect((await sora.wait(handle)).status).toBe('succeeded')
    const missing = createSora({
      provider: 'kie',
      apiKey: 'k',
      fetch: stubFetch(json({ code: 404, msg: 'Task not found' })),
      clock,
      maxRetries: 0,
    })
    await expect(missing.wait(handle)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('stops when its signal aborts', async () => {
    const controller = new AbortController()
    const clock = fakeClock()
    const fetch = stubFetch(() => {
      controller.abort()
      return withState('generating', 1)
    })
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock })
    await expect(sora.wait(handle, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError)
    expect(fetch.calls).toHaveLength(1)
  })

  it('rejects a deadline or schedule that cannot work', async () => {
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch: stubFetch(withState('generating')) })
    await expect(sora.wait(handle, { deadlineMs: -1 })).rejects.toMatchObject({
      kind: 'validation',
      field: 'deadlineMs',
    })
    await expect(sora.wait(handle, { pollSchedule: [] })).rejects.toMatchObject({
      kind: 'validation',
      field: 'pollSchedule',
    })
  })
})

describe('wait refuses bad options from JavaScript callers before any request', () => {
  const bad: Array<[string, Record<string, unknown>]> = [
    ['deadlineMs', { deadlineMs: '5000' }],
    ['deadlineMs', { deadlineMs: 5000n }],
    ['deadlineMs', { deadlineMs: Number.NaN }],
    ['pollSchedule', { pollSchedule: 'fast' }],
    ['pollSchedule', { pollSchedule: { untilMs: 1, minMs: 1, maxMs: 1 } }],
    ['pollSchedule', { pollSchedule: [null] }],
    ['pollSchedule', { pollSchedule: [{ untilMs: '1', minMs: 1, maxMs: 1 }] }],
    ['pollSchedule', { pollSchedule: [{ untilMs: 1, minMs: 1, maxMs: Number.POSITIVE_INFINITY }] }],
    ['onProgress', { onProgress: 'log' }],
  ]
  for (const [field, options] of bad) {
    it(`${field}: ${String(Object.values(options)[0] === null ? 'null' : typeof Object.values(options)[0] === 'bigint' ? '5000n' : JSON.stringify(Object.values(options)[0]))}`, async () => {
      const fetch = stubFetch(withState('generating'))
      const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock: fakeClock() })
      await expect(sora.wait(handle, options as never)).rejects.toMatchObject({ kind: 'validation', field })
      expect(fetch.calls).toHaveLength(0)
    })
  }
})

describe('wait with a schedule function (progress-aware)', () => {
  it('finds a 3-minute task with step-like progress in at most 15 polls, soon after it ended', async () => {
    const clock = fakeClock()
    const created = clock.now()
    let polls = 0
    // Progress from 20 % of the life, a new value each 15 s; success at 180 s.
    const fetch = stubFetch(() => {
      polls++
      const elapsed = clock.now() - created
      if (elapsed >= 180_000) return json(records['success'])
      const generatingFor = elapsed - 36_000
      return withState(
        'generating',
        generatingFor < 0 ? null : Math.floor((Math.floor(generatingFor / 15_000) * 15_000 * 100) / 144_000),
      )
    })
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock })
    const task = await sora.wait(
      { ...handle, createdAt: new Date(created).toISOString() },
      { pollSchedule: adaptivePollDelayMs },
    )
    expect(task.status).toBe('succeeded')
    expect(polls).toBeLessThanOrEqual(15)
    expect(clock.now() - created - 180_000).toBeLessThanOrEqual(8_000)
    expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(2_000)
  })
})

describe('a schedule function', () => {
  it('gets the progress seen so far and must return a finite sleep', async () => {
    const clock = fakeClock()
    const seen: number[] = []
    const fetch = stubFetch(withState('generating', 40), json(records['success']))
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch, clock })
    await sora.wait(handle, { pollSchedule: (samples) => (seen.push(samples.length), 1_234) })
    expect(seen).toEqual([1])
    expect(clock.sleeps).toEqual([1_234])
    const failing = createSora({
      provider: 'kie',
      apiKey: 'k',
      fetch: stubFetch(withState('generating', 40)),
      clock: fakeClock(),
    })
    await expect(failing.wait(handle, { pollSchedule: () => Number.NaN })).rejects.toMatchObject({
      kind: 'validation',
      field: 'pollSchedule',
    })
  })
})
