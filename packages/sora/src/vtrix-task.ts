import { taskStatusByState, vtrixTaskStates } from '@sorakit/provider'
import { isPlainObject } from './parameter-check.js'
import { MalformedProviderResponseError } from './sora-errors.js'
import type { ProviderId, SoraCost, SoraTask, SoraTaskFailure } from './sora-types.js'
import { failureKind, isoTime, progressFraction } from './task-normalise.js'

const statusByState = taskStatusByState(vtrixTaskStates)

/** Normalises a vtrix task object (`GET /model/v1/generation/task/{id}` and the create answer). */
export function vtrixTask(provider: ProviderId, body: unknown): SoraTask {
  if (!isPlainObject(body) || typeof body['id'] !== 'string' || body['id'] === '') {
    throw new MalformedProviderResponseError(`The ${provider} task has no id`, { provider })
  }
  // Unknown states are still running: waiting on them is safe, finishing early is not.
  const status = statusByState[String(body['status'])] ?? 'running'
  return {
    provider,
    taskId: body['id'],
    model: typeof body['model'] === 'string' ? body['model'] : null,
    status,
    progress: status === 'succeeded' ? 1 : progressFraction(body['progress']),
    videoUrls: videoUrls(body['output']),
    watermarkedVideoUrls: [],
    characterId: null,
    cost: cost(body['usage']),
    failure: status === 'failed' ? vtrixFailure(body['error']) : null,
    createdAt: isoTime(body['created_at'], true),
    completedAt: null,
    parameters: null,
    raw: body,
  }
}

// output[].content[].url, keeping video entries (`video`, `video_url`, or untyped).
function videoUrls(output: unknown): string[] {
  if (!Array.isArray(output)) return []
  const urls: string[] = []
  for (const item of output) {
    const content = isPlainObject(item) ? item['content'] : undefined
    if (!Array.isArray(content)) continue
    for (const entry of content) {
      if (!isPlainObject(entry) || typeof entry['url'] !== 'string') continue
      const type = entry['type']
      if (type === undefined || (typeof type === 'string' && type.startsWith('video'))) urls.push(entry['url'])
    }
  }
  return urls
}

// usage.cost is a decimal string in USD.
function cost(usage: unknown): SoraCost | null {
  const value = isPlainObject(usage) ? usage['cost'] : undefined
  const amount =
    typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : Number.NaN
  return Number.isFinite(amount) ? { amount, currency: 'USD' } : null
}

/** vtrix documents nine-digit codes with leading zeros (014001095); as JSON integers they lose them. */
export function vtrixCode(code: unknown): string {
  if (typeof code === 'number' && Number.isInteger(code))
    return code >= 1_000_000 && code < 100_000_000 ? String(code).padStart(9, '0') : String(code)
  return typeof code === 'string' ? code : ''
}

// The error is `{code, error_message}`, `{code, message}` or a plain string, depending on the page.
function vtrixFailure(error: unknown): SoraTaskFailure {
  const code = isPlainObject(error) ? vtrixCode(error['code']) : ''
  const text = isPlainObject(error) ? (error['error_message'] ?? error['message']) : error
  const message = typeof text === 'string' && text !== '' ? text : 'The task failed'
  return { code, message, kind: failureKind(code, message) }
}
