import { describe, expect, it } from 'vitest'
import { kieFamilyTask } from '../src/kie-family-task.js'
import { MalformedProviderResponseError } from '../src/sora-errors.js'
import { vtrixTask } from '../src/vtrix-task.js'
import { kieCallbackExamples, kieRecordExamples, vtrixTaskExamples } from './support/provider-examples.js'

describe('kie.ai / Apikley task records', () => {
  const records = kieRecordExamples()

  it('normalises a success with both URL lists, parsing resultJson and param', () => {
    const task = kieFamilyTask('kie', records['success'])
    expect(task).toMatchObject({
      provider: 'kie',
      taskId: 'task_sora-2-text-to-video_1765184045509',
      model: 'sora-2-text-to-video',
      status: 'succeeded',
      progress: 1,
      videoUrls: ['https://tempfile.aiquickdraw.com/s/task_sora-2-text-to-video_1765184045509.mp4'],
      watermarkedVideoUrls: [
        'https://tempfile.aiquickdraw.com/s/task_sora-2-text-to-video_1765184045509_watermark.mp4',
      ],
      characterId: null,
      cost: null,
      failure: null,
      createdAt: new Date(1765184045509).toISOString(),
      completedAt: new Date(1765184160509).toISOString(),
      parameters: {
        prompt: 'A paper boat drifting down a rainy street',
        aspect_ratio: 'landscape',
        n_frames: '10',
        remove_watermark: true,
      },
    })
    expect(task.raw).toEqual(records['success'])
  })

  it('maps waiting and queuing to queued, generating to running with a 0..1 progress, null fields to empty results', () => {
    expect(kieFamilyTask('kie', records['waiting'])).toMatchObject({
      status: 'queued',
      progress: 0,
      videoUrls: [],
      completedAt: null,
      failure: null,
    })
    expect(kieFamilyTask('kie', records['queuing']).status).toBe('queued')
    expect(kieFamilyTask('kie', records['generating'])).toMatchObject({ status: 'running', progress: 0.45 })
  })

  it('reports a content-policy failure with its code and message', () => {
    expect(kieFamilyTask('kie', records['fail'])).toMatchObject({
      status: 'failed',
      failure: { code: '422', message: 'Invalid prompt: prompt contains prohibited content', kind: 'content-policy' },
    })
  })

  it('reads the character id from resultObject (characters-pro) and from the top level (characters)', () => {
    expect(kieFamilyTask('kie', records['success-character'])).toMatchObject({
      status: 'succeeded',
      characterId: 'example_123456789',
      progress: 1,
    })
    const topLevel = structuredClone(records['success-character'])
    topLevel.data.resultJson = JSON.stringify({ character_id: 'char_top_level' })
    expect(kieFamilyTask('apikley', topLevel)).toMatchObject({ provider: 'apikley', characterId: 'char_top_level' })
  })

  it('treats an unknown state as running', () => {
    const unknown = structuredClone(records['generating'])
    unknown.data.state = 'rendering-on-mars'
    expect(kieFamilyTask('kie', unknown).status).toBe('running')
  })

  it('normalises the documented callbacks, success and failure', () => {
    const callbacks = kieCallbackExamples()
    expect(kieFamilyTask('kie', callbacks['success'])).toMatchObject({
      taskId: 'e989621f54392584b05867f87b160672',
      status: 'succeeded',
      videoUrls: [expect.stringContaining('.mp4')],
      watermarkedVideoUrls: [expect.stringContaining('_watermark.mp4')],
    })
    expect(kieFamilyTask('kie', callbacks['fail'])).toMatchObject({
      status: 'failed',
      failure: { code: '500', message: 'Internal server error', kind: 'generation' },
    })
  })

  it('reads data.task_id when data.taskId is absent', () => {
    const record = structuredClone(records['waiting'])
    record.data.task_id = record.data.taskId
    delete record.data.taskId
    expect(kieFamilyTask('kie', record).taskId).toBe('task_sora-2-text-to-video_1765184045509')
  })

  it('rejects resultJson that breaks the documented shapes', () => {
    for (const resultJson of [
      '{not json',
      '[1,2]',
      '{"resultUrls":"https://a"}',
      '{"resultUrls":[1]}',
      '{"resultObject":[]}',
      '{"resultObject":{"character_id":7}}',
    ]) {
      const record = structuredClone(records['success'])
      record.data.resultJson = resultJson
      expect(() => kieFamilyTask('kie', record), resultJson).toThrow(MalformedProviderResponseError)
    }
    expect(() => kieFamilyTask('kie', { code: 200, msg: 'success', data: null })).toThrow(
      MalformedProviderResponseError,
    )
    expect(() => kieFamilyTask('kie', { code: 200, data: { state: 'success' } })).toThrow(/taskId/)
  })

  it('keeps going when param is not the documented JSON string', () => {
    const record = structuredClone(records['generating'])
    record.data.param = '{broken'
    expect(kieFamilyTask('kie', record).parameters).toBeNull()
  })
})

describe('vtrix tasks', () => {
  const tasks = vtrixTaskExamples()

  it('maps pending, processing and in_progress', () => {
    expect(vtrixTask('vtrix', tasks['pending'])).toMatchObject({ status: 'queued', progress: null })
    expect(vtrixTask('vtrix', tasks['processing'])).toMatchObject({ status: 'running', progress: null })
    expect(vtrixTask('vtrix', tasks['in-progress'])).toMatchObject({
      status: 'running',
      progress: 0.42,
      createdAt: new Date(1765184045000).toISOString(),
    })
  })

  it('reads output[].content[].url and the string usage.cost of a completed task', () => {
    expect(vtrixTask('vtrix', tasks['completed'])).toMatchObject({
      provider: 'vtrix',
      taskId: 'task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH',
      model: 'sora_2_i2v',
      status: 'succeeded',
      progress: 1,
      videoUrls: ['https://cdn.vtrix.ai/generation/task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH.mp4'],
      watermarkedVideoUrls: [],
      cost: { amount: 0.4, currency: 'USD' },
    })
  })

  it('reads both error shapes, restoring the leading zeros of numeric codes', () => {
    expect(vtrixTask('vtrix', tasks['failed']).failure).toEqual({
      code: '014001095',
      message: 'internal generation error',
      kind: 'generation',
    })
    expect(vtrixTask('vtrix', tasks['failed-message']).failure).toEqual({
      code: '002014001',
      message: 'video generation failed',
      kind: 'generation',
    })
    expect(vtrixTask('vtrix', { ...tasks['failed'], error: 'content moderation rejected the prompt' }).failure).toEqual(
      { code: '', message: 'content moderation rejected the prompt', kind: 'content-policy' },
    )
  })

  it('treats an unknown status as running and rejects a task without id', () => {
    expect(vtrixTask('vtrix', { ...tasks['pending'], status: 'warming_up' }).status).toBe('running')
    expect(() => vtrixTask('vtrix', { status: 'completed' })).toThrow(MalformedProviderResponseError)
  })
})
