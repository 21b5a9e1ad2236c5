import type { GeneratedClient, GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { httpErrorKind, type ErrorCodeTable, type ErrorKind } from './error-kinds.js'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { AdapterContext, ClientAnswer, FamilyDefinition, ProviderAdapter } from './sora-adapter.js'
import { MalformedProviderResponseError, ValidationError } from './sora-errors.js'
import { vtrixCode, vtrixTask } from './vtrix-task.js'

// Task error codes (sora_2_i2v and vtrix-sora-2-pro pages) and what they mean.
const vtrixErrorCodes: ErrorCodeTable = {
  '014001095': 'generation-failed', // internal generation error
  '014001096': 'generation-failed', // result parsing error
  '014001097': 'server-error', // HTTP error response
  '014001098': 'server-error', // status check error
  '014001099': 'server-error', // task creation error
  '002014001': 'generation-failed', // video generation failed
}

/** vtrix.ai's API family: its own task API; no callbacks, uploads, credits or download links. */
export const vtrixFamily: FamilyDefinition = {
  family: 'vtrix',
  errorCodes: vtrixErrorCodes,
  errorKind: vtrixErrorKind,
  createAdapter: (provider, context) => vtrixFamilyAdapter(provider, context),
}

/** What an error answer means: its documented code's kind, else its HTTP status's. */
function vtrixErrorKind(httpStatus: number, body: unknown): ErrorKind | undefined {
  if (httpStatus < 400) return undefined
  const code = isPlainObject(body) ? vtrixCode(body['code']) : ''
  // 403 is "insufficient balance or permission": the message tells which.
  const balance = httpStatus === 403 && /balance|credit|insufficient/i.test(String(vtrixErrorText(body)))
  return vtrixErrorCodes[code] ?? (balance ? 'insufficient-credits' : httpErrorKind(httpStatus))
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
    errorKind: vtrixErrorKind(response.status, body),
    ...(code === '' ? {} : { providerCode: code }),
    text: vtrixErrorText(body),
    now: context.now(),
  })
}
