import { kieTaskStates } from '@sorakit/provider'
import { responseExample } from './document-examples.js'
import type { FamilyContext, LifecycleFamily, MockTask } from './lifecycle-family.js'
import { mediaUrl } from './lifecycle-family.js'

const statusPath = (context: FamilyContext) => context.table.operations[kieFamily.operations.status]!.path

// The failures as kie.ai reports them: failCode is a string; 422 with its prohibited-content text is the
// documented refusal (the recordInfo `fail` example), 501 "Generation failed" its generation failure code.
const failures = {
  fail: { failCode: '501', failMsg: 'Generation failed: the model could not render this prompt (mock scenario fail)' },
  'content-policy': {
    failCode: '422',
    failMsg: 'Invalid prompt: prompt contains prohibited content (mock scenario content-policy)',
  },
}

const characterOperations = new Set(['createCharacter', 'createCharacterFromTask'])

/** What every succeeded mock task reports as `creditsConsumed` (a failed one: 0, as kie.ai does not bill failures). */
const mockCredits = 30

/**
 * kie.ai and its white labels (Apikley): `{code, msg, data}` envelopes, recordInfo polling, `param` and `resultJson` as
 * JSON strings.
 */
export const kieFamily: LifecycleFamily = {
  operations: {
    create: 'createTask',
    status: 'get-task-details',
    downloadUrl: 'get-download-url',
    uploads: ['upload-file-stream', 'upload-file-url', 'upload-file-base64'],
  },
  states: kieTaskStates,
  messageField: 'msg',
  rejections: {
    'insufficient-credits': { status: '402', example: 'insufficient-credits' },
    'rate-limited': { status: '429', example: 'rate-limited' },
    maintenance: { status: '455', example: 'maintenance' },
    'server-error': { status: '500', example: 'server-error' },
    'model-unavailable': { status: '500', example: 'model-paused' },
  },
  // The documented shape `task_<model>_<ms>`, with random digits so two tasks of one millisecond differ.
  // A model id's slash (`kling-3.0/video`) would make the id a path: it becomes a dash.
  newTaskId: (model, randomHex) =>
    `task_${model.replaceAll('/', '-')}_${Date.now()}${parseInt(randomHex(4), 16).toString().padStart(5, '0')}`,
  parametersOf: (body) => (isRecord(body['input']) ? body['input'] : {}),
  statusTaskId: (url) => url.searchParams.get('taskId') ?? undefined,
  createAnswer(_context, task, example) {
    const answer = isRecord(example) ? example : { code: 200, msg: 'success' }
    return { ...answer, data: { taskId: task.id, recordId: task.resultIds.record } }
  },
  statusAnswer(context, task, point) {
    const isCharacter = (context.table.models[task.model]?.operations ?? []).some((operation) =>
      characterOperations.has(operation),
    )
    const { state, example } = point.final === undefined ? point.phase! : kieTaskStates[point.final]
    // A character task's success has its own example (`success-character`).
    const exampleName = point.final === 'success' && isCharacter ? `${example}-character` : example
    const envelope = responseExample(context.document, 'get', statusPath(context), '200', exampleName) as {
      data: Record<string, unknown>
    }
    const finishedAt = point.final === undefined ? null : task.createdAt + point.since
    const failure = task.outcome === 'fail' || task.outcome === 'content-policy' ? failures[task.outcome] : undefined
    envelope.data = {
      ...envelope.data,
      taskId: task.id,
      model: task.model,
      state,
      param: JSON.stringify(task.request),
      resultJson: point.final === 'success' ? JSON.stringify(resultOf(task, isCharacter)) : null,
      response: point.final === 'success' ? resultOf(task, isCharacter) : null,
      successFlag: point.final === 'success' ? 1 : point.final === 'failure' ? 3 : 0,
      creditsConsumed: point.final === 'success' ? mockCredits : point.final === 'failure' ? 0 : null,
      failCode: point.final === 'failure' ? failure!.failCode : point.final === 'success' ? '' : null,
      failMsg: point.final === 'failure' ? failure!.failMsg : point.final === 'success' ? '' : null,
      costTime: finishedAt === null ? null : point.final === 'success' ? finishedAt - task.createdAt : 0,
      completeTime: finishedAt,
      createTime: task.createdAt,
      updateTime: task.createdAt + point.since,
      // kie reports progress 0-100 on its Sora video models, null on characters.
      progress: isCharacter
        ? null
        : point.final === 'success'
          ? 100
          : point.phase?.progressing || point.final === 'failure'
            ? Math.max(point.final ? 0 : 1, Math.min(99, Math.floor(point.progress * 100)))
            : 0,
    }
    return envelope
  },
  unknownTask(context, taskId) {
    const body = responseExample(context.document, 'get', statusPath(context), '404') as Record<string, unknown>
    return {
      status: 404,
      body: {
        ...body,
        msg: `Task not found: no task ${taskId} (the mock keeps tasks it created, bounded; see /__mock/tasks)`,
      },
    }
  },
}

function resultOf(task: MockTask, isCharacter: boolean): Record<string, unknown> {
  if (isCharacter) {
    const userName = task.parameters['character_user_name']
    return {
      resultObject: {
        character_id: task.resultIds.character,
        character_user_name: typeof userName === 'string' ? userName : '',
        remark: '',
      },
    }
  }
  const watermarkRemoved = task.parameters['remove_watermark'] === true
  return watermarkRemoved
    ? { resultUrls: [mediaUrl(task)], resultWaterMarkUrls: [mediaUrl(task, '_watermark')] }
    : { resultUrls: [mediaUrl(task)] }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
