import type { GeneratedClient, GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { httpErrorKind, type ErrorCodeTable, type ErrorKind } from './error-kinds.js'
import { kieFamilyTask } from './kie-family-task.js'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { AdapterContext, AnswerPromise, ClientAnswer, FamilyDefinition, ProviderAdapter } from './sora-adapter.js'
import { MalformedProviderResponseError } from './sora-errors.js'
import type { ProviderId, UploadedFile, UploadInput } from './sora-types.js'

/**
 * kie.ai's own codes (its envelope `code`, in the vocabulary of HTTP statuses): the ones whose meaning differs from
 * HTTP's. Any other code reads as the HTTP status it equals.
 */
const kieErrorCodes: ErrorCodeTable = {
  433: 'rate-limited', // a sub-key over its usage limit, rejected without queueing like 429
  455: 'maintenance',
  501: 'generation-failed',
  505: 'feature-disabled',
}

/** kie.ai's API family (kie.ai, Apikley and any white label): one adapter, their differences are their tables. */
export const kieFamily: FamilyDefinition = {
  family: 'kie',
  callbackSignatureHeader: 'X-Webhook-Signature',
  errorCodes: kieErrorCodes,
  errorKind: kieErrorKind,
  createAdapter: (provider, context) => kieFamilyAdapter(provider, context),
}

/** kie.ai may answer an error as HTTP 200 with the real code in the body; that code decides, else the HTTP status. */
function kieErrorKind(httpStatus: number, body: unknown): ErrorKind | undefined {
  const code =
    isPlainObject(body) && typeof body['code'] === 'number' && body['code'] !== 200 ? body['code'] : httpStatus
  return kieErrorCodes[code] ?? httpErrorKind(code)
}

function kieFamilyAdapter(
  { table, createClient }: GeneratedProvider<ProviderTable, GeneratedClient>,
  context: AdapterContext,
): ProviderAdapter {
  const { transport } = context
  const provider = table.id as ProviderId
  const client = createClient({
    apiKey: context.apiKey,
    baseUrl: context.baseUrl,
    ...(context.uploadBaseUrl === undefined ? {} : { uploadBaseUrl: context.uploadBaseUrl }),
    fetch: transport.read,
  })
  // Each generated client types its own paths; the family's requests are the same for all of them (see
  // GeneratedClient).
  const post = (path: string, init: object): AnswerPromise => client.POST(path, init as never)
  const get = (path: string, init: object): AnswerPromise => client.GET(path, init as never)
  const pathOf = (operationId: string | undefined) =>
    operationId === undefined ? undefined : table.operations[operationId]?.path
  const payload = async (operation: string, call: Promise<ClientAnswer>) =>
    checkedPayload(table, context, operation, await call)
  const { services } = table
  return {
    async createTask(request, signal) {
      const body = {
        [table.modelOperation.discriminator]: request.modelId,
        ...request.requestFields,
        input: request.parameters,
      }
      const data = await payload(
        'createTask',
        post(table.modelOperation.path, { body, signal, fetch: transport.create }),
      )
      const taskId = isPlainObject(data) ? data['taskId'] : undefined
      if (typeof taskId !== 'string' || taskId === '') throw malformed(table, 'createTask', 'no data.taskId')
      return taskId
    },
    async getTask(taskId, signal) {
      const answer = await get('/api/v1/jobs/recordInfo', { params: { query: { taskId } }, signal })
      checkedPayload(table, context, 'recordInfo', answer)
      return kieFamilyTask(provider, answer.data)
    },
    async getCredits(signal) {
      const data = await payload('credit', get(pathOf(services.credits)!, { signal }))
      if (typeof data !== 'number') throw malformed(table, 'credit', 'no number in data')
      return data
    },
    async getDownloadUrl(url, signal) {
      // Minting a link changes nothing: the read policy (retries on 5xx) is safe.
      const data = await payload('download-url', post(pathOf(services.downloadUrl)!, { body: { url }, signal }))
      if (typeof data !== 'string' || data === '') throw malformed(table, 'download-url', 'no URL in data')
      return data
    },
    async upload(input, signal) {
      return uploadedFile(
        table,
        await payload(
          'upload',
          sendUpload(input, signal, (source) => pathOf(services.upload?.[source])!, post),
        ),
      )
    },
  }
}

// Uploads are free and a retry at worst stores a second copy, so they use the read policy.
function sendUpload(
  input: UploadInput,
  signal: AbortSignal | undefined,
  pathOf: (source: 'file' | 'url' | 'base64') => string,
  post: (path: string, init: object) => AnswerPromise,
): AnswerPromise {
  const uploadPath = input.uploadPath ?? 'sorakit'
  const fileName = input.fileName === undefined ? {} : { fileName: input.fileName }
  if ('file' in input) {
    const form = new FormData()
    form.append(
      'file',
      input.file,
      input.fileName ?? ('name' in input.file && typeof input.file.name === 'string' ? input.file.name : 'upload'),
    )
    form.append('uploadPath', uploadPath)
    if (input.fileName !== undefined) form.append('fileName', input.fileName)
    return post(pathOf('file'), { body: form, signal })
  }
  if ('url' in input) return post(pathOf('url'), { body: { fileUrl: input.url, uploadPath, ...fileName }, signal })
  return post(pathOf('base64'), { body: { base64Data: input.base64, uploadPath, ...fileName }, signal })
}

function uploadedFile(table: ProviderTable, data: unknown): UploadedFile {
  const url = isPlainObject(data) ? (data['downloadUrl'] ?? data['fileUrl']) : undefined
  if (!isPlainObject(data) || typeof url !== 'string') throw malformed(table, 'upload', 'no data.downloadUrl')
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  return {
    url,
    fileName: text(data['fileName']),
    size: typeof data['fileSize'] === 'number' ? data['fileSize'] : null,
    mimeType: text(data['mimeType']),
    raw: data,
  }
}

/** The envelope's `data` when `code` is 200; otherwise the typed error its code (or the HTTP status) names. */
function checkedPayload(
  table: ProviderTable,
  context: AdapterContext,
  operation: string,
  answer: ClientAnswer,
): unknown {
  const { response } = answer
  const body = answer.data ?? answer.error
  const code = isPlainObject(body) && typeof body['code'] === 'number' ? body['code'] : undefined
  if (response.ok && code === 200) return (body as Record<string, unknown>)['data']
  if (response.ok && code === undefined) throw malformed(table, operation, 'no envelope code')
  throw errorFromAnswer({
    provider: table.id,
    displayName: table.displayName,
    response,
    body,
    errorKind: kieErrorKind(response.status, body),
    ...(code === undefined ? {} : { providerCode: String(code) }),
    text: isPlainObject(body) ? (body['msg'] ?? body['message']) : body,
    now: context.now(),
  })
}

function malformed(table: ProviderTable, operation: string, problem: string): MalformedProviderResponseError {
  return new MalformedProviderResponseError(`${table.displayName} ${operation} answered with ${problem}`, {
    provider: table.id,
  })
}
