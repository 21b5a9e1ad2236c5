import {
  AbortedError,
  taskFailedError,
  type ModelCapabilities,
  type PollStep,
  type Sora,
  type SoraHandle,
  type SoraOperation,
} from '@sorakit/sora'
import { verifyFamilyWebhook, type FalWebhookKeySource } from '@sorakit/sora/webhooks'
import type {
  JsonValue,
  SorakitVideoModelV3,
  SorakitVideoModelV4,
  VideoCallOptions,
  VideoStartResult,
  VideoWebhookDelivery,
  VideoWebhookOption,
} from './ai-sdk-specification.js'
import {
  handleMetadata,
  responseInfo,
  statusResult,
  taskMetadata,
  taskVideos,
  type VideoDelivery,
} from './sorakit-metadata.js'
import { mapVideoCall } from './video-call-mapping.js'

/** One operation a model runs, with what the model takes for it. */
export interface ServedOperation {
  operation: SoraOperation
  model: ModelCapabilities
}

export interface VideoModelContext<ModelId extends string> {
  sora: Sora
  modelId: ModelId
  /** The operations the model runs, in the facade's order (text-to-video first). */
  operations: readonly ServedOperation[]
  /** What webhook deliveries are verified with, as the provider's family signs; none: they are hints. */
  webhooks: { secret: string | undefined; keys: FalWebhookKeySource | undefined }
  /** How `doGenerate` (V3) waits. */
  wait: SorakitWaitSettings
  /** How finished videos reach the AI SDK. */
  delivery: VideoDelivery
}

export interface SorakitWaitSettings {
  /** Give up after this long (`PollDeadlineExceededError`). Default: the facade's, 900000 (15 min). */
  deadlineMs?: number
  /** Default: the facade's, kie.ai's guidance (2-3 s for 30 s, 5-10 s until 2 min, then 15-30 s). */
  pollSchedule?: readonly PollStep[]
}

type CreateMethod = (input: Record<string, unknown>, options: { signal?: AbortSignal }) => Promise<SoraHandle>

/**
 * Starts the task through the facade, which sends a create at most once (never after a timeout or
 * a 5xx). Its errors are `SoraError`s, which the AI SDK does not retry either (it retries only its
 * own `APICallError`s marked retryable), so a billable task is never created twice.
 */
async function startTask<ModelId extends string>(
  context: VideoModelContext<ModelId>,
  options: VideoCallOptions & { webhookUrl?: string },
) {
  const { operation, model } = operationFor(context.operations, options)
  const { input, warnings } = await mapVideoCall({ sora: context.sora, model }, options)
  const create = context.sora[operation] as CreateMethod
  const handle = await create(input, { signal: options.abortSignal })
  return { handle, warnings }
}

/**
 * Kling 3.0, Seedance 1.5 Pro and Veo 3.1 are text-to-video and image-to-video models under one id:
 * a call that brings a frame runs image-to-video (the facade then asks for a first frame if only a
 * last one came), any other call the model's first operation.
 */
function operationFor(operations: readonly ServedOperation[], options: VideoCallOptions): ServedOperation {
  const bringsFrame = options.image !== undefined || (options.frameImages?.length ?? 0) > 0
  return (bringsFrame ? operations.find((served) => served.operation === 'imageToVideo') : undefined) ?? operations[0]!
}

/**
 * The AI SDK tells an abort by the error's name, `AbortError`, as fetch and `AbortSignal` throw it: the
 * facade's `AbortedError` becomes one (a DOMException, as the platform's), the original as its `cause`.
 */
async function withAbortConvention<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!AbortedError.isInstance(error)) throw error
    const abort = new DOMException(error.message, 'AbortError')
    Object.defineProperty(abort, 'cause', { value: error, enumerable: false, writable: true, configurable: true })
    throw abort
  }
}

function providerName(sora: Sora): string {
  return `sorakit.${sora.provider}`
}

/**
 * `Experimental_VideoModelV4` (ai 7): the AI SDK polls `doStatus`, or waits for the webhook where the provider signs
 * callbacks.
 */
export function createVideoModelV4<ModelId extends string>(
  context: VideoModelContext<ModelId>,
): SorakitVideoModelV4<ModelId> {
  const { sora, modelId } = context
  const model: SorakitVideoModelV4<ModelId> = {
    specificationVersion: 'v4',
    provider: providerName(sora),
    modelId,
    maxVideosPerCall: 1,
    doStart: (options): Promise<VideoStartResult> =>
      withAbortConvention(async () => {
        const { handle, warnings } = await startTask(context, options)
        return {
          operation: handle as unknown as JsonValue,
          warnings,
          providerMetadata: handleMetadata(handle),
          response: responseInfo(modelId),
        }
      }),
    doStatus: ({ operation, abortSignal }) =>
      withAbortConvention(async () => {
        // The facade checks the handle: its provider and base URL must be this provider's.
        const task = await sora.getTask(operation as SoraHandle, { signal: abortSignal })
        // Thrown, not answered as { status: 'error' }: ai 7 would turn that into a plain Error and lose the
        // failure's kind (content policy or a failed generation) that GenerationFailedError carries.
        if (task.status === 'failed') throw taskFailedError(task)
        return await statusResult(task, modelId, context.delivery, abortSignal)
      }),
  }
  // Only providers that sign their callbacks get the AI SDK's webhook flow; the others are polled.
  if (
    sora.capabilities.signedCallbacks &&
    context.operations.some((served) => Object.hasOwn(served.model.options, 'callbackUrl'))
  ) {
    model.handleWebhookOption = (option) => webhookOption(context, option)
  }
  return model
}

async function webhookOption<ModelId extends string, Body>(
  context: VideoModelContext<ModelId>,
  { webhook }: VideoWebhookOption<Body>,
) {
  const { url, received } = await webhook()
  const { secret, keys } = context.webhooks
  if (secret === undefined && keys === undefined) return { webhookUrl: url, received }
  // A delivery only tells the AI SDK to re-fetch the task; with a key, a forged one is refused first.
  const { sora } = context
  const verified = Promise.resolve(received).then(async (delivery: VideoWebhookDelivery<Body>) => {
    const body = typeof delivery.body === 'string' ? delivery.body : JSON.stringify(delivery.body)
    await verifyFamilyWebhook(
      sora.capabilities.family,
      { headers: delivery.headers, body },
      { provider: sora.provider, ...(secret === undefined ? {} : { secret }), ...(keys === undefined ? {} : { keys }) },
    )
    return delivery
  })
  return { webhookUrl: url, received: verified }
}

/** `Experimental_VideoModelV3` (ai 6): `doGenerate` starts the task and waits for it with the facade's poller. */
export function createVideoModelV3<ModelId extends string>(
  context: VideoModelContext<ModelId>,
): SorakitVideoModelV3<ModelId> {
  const { sora, modelId } = context
  return {
    specificationVersion: 'v3',
    provider: providerName(sora),
    modelId,
    maxVideosPerCall: 1,
    doGenerate: (options) =>
      withAbortConvention(async () => {
        const { handle, warnings } = await startTask(context, options)
        // A failed task rejects with the facade's GenerationFailedError, carrying the provider's message.
        const task = await sora.wait(handle, { ...context.wait, signal: options.abortSignal })
        return {
          videos: await taskVideos(task, context.delivery, options.abortSignal),
          warnings,
          providerMetadata: taskMetadata(task),
          response: responseInfo(modelId),
        }
      }),
  }
}
