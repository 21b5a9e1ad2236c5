import type { VtrixClient, VtrixClientOptions } from '@sorakit/vtrix'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { ProviderTable } from './provider-table.js'
import type { AdapterContext, ClientAnswer, ProviderAdapter, ProviderDefinition } from './sora-adapter.js'
import type { FamilyMappings } from './sora-capabilities.js'
import { MalformedProviderResponseError, ValidationError } from './sora-errors.js'
import { vtrixCode, vtrixTask } from './vtrix-task.js'

// `size` is WIDTHxHEIGHT; the facade speaks of its orientation.
const orientation = (size: unknown) => {
  const [width, height] = String(size).split('x').map(Number)
  return width! < height! ? 'portrait' : width! > height! ? 'landscape' : 'square'
}
const videoOptions = {
  prompt: { parameter: 'prompt' },
  durationSeconds: { parameter: 'seconds', decode: Number },
  aspectRatio: { parameter: 'size', decode: orientation },
}

/** vtrix's names for the facade's options; no callbacks, uploads, credits or download links. */
export const vtrixMappings: FamilyMappings = {
  operations: { textToVideo: videoOptions, imageToVideo: { ...videoOptions, imageUrl: { parameter: 'input_reference' } } },
  requestFields: {},
  services: { upload: {} },
}

// Task error codes (sora_2_i2v and vtrix-sora-2-pro pages) as the status whose class they share.
const statusByCode: Record<string, number> = {
  '014001095': 501, // internal generation error
  '014001096': 501, // result parsing error
  '014001097': 500, // HTTP error response
  '014001098': 500, // status check error
  '014001099': 500, // task creation error
  '002014001': 501, // video generation failed
}

/** `createVtrixClient`, or the client factory of another provider of the vtrix API family. */
export type VtrixFamilyClientFactory = (options: VtrixClientOptions) => VtrixClient

/** vtrix.ai's API family: its own task API, OpenAI-style size and seconds. */
export function vtrixFamilyDefinition(table: ProviderTable, createClient: VtrixFamilyClientFactory): ProviderDefinition {
  return { table, mappings: vtrixMappings, effectiveStatus: vtrixEffectiveStatus, createAdapter: (context) => vtrixFamilyAdapter(table, createClient, context) }
}

/** The status whose class and retry rule an error answer gets: its documented code's, else the HTTP status. */
export function vtrixEffectiveStatus(httpStatus: number, body: unknown): number {
  if (httpStatus < 400) return httpStatus
  const code = isPlainObject(body) ? vtrixCode(body['code']) : ''
  // 403 is "insufficient balance or permission": the message tells which.
  const balance = httpStatus === 403 && /balance|credit|insufficient/i.test(String(vtrixErrorText(body)))
  return statusByCode[code] ?? (balance ? 402 : httpStatus)
}

function vtrixErrorText(body: unknown): unknown {
  return isPlainObject(body) ? (body['message'] ?? body['error']) : body
}

function vtrixFamilyAdapter(table: ProviderTable, createClient: VtrixFamilyClientFactory, context: AdapterContext): ProviderAdapter {
  const { transport } = context
  const client = createClient({ apiKey: context.apiKey, baseUrl: context.baseUrl, fetch: transport.read })
  return {
    async createTask(request, signal) {
      const body = { model: request.modelId, input: [{ params: request.parameters }] }
      const answer = await client.POST('/model/v1/generation', { body: body as never, signal, fetch: transport.create })
      return vtrixTask(table.id, checkedBody(table, context, answer)).taskId
    },
    async getTask(taskId, signal) {
      // The id is a path segment: URL parsing resolves '.' and '..', so the request would go to another path.
      if (/^\.{1,2}$/.test(taskId)) throw new ValidationError(`task id ${JSON.stringify(taskId)} is a dot segment (it would change the path), not a ${table.displayName} task id`, { provider: table.id, field: 'taskId' })
      const answer = await client.GET('/model/v1/generation/task/{id}', { params: { path: { id: taskId } }, signal })
      return vtrixTask(table.id, checkedBody(table, context, answer))
    },
  }
}

function checkedBody(table: ProviderTable, context: AdapterContext, answer: ClientAnswer): unknown {
  const { response } = answer
  if (response.ok) {
    if (!isPlainObject(answer.data)) throw new MalformedProviderResponseError(`${table.displayName} answered without a task object`, { provider: table.id })
    return answer.data
  }
  const body = answer.error
  const code = isPlainObject(body) ? vtrixCode(body['code']) : ''
  throw errorFromAnswer({
    provider: table.id,
    displayName: table.displayName,
    response,
    body,
    effectiveCode: vtrixEffectiveStatus(response.status, body),
    ...(code === '' ? {} : { providerCode: code }),
    text: vtrixErrorText(body),
    now: context.now(),
  })
}
