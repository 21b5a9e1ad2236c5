import type { GeneratedClient, GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { httpErrorKind, type ErrorCodeTable, type ErrorKind } from './error-kinds.js'
import {
  falEndpointIsSafe,
  falErrorText,
  falErrorType,
  falFailure,
  falSegmentIsSafe,
  falTask,
  falTaskId,
  parseFalTaskId,
  type FalTaskReference,
} from './fal-task.js'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { AdapterContext, ClientAnswer, FamilyDefinition, ProviderAdapter } from './sora-adapter.js'
import { MalformedProviderResponseError, ModelUnavailableError, ValidationError } from './sora-errors.js'
import type { ProviderId, SoraTaskFailure } from './sora-types.js'

/**
 * The operations a fal-family table lists under its model template (the manifest's `modelOperation.modelPaths`):
 * fal's queue routes of every endpoint.
 */
const falOperations = { status: 'getStatus', result: 'getResult', cancel: 'cancel' } as const

/** fal answers with HTTP statuses and `{detail}` only: it has no codes of its own. */
const falErrorCodes: ErrorCodeTable = {}

/** fal.ai's queue API: every endpoint is a model, submitted on its own path, polled and fetched under it. */
export const falFamily: FamilyDefinition = {
  family: 'fal',
  // As the table's callback declares it (specs/fal overlay); verified by verifyFalWebhook.
  callbackSignatureHeader: 'X-Fal-Webhook-Signature',
  errorCodes: falErrorCodes,
  errorKind: falErrorKind,
  createAdapter: (provider, context) => falFamilyAdapter(provider, context),
}

/** An exhausted balance is a 403 whose text says so ("User is locked. Reason: Exhausted balance"). */
function falErrorKind(httpStatus: number, body: unknown): ErrorKind | undefined {
  if (httpStatus === 403 && /balance|billing|locked/i.test(falErrorText(body) ?? '')) return 'insufficient-credits'
  return httpErrorKind(httpStatus)
}

function falFamilyAdapter(
  { table, createClient }: GeneratedProvider<ProviderTable, GeneratedClient>,
  context: AdapterContext,
): ProviderAdapter {
  const { transport } = context
  const provider = table.id as ProviderId
  const client = createClient({ apiKey: context.apiKey, baseUrl: context.baseUrl, fetch: transport.read })
  const routeOf = (operation: keyof typeof falOperations, reference: FalTaskReference) =>
    modelPath(table, table.operations[falOperations[operation]]?.path, reference)
  // Each generated client types its own paths; fal's routes are the same for every endpoint (see GeneratedClient).
  const get = (path: string, signal: AbortSignal | undefined): Promise<ClientAnswer> =>
    client.GET(path, { signal } as never)

  return {
    async createTask(request, signal) {
      const path = modelPath(table, table.modelOperation.path, { endpoint: request.modelId, requestId: '' })
      // The body is the parameters; the request fields (`fal_webhook`) are the submit's query parameters.
      const init = {
        body: request.parameters,
        params: { query: request.requestFields },
        signal,
        fetch: transport.create,
      }
      const answer = await client.POST(path, init as never)
      // The submit path is the endpoint: fal answering it 404 means the endpoint is not served.
      if (answer.response.status === 404)
        throw new ModelUnavailableError(
          `${table.displayName}: the endpoint ${request.modelId} is not served (HTTP 404); pick another model (sora.capabilities lists each model's availability)`,
          { provider, status: 404, retryable: false },
        )
      const body = checkedBody(table, context, answer)
      const requestId = body['request_id']
      if (typeof requestId !== 'string' || !falSegmentIsSafe(requestId))
        throw new MalformedProviderResponseError(`${table.displayName} submit answered without a usable request_id`, {
          provider,
        })
      return falTaskId({ endpoint: request.modelId, requestId })
    },
    async cancel(taskId, signal) {
      // Asking again is harmless (fal answers a finished request `success: false`): the read policy's retries apply.
      const path = routeOf('cancel', parseFalTaskId(provider, taskId))
      const body = checkedBody(table, context, await client.request('PUT', path, { signal } as never))
      if (typeof body['success'] !== 'boolean')
        throw new MalformedProviderResponseError(`${table.displayName} cancel answered without success`, { provider })
      return body['success']
    },
    async getTask(taskId, signal) {
      const reference = parseFalTaskId(provider, taskId)
      const status = checkedBody(table, context, await get(routeOf('status', reference), signal))
      const task = falTask(provider, reference, status)
      if (task.status !== 'succeeded') return task
      const result = await get(routeOf('result', reference), signal)
      // COMPLETED, but the result route says it is not ready yet: still running, the next poll reads it again.
      if (result.response.status === 400) return { ...task, status: 'running', progress: null, videoUrls: [] }
      const failure = resultFailure(result)
      return falTask(
        provider,
        reference,
        status,
        failure === undefined ? { output: checkedBody(table, context, result) } : { failure },
      )
    },
  }
}

/**
 * A route of the model template with the endpoint's segments and the request id encoded (each already checked to be
 * a plain segment, so encoding changes nothing fal would read differently).
 */
function modelPath(table: ProviderTable, template: string | undefined, reference: FalTaskReference): string {
  if (template === undefined)
    throw new ValidationError(
      `${table.displayName}'s table lacks a fal queue route (modelOperation.modelPaths needs ${Object.values(falOperations).join(', ')})`,
      { provider: table.id },
    )
  if (!falEndpointIsSafe(reference.endpoint))
    throw new ValidationError(`${JSON.stringify(reference.endpoint)} is not a ${table.displayName} endpoint id`, {
      provider: table.id,
      field: 'model',
    })
  const endpoint = reference.endpoint.split('/').map(encodeURIComponent).join('/')
  return template
    .replace(`{${table.modelOperation.discriminator}}`, endpoint)
    .replace('{request_id}', encodeURIComponent(reference.requestId))
}

/** A result refused as the request's own failure (its input, 422), not as a failure to read it. */
function resultFailure(answer: ClientAnswer): SoraTaskFailure | undefined {
  const { status } = answer.response
  if (status !== 422) return undefined
  return falFailure(falErrorType(answer.error), falErrorText(answer.error) ?? 'The request failed', status)
}

function checkedBody(table: ProviderTable, context: AdapterContext, answer: ClientAnswer): Record<string, unknown> {
  const { response } = answer
  if (response.ok) {
    if (!isPlainObject(answer.data))
      throw new MalformedProviderResponseError(`${table.displayName} answered without a JSON object`, {
        provider: table.id,
      })
    return answer.data
  }
  throw errorFromAnswer({
    provider: table.id,
    displayName: table.displayName,
    response,
    body: answer.error,
    errorKind: falErrorKind(response.status, answer.error),
    text: falErrorText(answer.error),
    now: context.now(),
  })
}
