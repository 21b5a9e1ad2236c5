import type { GeneratedClient, GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { AdapterContext, ClientAnswer, FamilyDefinition, ProviderAdapter } from './sora-adapter.js'
import { MalformedProviderResponseError, ValidationError } from './sora-errors.js'
import { vtrixCode, vtrixTask } from './vtrix-task.js'

// Task error codes (sora_2_i2v and vtrix-sora-2-pro pages) as the status whose class they share.
const statusByCode: Record<string, number> = {
  '014001095': 501, // internal generation error
  '014001096': 501, // result parsing error
  '014001097': 500, // HTTP error response
  '014001098': 500, // status check error
  '014001099': 500, // task creation error
  '002014001': 501, // video generation failed
}

/** vtrix.ai's API family: its own task API; no callbacks, uploads, credits or download links. */
export const vtrixFamily: FamilyDefinition = {
  family: 'vtrix',
  effectiveStatus: vtrixEffectiveStatus,
  createAdapter: (provider, context) => vtrixFamilyAdapter(provider, context),
}

/** The status whose class and retry rule an error answer gets: its documented code's, else the HTTP status. */
function vtrixEffectiveStatus(httpStatus: number, body: unknown): number {
  if (httpStatus < 400) return httpStatus
  const code = isPlainObject(body) ? vtrixCode(body['code']) : ''
  // 403 is "insufficient balance or permission": the message tells which.
  const balance = httpStatus === 403 && /balance|credit|insufficient/i.test(String(vtrixErrorText(body)))
  return statusByCode[code] ?? (balance ? 402 : httpStatus)
}

function vtrixErrorText(body: unknown): unknown {
  return isPlainObject(body) ? (body['message'] ?? body['error']) : body
}

function vtrixFamilyAdapter(
  { table, createClient }: GeneratedProvider<ProviderTable, GeneratedClient>,
  context: AdapterContext,
): ProviderAdapter {
  const { transport } = context
  const client = createClient({ apiKey: context.apiKey, baseUrl: context.baseUrl, fetch: transport.read })
  return {
    async createTask(request, signal) {
      const body = { [table.modelOperation.discriminator]: request.modelId, input: [{ params: request.parameters }] }
      // Each generated client types its own paths; the family's requests are the same for all of them (see
      // GeneratedClient).
      const answer = await client.POST(table.modelOperation.path, { body, signal, fetch: transport.create } as never)
      return vtrixTask(table.id, checkedBody(table, context, answer)).taskId
    },
    async getTask(taskId, signal) {
      // The id is a path segment: URL parsing resolves '.' and '..', so the request would go to another path.
      if (/^\.{1,2}$/.test(taskId))
        throw new ValidationError(
          `task id ${JSON.stringify(taskId)} is a dot segment (it would change the path), not a ${table.displayName} task id`,
          { provider: table.id, field: 'taskId' },
        )
      const answer = await client.GET('/model/v1/generation/task/{id}', {
        params: { path: { id: taskId } },
        signal,
      } as never)
      return vtrixTask(table.id, checkedBody(table, context, answer))
    },
  }
}

function checkedBody(table: ProviderTable, context: AdapterContext, answer: ClientAnswer): unknown {
  const { response } = answer
  if (response.ok) {
    if (!isPlainObject(answer.data))
      throw new MalformedProviderResponseError(`${table.displayName} answered without a task object`, {
        provider: table.id,
      })
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
