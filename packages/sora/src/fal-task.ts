import { falTaskStates, taskStatusByState, taskStatusOf } from '@sorakit/provider'
import { isPlainObject } from './parameter-check.js'
import { MalformedProviderResponseError, ValidationError } from './sora-errors.js'
import type { ProviderId, SoraTask, SoraTaskFailure } from './sora-types.js'
import { failureKind } from './task-normalise.js'

const statusByState = taskStatusByState(falTaskStates)
const requestsSegment = '/requests/'
// fal endpoint ids and request ids are URL-safe words; anything else (a `..`, a `?`, a `%`) would change the URL.
const safeSegment = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/

/**
 * A fal task id: the endpoint and the queue's request id, as fal's own URLs join them
 * (`alibaba/happy-horse/image-to-video/requests/764cabcf-...`). fal's status and result routes are per endpoint, so a
 * task id alone must carry it.
 */
export interface FalTaskReference {
  endpoint: string
  requestId: string
}

export function falTaskId(reference: FalTaskReference): string {
  return `${reference.endpoint}${requestsSegment}${reference.requestId}`
}

/** Reads a fal task id, refusing one whose parts would not stay path segments of fal's routes. */
export function parseFalTaskId(provider: ProviderId, taskId: string): FalTaskReference {
  const at = taskId.lastIndexOf(requestsSegment)
  const endpoint = at > 0 ? taskId.slice(0, at) : ''
  const requestId = at > 0 ? taskId.slice(at + requestsSegment.length) : ''
  if (!falEndpointIsSafe(endpoint) || !falSegmentIsSafe(requestId))
    throw new ValidationError(
      `${JSON.stringify(taskId.slice(0, 200))} is not a ${provider} task id: expected <endpoint>/requests/<request id> (as the facade returns it), each part letters, digits, '.', '_', '~' or '-'`,
      { provider, field: 'taskId' },
    )
  return { endpoint, requestId }
}

/** Whether a text is one plain path segment (a request id). */
export function falSegmentIsSafe(segment: string): boolean {
  return safeSegment.test(segment)
}

/** Whether every `/`-separated part of an endpoint id is a plain path segment. */
export function falEndpointIsSafe(endpoint: string): boolean {
  return endpoint !== '' && endpoint.split('/').every(falSegmentIsSafe)
}

/**
 * Normalises fal's queue status (and, once COMPLETED, the result): fal reports no progress, cost or times. `result` is
 * the result answer's body for a succeeded request, the failure for one whose result was refused.
 */
export function falTask(
  provider: ProviderId,
  reference: FalTaskReference,
  status: unknown,
  result?: { output: unknown } | { failure: SoraTaskFailure },
): SoraTask {
  if (!isPlainObject(status) || typeof status['status'] !== 'string')
    throw new MalformedProviderResponseError(`The ${provider} queue status has no status`, { provider })
  // Unknown states are still running: waiting on them is safe, finishing early is not.
  const stated = taskStatusOf(falTaskStates, statusByState, status, status['status']) ?? 'running'
  const failure =
    stated === 'failed' ? statusFailure(status) : result !== undefined && 'failure' in result ? result.failure : null
  const taskStatus = failure !== null ? 'failed' : stated
  const output = result !== undefined && 'output' in result ? result.output : undefined
  // The answer's own request id: an answer about another request must not pass for the one asked (the facade
  // compares task ids).
  const answered = typeof status['request_id'] === 'string' ? status['request_id'] : reference.requestId
  return {
    provider,
    taskId: falTaskId({ endpoint: reference.endpoint, requestId: answered }),
    model: reference.endpoint,
    status: taskStatus,
    progress: taskStatus === 'succeeded' ? 1 : null,
    videoUrls: taskStatus === 'succeeded' ? videoUrls(output) : [],
    watermarkedVideoUrls: [],
    characterId: null,
    cost: null,
    failure,
    createdAt: null,
    completedAt: null,
    parameters: null,
    raw: output === undefined ? status : { status, result: output },
  }
}

// The result's `video` (the HappyHorse output), else every `videos[]` entry: `{url, content_type, ...}` files.
function videoUrls(output: unknown): string[] {
  if (!isPlainObject(output)) return []
  const files = [output['video'], ...(Array.isArray(output['videos']) ? output['videos'] : [])]
  return files.flatMap((file) => (isPlainObject(file) && typeof file['url'] === 'string' ? [file['url']] : []))
}

function statusFailure(status: Record<string, unknown>): SoraTaskFailure {
  const text = status[falTaskStates.failure.errorField]
  const message = typeof text === 'string' && text !== '' ? text : 'The request failed'
  return falFailure(typeof status['error_type'] === 'string' ? status['error_type'] : '', message)
}

/**
 * A failure with fal's error type as its code (`content_policy_violation`): the type says a refusal as well as the
 * text does. `httpStatus`: the status a refused result came with (its 400/422 are the input's fault).
 */
export function falFailure(errorType: string, message: string, httpStatus?: number): SoraTaskFailure {
  const code = errorType || (httpStatus === undefined ? '' : String(httpStatus))
  return { code, message, kind: failureKind(String(httpStatus ?? code), `${message} ${errorType}`) }
}

/** The `type` of the first entry of FastAPI's `detail` list (`content_policy_violation`), or ''. */
export function falErrorType(body: unknown): string {
  const detail = isPlainObject(body) ? body['detail'] : undefined
  const [first] = Array.isArray(detail) ? detail : []
  return isPlainObject(first) && typeof first['type'] === 'string' ? first['type'] : ''
}

/**
 * fal's error text: `detail` as a text, or FastAPI's list of `{loc, msg}` read as `prompt: field required; ...`.
 */
export function falErrorText(body: unknown): string | undefined {
  const detail = isPlainObject(body) ? body['detail'] : undefined
  if (typeof detail === 'string') return detail
  if (!Array.isArray(detail)) return undefined
  const problems = detail.filter(isPlainObject).map((entry) => {
    const location = Array.isArray(entry['loc']) ? entry['loc'].filter((part) => part !== 'body').join('.') : ''
    const text = typeof entry['msg'] === 'string' ? entry['msg'] : 'invalid'
    return location === '' ? text : `${location}: ${text}`
  })
  return problems.length === 0 ? undefined : problems.slice(0, 5).join('; ')
}
