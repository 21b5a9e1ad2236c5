import { falTaskStates, signFalWebhook } from '@sorakit/provider'
import { responseExample } from './document-examples.js'
import type { FamilyContext, LifecycleFamily, MockTask } from './lifecycle-family.js'
import { mediaUrl } from './lifecycle-family.js'
import type { TimelinePoint } from './lifecycle-timeline.js'

const operations = {
  create: 'submit',
  status: 'getStatus',
  result: 'getResult',
  cancel: 'cancel',
  uploads: [],
} as const
/** The account the mock's webhooks name (`X-Fal-Webhook-User-Id`). */
const mockUserId = 'sorakit-mock'
// A queued request's position when created: it moves up to 0 through the queued state.
const startingQueuePosition = 3

// fal reports a failed request as COMPLETED with `error` and `error_type` (see the specs/fal overlay).
const cancelled = { error: 'The request was cancelled (PUT .../cancel)', error_type: 'request_cancelled' }
const failures = {
  fail: { error: 'Video generation failed: internal error (mock scenario fail)', error_type: 'internal_error' },
  'content-policy': {
    error: 'The prompt was rejected by the content moderation checker (mock scenario content-policy)',
    error_type: 'content_policy_violation',
  },
}

function failureOf(task: MockTask): { error: string; error_type: string } {
  return task.cancelledAt !== undefined ? cancelled : failures[task.outcome as keyof typeof failures]
}

/** The document path of one of a model's queue operations, as the table's template names it. */
function modelLocation(context: FamilyContext, operationId: string, task: MockTask) {
  const { method, path } = context.table.operations[operationId]!
  return { method, path: path.replace(`{${context.table.modelOperation.discriminator}}`, task.model) }
}

function example(context: FamilyContext, operationId: string, task: MockTask, status: string, name?: string) {
  const { method, path } = modelLocation(context, operationId, task)
  return responseExample(context.document, method, path, status, name) as Record<string, unknown>
}

/** The queue's URLs of a task, on the mock that created it (fal answers them with every submit). */
function queueUrls(task: MockTask): Record<string, string> {
  const base = `${task.origin}/${task.model}/requests/${task.id}`
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` }
}

/** The queue position `at`: it falls evenly from the starting one to 0 through the queued state. */
function queuePosition(task: MockTask, point: TimelinePoint, at: number): number {
  const queuedMs = (point.phase?.share ?? 1) * task.lifecycleMs
  const through = queuedMs <= 0 ? 1 : Math.min(1, (at - task.createdAt - point.since) / queuedMs)
  return Math.max(0, Math.ceil(startingQueuePosition * (1 - through)) - 1)
}

/**
 * fal.ai's queue: submit answers IN_QUEUE with the request's URLs; the status walks IN_QUEUE (with its queue position)
 * and IN_PROGRESS (with logs) to COMPLETED; the result route serves the video once COMPLETED. No callbacks.
 */
export const falFamily: LifecycleFamily = {
  operations,
  states: falTaskStates,
  messageField: 'detail',
  statusCodeInBody: false,
  rejections: {
    'insufficient-credits': { status: '403', example: 'exhausted-balance' },
    'rate-limited': { status: '429', example: 'rate-limited' },
    maintenance: { status: '503', example: 'unavailable', note: 'fal documents no maintenance answer' },
    'server-error': { status: '500', example: 'server-error' },
    'model-unavailable': { status: '404', example: 'endpoint-not-found', note: "fal's wording is unconfirmed" },
  },
  // fal's request ids are UUIDs.
  newTaskId: (_model, randomHex) => randomHex(32).replace(/^(.{8})(.{4}).(.{3})(.{4})(.{12})$/, '$1-$2-4$3-$4-$5'),
  parametersOf: (body) => body,
  statusTaskId: (_url, pathParameters) => pathParameters['request_id'],
  createAnswer: (context, task) => ({
    ...example(context, operations.create, task, '200', falTaskStates.running[0].example),
    request_id: task.id,
    ...queueUrls(task),
    queue_position: startingQueuePosition - 1,
  }),
  statusAnswer(context, task, point, at) {
    const named = (point.final === undefined ? point.phase! : falTaskStates[point.final]).example
    const answer = { ...example(context, operations.status, task, '200', named), request_id: task.id }
    if (point.final === 'failure') return { ...answer, ...failureOf(task) }
    if (point.phase?.state === 'IN_QUEUE') return { ...answer, queue_position: queuePosition(task, point, at) }
    return answer
  },
  resultAnswer(context, task, point) {
    if (point.final === undefined)
      return { status: 400, body: example(context, operations.result, task, '400', 'in-progress') }
    if (point.final === 'failure') {
      const failure = failureOf(task)
      return { status: 422, body: { detail: [{ loc: ['body'], msg: failure.error, type: failure.error_type }] } }
    }
    const output = example(context, operations.result, task, '200', falTaskStates.success.example)
    const video = output['video'] as Record<string, unknown>
    const file = `${task.id}.mp4`
    return { status: 200, body: { ...output, video: { ...video, url: mediaUrl(task), file_name: file } } }
  },
  // fal's webhook body (its webhook guide): OK with the result as payload, or ERROR with the refusal.
  callbackBody(context, task, point) {
    const result = falFamily.resultAnswer!(context, task, point)
    const ok = result.status === 200
    return {
      request_id: task.id,
      gateway_request_id: task.id,
      status: ok ? 'OK' : 'ERROR',
      payload: result.body,
      ...(ok ? {} : { error: `Invalid status code: ${result.status}` }),
    }
  },
  // Signed as fal signs, with the engine's own Ed25519 key (its JWKS at /__mock/jwks.json).
  async signCallback(keys, task, body) {
    return signFalWebhook({
      privateKey: (await keys.ed25519()).privateKey,
      requestId: task.id,
      userId: mockUserId,
      body,
    })
  },
  cancelAnswer: (context, task, stopped) =>
    example(context, operations.cancel, task, '200', stopped ? 'cancelled' : 'too-late'),
  unknownTask(context, taskId) {
    const { method, path } = context.table.operations[operations.status]!
    const firstModel = Object.keys(context.table.models)[0]!
    const located = path.replace(`{${context.table.modelOperation.discriminator}}`, firstModel)
    const body = responseExample(context.document, method, located, '404', 'request-not-found')
    return {
      status: 404,
      body: {
        ...(body as Record<string, unknown>),
        detail: `Request not found: no request ${taskId} on this endpoint (the mock keeps requests it took, bounded; see /__mock/tasks)`,
      },
    }
  },
}
