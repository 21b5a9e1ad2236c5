import { vtrixTaskStates } from '@sorakit/provider'
import { responseExample } from './document-examples.js'
import type { FamilyContext, LifecycleFamily } from './lifecycle-family.js'
import { mediaUrl } from './lifecycle-family.js'

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const statusOperation = (context: FamilyContext) => context.table.operations[vtrixFamily.operations.status]!

// vtrix documents nine-digit failure codes (014001095 internal generation error) and no content-policy code:
// the refusal reuses the generation code with a policy text, which is how the facade tells it apart.
const failures = {
  fail: { code: 14001095, error_message: 'internal generation error (mock scenario fail)' },
  'content-policy': {
    code: 14001095,
    error_message: 'The prompt was rejected by the content moderation policy (mock scenario content-policy)',
  },
}

/**
 * vtrix.ai: the task object (`id`, `status`, `progress` 0-1, `output`, `usage`, `error`) for create and status; no
 * callbacks.
 */
export const vtrixFamily: LifecycleFamily = {
  operations: { create: 'createGeneration', status: 'getGenerationTask', uploads: [] },
  states: vtrixTaskStates,
  messageField: 'message',
  rejections: {
    'insufficient-credits': { status: '403', example: 'insufficient-balance' },
    'rate-limited': { status: '429', example: 'rate-limited' },
    // vtrix documents no maintenance status: its documented server error stands in (the README table says so).
    maintenance: { status: '500', example: 'server-error', note: 'vtrix documents no maintenance status' },
    'server-error': { status: '500', example: 'server-error' },
    'model-unavailable': {
      status: '400',
      example: 'model-not-found',
      note: "vtrix's wording for a withdrawn model is unconfirmed",
    },
  },
  // The documented shape: `task_` and 26 Crockford base-32 characters (a ULID).
  newTaskId: (_model, randomHex) =>
    `task_${(randomHex(52).match(/../g) ?? []).map((byte) => crockford[parseInt(byte, 16) % 32]).join('')}`,
  parametersOf(body) {
    const [first] = Array.isArray(body['input']) ? body['input'] : []
    const params = isRecord(first) ? first['params'] : undefined
    return isRecord(params) ? params : {}
  },
  statusTaskId: (_url, pathParameters) => pathParameters['id'],
  createAnswer: (context, task, _example, now) =>
    vtrixFamily.statusAnswer(context, task, { phase: vtrixTaskStates.running[0], progress: 0, since: 0 }, now),
  statusAnswer(context, task, point) {
    const { method, path } = statusOperation(context)
    const exampleName = (point.final === undefined ? point.phase! : vtrixTaskStates[point.final]).example
    const example = responseExample(context.document, method, path, '200', exampleName) as Record<string, unknown>
    const task_ = { ...example, id: task.id, model: task.model, created_at: Math.floor(task.createdAt / 1000) }
    if (point.final === 'success') {
      const [output] = Array.isArray(example['output'])
        ? (example['output'] as Array<{ content?: Array<Record<string, unknown>> }>)
        : []
      const [content] = output?.content ?? [{}]
      const size = task.parameters['size']
      const seconds = task.parameters['seconds']
      return {
        ...task_,
        progress: 1,
        output: [
          {
            content: [
              {
                ...content,
                type: 'video',
                url: mediaUrl(task),
                ...(typeof size === 'string' ? { size } : {}),
                ...(typeof seconds === 'string' ? { duration: seconds } : {}),
                jobId: `video_${task.resultIds.character}`,
              },
            ],
          },
        ],
      }
    }
    if (point.final === 'failure') return { ...task_, error: failures[task.outcome as keyof typeof failures] }
    return {
      ...task_,
      progress: point.phase!.progressing
        ? Math.max(0.01, Math.min(0.99, Math.floor(point.progress * 100) / 100))
        : null,
    }
  },
  unknownTask(context, taskId) {
    const { method, path } = statusOperation(context)
    const body = responseExample(context.document, method, path, '404') as Record<string, unknown>
    return {
      status: 404,
      body: {
        ...body,
        message: `task not found: no task ${taskId} (the mock keeps tasks it created, bounded; see /__mock/tasks)`,
      },
    }
  },
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
