import { kieTaskStates, taskStatusByState } from '@sorakit/provider'
import { parseJsonText } from './json-text.js'
import { isPlainObject } from './parameter-check.js'
import { MalformedProviderResponseError } from './sora-errors.js'
import type { ProviderId, SoraTask, SoraTaskFailure } from './sora-types.js'
import { failureKind, isoTime, progressFraction } from './task-normalise.js'

/** kie.ai's list price of one credit (its pricing pages: 1.75 credits = $0.00875). */
const usdPerCredit = 0.005

const statusByState = taskStatusByState(kieTaskStates)

/** What a kie.ai `resultJson` string holds once parsed and checked. */
interface KieResult {
  videoUrls: string[]
  watermarkedVideoUrls: string[]
  characterId: string | null
}

/**
 * Normalises a kie.ai/Apikley task record: the Get Task Details answer, which is also the
 * callback body (`{ code, msg, data: { taskId, state, resultJson, param, ... } }`).
 */
export function kieFamilyTask(provider: ProviderId, envelope: unknown): SoraTask {
  const data = isPlainObject(envelope) ? envelope['data'] : undefined
  if (!isPlainObject(data)) throw malformed(provider, 'has no data object')
  const taskId = data['taskId'] ?? data['task_id']
  if (typeof taskId !== 'string' || taskId === '') throw malformed(provider, 'has no data.taskId')
  // Unknown states are still running: waiting on them is safe, finishing early is not.
  const status = statusByState[String(data['state'])] ?? 'running'
  const result = parseResult(provider, data['resultJson'])
  const model = data['model']
  return {
    provider,
    taskId,
    model: typeof model === 'string' ? model : null,
    status,
    progress:
      status === 'succeeded'
        ? 1
        : typeof data['progress'] === 'number'
          ? progressFraction(data['progress'] / 100)
          : null,
    ...result,
    cost: costOf(data['creditsConsumed']),
    failure: status === 'failed' ? failure(data, envelope as Record<string, unknown>) : null,
    createdAt: isoTime(data['createTime']),
    completedAt: isoTime(data['completeTime']),
    parameters: parseParameters(data['param']),
    raw: envelope,
  }
}

// kie.ai reports credits (`creditsConsumed`, in records and callbacks since 2026); older records have none.
function costOf(credits: unknown): SoraTask['cost'] {
  if (typeof credits !== 'number' || !Number.isFinite(credits) || credits < 0) return null
  return { amount: Math.round(credits * usdPerCredit * 1e6) / 1e6, currency: 'USD', credits }
}

// resultJson is a JSON string: `{resultUrls, resultWaterMarkUrls?}` for videos; a character is
// `{resultObject: {character_id, ...}}` (characters-pro) or `{character_id}` (characters page).
function parseResult(provider: ProviderId, resultJson: unknown): KieResult {
  const empty: KieResult = { videoUrls: [], watermarkedVideoUrls: [], characterId: null }
  if (resultJson === null || resultJson === undefined || resultJson === '') return empty
  const result = typeof resultJson === 'string' ? parseJsonText(resultJson) : resultJson
  if (!isPlainObject(result)) throw malformed(provider, 'has a resultJson that is not a JSON object')
  const object = result['resultObject'] ?? {}
  if (!isPlainObject(object)) throw malformed(provider, 'has a resultJson.resultObject that is not an object')
  const characterId = object['character_id'] ?? result['character_id'] ?? null
  if (characterId !== null && typeof characterId !== 'string')
    throw malformed(provider, 'has a character_id that is not a string')
  return {
    videoUrls: urlList(provider, result['resultUrls'], 'resultUrls'),
    watermarkedVideoUrls: urlList(provider, result['resultWaterMarkUrls'], 'resultWaterMarkUrls'),
    characterId,
  }
}

function urlList(provider: ProviderId, value: unknown, name: string): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw malformed(provider, `has a resultJson.${name} that is not a list of strings`)
  return value
}

// `param` (the create request, as a JSON string) is informative only: a shape we do not know gives null, not an error.
function parseParameters(param: unknown): Record<string, unknown> | null {
  const request = typeof param === 'string' ? parseJsonText(param) : undefined
  return isPlainObject(request) && isPlainObject(request['input']) ? request['input'] : null
}

function failure(data: Record<string, unknown>, envelope: Record<string, unknown>): SoraTaskFailure {
  const code = textOf(data['failCode']) || textOf(envelope['code'])
  const message = textOf(data['failMsg']) || textOf(envelope['msg'] ?? envelope['message']) || 'The task failed'
  return { code, message, kind: failureKind(code, message) }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function malformed(provider: ProviderId, problem: string): MalformedProviderResponseError {
  return new MalformedProviderResponseError(`The ${provider} task record ${problem}`, { provider })
}
