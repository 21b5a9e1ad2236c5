import { providerIds } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import { createSora, MalformedProviderResponseError, ValidationError } from '../src/index.js'
import { kieRecordExamples, vtrixTaskExamples } from './support/provider-examples.js'
import { fakeClock, json, stubFetch } from './support/stub-fetch.js'
import { rejection } from './support/rejection.js'
import { startVideo, videoOperation } from './support/video-operation.js'

describe('typed errors for bad runtime input from JavaScript callers, before any request', () => {
  const circular: Record<string, unknown> = {}
  circular['self'] = circular
  for (const [name, model] of [
    ['a bigint', 2n],
    ['a circular object', circular],
    ['a number', 2],
    ['null', null],
  ] as const) {
    it(`model as ${name}: ValidationError naming model`, async () => {
      for (const provider of providerIds) {
        const fetch = stubFetch(json({}))
        const sora = createSora({ provider, apiKey: 'test-key', fetch })
        const error = await rejection(startVideo(sora, { prompt: 'a boat', model: model as never }))
        expect(error).toBeInstanceOf(ValidationError)
        const models = sora.capabilities.operations[videoOperation(sora.capabilities)].map((entry) => entry.model)
        expect(error).toMatchObject({ field: 'model', supported: expect.arrayContaining(models) })
        expect(fetch.calls).toHaveLength(0)
      }
    })
  }

  for (const [name, apiKey] of [
    ['a line break (header injection)', 'sk-live-123\r\nX-Injected: yes'],
    ['a character beyond Latin-1', 'sk-live-ключ-123'],
    ['a control character', 'sk-live-\u0000-123'],
    ['surrounding whitespace', ' sk-live-123 '],
  ]) {
    it(`apiKey with ${name}: ValidationError naming apiKey, the key not echoed`, () => {
      const fetch = stubFetch(json({}))
      let thrown: unknown
      try {
        createSora({ provider: 'kie', apiKey: apiKey!, fetch })
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ValidationError)
      expect(thrown).toMatchObject({ field: 'apiKey' })
      expect((thrown as Error).message).not.toContain('sk-live')
      expect(fetch.calls).toHaveLength(0)
    })
  }

  it('a key with inner spaces and Latin-1 characters is still a valid header value', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['success']))
    const sora = createSora({ provider: 'kie', apiKey: 'sk live é 123', fetch })
    await sora.getTask(kieRecordExamples()['success'].data.taskId)
    expect(fetch.calls[0]!.headers.get('authorization')).toBe('Bearer sk live é 123')
  })
})

describe('ids stay ids', () => {
  for (const taskId of ['.', '..']) {
    it(`vtrix getTask(${JSON.stringify(taskId)}) is refused before any request`, async () => {
      const fetch = stubFetch(json(vtrixTaskExamples()['completed']))
      const sora = createSora({ provider: 'vtrix', apiKey: 'test-key', fetch })
      const error = await rejection(sora.getTask(taskId))
      expect(error).toMatchObject({ kind: 'validation', field: 'taskId' })
      expect(fetch.calls).toHaveLength(0)
    })
  }

  it('any other vtrix id stays one path segment under /task/', async () => {
    for (const taskId of [
      '...',
      'a..b',
      '../x',
      'a/../../b',
      '%2e%2e',
      '?x=1',
      '#frag',
      'task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH',
    ]) {
      const record = { ...vtrixTaskExamples()['completed'], id: taskId }
      const fetch = stubFetch(json(record))
      const sora = createSora({ provider: 'vtrix', apiKey: 'test-key', fetch })
      expect((await sora.getTask(taskId)).taskId).toBe(taskId)
      const path = fetch.calls[0]!.url.pathname
      expect(path.startsWith('/model/v1/generation/task/'), `${taskId} → ${path}`).toBe(true)
      expect(decodeURIComponent(path.slice('/model/v1/generation/task/'.length)), taskId).toBe(taskId)
    }
  })
})

describe('answers belong to the task asked', () => {
  const kieSuccess = kieRecordExamples()['success']

  it("getTask('t1') answered with another task's record is a MalformedProviderResponseError (kie.ai and vtrix)", async () => {
    const kie = createSora({ provider: 'kie', apiKey: 'test-key', fetch: stubFetch(json(kieSuccess)) })
    const error = await rejection(kie.getTask('t1'))
    expect(error).toBeInstanceOf(MalformedProviderResponseError)
    expect(error.message).toContain(kieSuccess.data.taskId)
    const vtrix = createSora({
      provider: 'vtrix',
      apiKey: 'test-key',
      fetch: stubFetch(json(vtrixTaskExamples()['completed'])),
    })
    expect(await rejection(vtrix.getTask('t1'))).toBeInstanceOf(MalformedProviderResponseError)
  })

  it("wait never resolves with another task's videos", async () => {
    const fetch = stubFetch(json(kieSuccess))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch, clock: fakeClock() })
    expect(
      await rejection(
        sora.wait({ provider: 'kie', taskId: 't1', model: '', baseUrl: 'https://api.kie.ai', createdAt: '' }),
      ),
    ).toBeInstanceOf(MalformedProviderResponseError)
    expect(fetch.calls).toHaveLength(1)
  })

  it('createCharacterFromTask refuses a handle of another provider or host, like getTask', async () => {
    const fetch = stubFetch(json({ code: 200, msg: 'success', data: { taskId: 'task_new' } }))
    const sora = createSora({ provider: 'kie', apiKey: 'test-key', fetch })
    const input = {
      model: 'sora-2-characters-pro' as const,
      clip: { startSeconds: 1, endSeconds: 3 },
      prompt: 'the captain',
    }
    const otherProvider = {
      provider: 'apikley',
      taskId: 'task_1',
      model: 'sora-2-text-to-video',
      baseUrl: 'https://api.apikley.ru',
      createdAt: '',
    }
    expect(await rejection(sora.createCharacterFromTask({ ...input, originTask: otherProvider }))).toMatchObject({
      kind: 'validation',
      field: 'originTask.provider',
    })
    const otherHost = { ...otherProvider, provider: 'kie', baseUrl: 'https://elsewhere.example' }
    expect(await rejection(sora.createCharacterFromTask({ ...input, originTask: otherHost }))).toMatchObject({
      kind: 'validation',
      field: 'originTask.baseUrl',
    })
    expect(await rejection(sora.getTask(otherProvider))).toMatchObject({ kind: 'validation', field: 'handle.provider' })
    expect(fetch.calls).toHaveLength(0)
    // Its own handle, or a bare id, still goes through.
    await sora.createCharacterFromTask({ ...input, originTask: { ...otherHost, baseUrl: 'https://api.kie.ai' } })
    await sora.createCharacterFromTask({ ...input, originTask: 'task_1' })
    expect(fetch.calls.map((call) => JSON.parse(call.body).input.origin_task_id)).toEqual(['task_1', 'task_1'])
  })
})

describe('a task that carries the key', () => {
  it('getTask and wait return it without the key, in the failure message and the raw payload', async () => {
    const key = 'sk-task-echo-0123456789abcdef'
    const record = {
      code: 200,
      msg: 'success',
      data: {
        taskId: 't_echo',
        model: 'kling-3.0/video',
        state: 'fail',
        failCode: '501',
        failMsg: `refused Authorization: Bearer ${key}`,
        param: '{}',
        resultJson: null,
      },
    }
    const sora = createSora({ provider: 'kie', apiKey: key, fetch: stubFetch(json(record), json(record)) })
    const task = await sora.getTask('t_echo')
    expect(task.failure?.message).toBe('refused Authorization: Bearer [redacted]')
    expect(JSON.stringify(task)).not.toContain(key)
    const failed = await rejection(sora.wait('t_echo'))
    expect(JSON.stringify(failed)).not.toContain(key)
  })
})
