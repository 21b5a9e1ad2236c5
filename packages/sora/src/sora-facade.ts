import type { ProviderTable } from '@sorakit/provider'
import { describeValue, isPlainObject } from './parameter-check.js'
import { redactSecret, redactSecretInData } from './secret-redaction.js'
import type { ProviderDefinition } from './sora-adapter.js'
import { deriveCapabilities, type SoraCapabilities, type SoraOperation } from './sora-capabilities.js'
import { MalformedProviderResponseError, UnsupportedFeatureError, ValidationError } from './sora-errors.js'
import { buildModelRequest, unsupportedOperation } from './sora-request.js'
import type {
  CreateCharacterFromTaskInputFor,
  CreateCharacterInputFor,
  ImageToVideoInputFor,
  RemoveWatermarkInputFor,
  StoryboardInputFor,
  TableOperation,
  TableService,
  TextToVideoInputFor,
} from './sora-table-types.js'
import type {
  ProviderId,
  RequestOptions,
  SoraHandle,
  SoraOptions,
  SoraTask,
  UploadedFile,
  UploadInput,
  WaitOptions,
} from './sora-types.js'
import { pollUntilDone } from './task-poller.js'
import { realClock } from './transport-clock.js'
import { createTransport, type InitFetchFunction } from './transport-retry.js'

/** What every facade has, whatever the provider. */
interface SoraCore {
  readonly provider: ProviderId
  /** What this provider can do, derived from its generated table. */
  readonly capabilities: SoraCapabilities
  /** The task's current state; a task id alone works too. */
  getTask(task: SoraHandle | string, options?: RequestOptions): Promise<SoraTask>
  /** Polls until the task succeeds; throws GenerationFailedError or PollDeadlineExceededError. */
  wait(task: SoraHandle | string, options?: WaitOptions): Promise<SoraTask>
}

/** The model operations, with inputs narrowed by the provider's table. */
interface SoraModelMethods<T extends ProviderTable> {
  textToVideo(input: TextToVideoInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
  imageToVideo(input: ImageToVideoInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
  /** A reusable character from a short video. */
  createCharacter(input: CreateCharacterInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
  /** A reusable character from a segment of a generated video. */
  createCharacterFromTask(input: CreateCharacterFromTaskInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
  /** A video from a sequence of shots. */
  storyboard(input: StoryboardInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
  /** Removes the watermark of a published Sora video. */
  removeWatermark(input: RemoveWatermarkInputFor<T>, options?: RequestOptions): Promise<SoraHandle>
}

interface SoraServiceMethods {
  /** Remaining credits. */
  getCredits(options?: RequestOptions): Promise<number>
  /** A fresh download link (valid about 20 min) for an expiring result URL. */
  getDownloadUrl(url: string, options?: RequestOptions): Promise<string>
  /** Uploads a file; the URL it returns works as `imageUrl` / `videoUrl`. */
  upload(input: UploadInput, options?: RequestOptions): Promise<UploadedFile>
  /**
   * Cancels a task that has not finished (fal.ai's queue): true when the provider stopped it, false when it had
   * already finished. A provider bills what it ran.
   */
  cancel(task: SoraHandle | string, options?: RequestOptions): Promise<boolean>
}

/**
 * The facade: one call shape for every provider. Every method rejects with a `SoraError`. Typed by
 * the provider's table: the methods of operations and services it lacks are absent (vtrix has no
 * `createCharacter`, `upload`), `model` and the options take that provider's values. `Sora` alone
 * (any table) has every method but `cancel` (see TableService).
 */
export type Sora<T extends ProviderTable = ProviderTable> = SoraCore &
  Pick<SoraModelMethods<T>, TableOperation<T> & keyof SoraModelMethods<T>> &
  Pick<SoraServiceMethods, TableService<T>>

/** Every method, for the facade's own implementation (a provider's type hides what it lacks). */
type SoraImplementation = SoraCore & SoraModelMethods<ProviderTable> & SoraServiceMethods

/** Builds the facade over one provider definition. The provider entry points call this. */
export function createSoraFacade(definition: ProviderDefinition, options: SoraOptions): SoraImplementation {
  const { table } = definition
  const provider = table.id as ProviderId
  checkOptions(options)
  const named = (options as { provider?: unknown }).provider
  if (named !== undefined && named !== provider)
    throw new ValidationError(`This entry point is bound to ${provider} (got provider ${String(named)})`, {
      field: 'provider',
      supported: [provider],
    })
  const { apiKey } = options
  const clock = options.clock ?? realClock
  const random = options.random ?? Math.random
  const baseUrl = trimSlash(options.baseUrl ?? table.servers.api)
  const capabilities = deriveCapabilities(table, definition.family.callbackSignatureHeader)
  const transport = createTransport({
    provider,
    fetch: options.fetch === undefined ? (request, init) => globalThis.fetch(request, init) : withSignal(options.fetch),
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    clock,
    random,
    errorKind: definition.family.errorKind,
  })
  const adapter = definition.createAdapter({
    apiKey,
    baseUrl,
    uploadBaseUrl: options.uploadBaseUrl,
    transport,
    now: () => clock.now(),
  })
  const requestContext = { table, capabilities }

  // Every public call goes through here: one place turns failures into key-free, bounded SoraErrors.
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw redactSecret(typedFailure(error, table.displayName, provider), apiKey)
    }
  }
  const create = (operation: SoraOperation, input: unknown, requestOptions: RequestOptions = {}) =>
    guard(async () => {
      // A handle of another provider or host names a task this provider cannot know, as in getTask.
      if (isPlainObject(input) && isPlainObject(input['originTask']))
        taskIdFromReference(input['originTask'], provider, baseUrl, 'originTask')
      const request = buildModelRequest(requestContext, operation, input)
      const taskId = await adapter.createTask(request, requestOptions.signal)
      const handle: SoraHandle = {
        provider,
        taskId,
        model: request.modelId,
        baseUrl,
        createdAt: new Date(clock.now()).toISOString(),
      }
      return handle
    })
  const taskIdOf = (task: SoraHandle | string) => taskIdFromReference(task, provider, baseUrl)
  // A task is data, not an error, but it may carry the key all the same (a provider echoing it into failMsg).
  const fetchTask = async (taskId: string, signal: AbortSignal | undefined) =>
    redactSecretInData(answerFor(taskId, await adapter.getTask(taskId, signal), table.displayName), apiKey)
  const getTask = (task: SoraHandle | string, requestOptions: RequestOptions = {}) =>
    guard(async () => fetchTask(taskIdOf(task), requestOptions.signal))
  const service = <K extends 'getCredits' | 'getDownloadUrl' | 'upload' | 'cancel'>(name: K, available: boolean) => {
    const method = adapter[name]
    if (!available || method === undefined) throw unsupportedOperation(capabilities, name)
    return method
  }

  return {
    provider,
    capabilities,
    textToVideo: (input, requestOptions) => create('textToVideo', input, requestOptions),
    imageToVideo: (input, requestOptions) => create('imageToVideo', input, requestOptions),
    createCharacter: (input, requestOptions) => create('createCharacter', input, requestOptions),
    createCharacterFromTask: (input, requestOptions) => create('createCharacterFromTask', input, requestOptions),
    storyboard: (input, requestOptions) => create('storyboard', input, requestOptions),
    removeWatermark: (input, requestOptions) => create('removeWatermark', input, requestOptions),
    getTask,
    wait: (task, waitOptions = {}) =>
      guard(async () => {
        const taskId = taskIdOf(task)
        // A bare task id says nothing of its model or creation time: the handle a deadline error carries leaves them
        // empty.
        const handle = typeof task === 'string' ? { provider, taskId, model: '', baseUrl, createdAt: '' } : task
        return pollUntilDone({ handle, clock, random, getTask: (signal) => fetchTask(taskId, signal) }, waitOptions)
      }),
    getCredits: (requestOptions = {}) =>
      guard(async () => service('getCredits', capabilities.credits).call(adapter, requestOptions.signal)),
    getDownloadUrl: (url, requestOptions = {}) =>
      guard(async () => {
        const method = service('getDownloadUrl', capabilities.downloadUrl)
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          throw new ValidationError('url must be an absolute http(s) URL of a result file', { provider, field: 'url' })
        return method.call(adapter, url, requestOptions.signal)
      }),
    upload: (input, requestOptions = {}) =>
      guard(async () => {
        const method = service('upload', capabilities.upload.length > 0)
        checkUpload(input, capabilities)
        return method.call(adapter, input, requestOptions.signal)
      }),
    cancel: (task, requestOptions = {}) =>
      guard(async () => service('cancel', capabilities.cancel).call(adapter, taskIdOf(task), requestOptions.signal)),
  }
}

// JSON.parse of an answer throws SyntaxError; an answer too deep or too large to handle, RangeError.
// An exception from the caller's own code (onProgress, clock, random) is theirs and passes unchanged.
function typedFailure(error: unknown, displayName: string, provider: ProviderId): unknown {
  if (error instanceof SyntaxError)
    return new MalformedProviderResponseError(`${displayName} answered with invalid JSON`, { provider, cause: error })
  if (error instanceof RangeError)
    return new MalformedProviderResponseError(`${displayName} answered with something too deep or too large to read`, {
      provider,
      cause: error,
    })
  return error
}

function checkOptions(options: SoraOptions): void {
  if (!isPlainObject(options)) throw new ValidationError('createSora takes an options object', { field: 'options' })
  // The message never echoes the value: it may be a key.
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')
    throw new ValidationError('apiKey must be a non-empty string', { field: 'apiKey' })
  // It goes into the Authorization header: a line break would split it, fetch refuses what is past
  // Latin-1 (at request time, as a TypeError), and surrounding whitespace would be trimmed away.
  if (!/^[\x21-\x7E\x80-\xFF](?:[\t\x20-\x7E\x80-\xFF]*[\x21-\x7E\x80-\xFF])?$/.test(options.apiKey)) {
    throw new ValidationError(
      'apiKey must be a valid HTTP header value: no line breaks or control characters, no characters beyond Latin-1, no leading or trailing whitespace',
      { field: 'apiKey' },
    )
  }
  const counts: Array<[string, unknown, number]> = [
    ['maxRetries', options.maxRetries, 0],
    ['timeoutMs', options.timeoutMs, 1],
    ['maxRetryAfterMs', options.maxRetryAfterMs, 0],
  ]
  for (const [field, value, minimum] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= minimum))
      throw new ValidationError(`${field} must be an integer >= ${minimum}`, { field })
  }
  for (const field of ['baseUrl', 'uploadBaseUrl'] as const) {
    const value = options[field]
    if (value !== undefined && (typeof value !== 'string' || !/^https?:\/\/[^/]/.test(value)))
      throw new ValidationError(`${field} must be an absolute http(s) URL`, { field })
  }
}

// A handle names where its task lives; the facade sends its key only to its own base URL.
function taskIdFromReference(task: unknown, provider: ProviderId, baseUrl: string, field = 'handle'): string {
  if (typeof task === 'string') {
    if (task.trim() === '') throw new ValidationError('task id must not be empty', { provider, field: 'taskId' })
    return task
  }
  if (!isPlainObject(task) || typeof task['taskId'] !== 'string' || task['taskId'] === '') {
    throw new ValidationError('Expected a handle ({ provider, taskId, model, baseUrl, createdAt }) or a task id', {
      provider,
      field,
    })
  }
  if (task['provider'] !== provider) {
    throw new ValidationError(
      `The ${field} handle belongs to ${describeValue(task['provider'])}; this facade talks to ${provider}`,
      { provider, field: `${field}.provider`, supported: [provider] },
    )
  }
  if (typeof task['baseUrl'] === 'string' && task['baseUrl'] !== '' && trimSlash(task['baseUrl']) !== baseUrl) {
    throw new ValidationError(
      `The ${field} handle's task lives on ${task['baseUrl']}; this facade talks to ${baseUrl}`,
      { provider, field: `${field}.baseUrl`, supported: [baseUrl] },
    )
  }
  return task['taskId']
}

// A provider (or a proxy, or a cache) answering with another task's record must not pass for the task asked.
function answerFor(taskId: string, task: SoraTask, displayName: string): SoraTask {
  if (task.taskId !== taskId) {
    throw new MalformedProviderResponseError(
      `${displayName} answered the task ${JSON.stringify(taskId)} with the record of task ${JSON.stringify(task.taskId)}`,
      { provider: task.provider },
    )
  }
  return task
}

function checkUpload(input: UploadInput, capabilities: SoraCapabilities): void {
  const sources = isPlainObject(input) ? (['file', 'url', 'base64'] as const).filter((source) => source in input) : []
  if (sources.length !== 1) {
    throw new ValidationError(`upload takes exactly one of ${capabilities.upload.join(', ')}`, {
      provider: capabilities.provider,
      field: 'upload',
      supported: capabilities.upload,
    })
  }
  const source = sources[0]!
  if (!capabilities.upload.includes(source)) {
    throw new UnsupportedFeatureError(
      `${capabilities.displayName} cannot upload from ${source}; it takes ${capabilities.upload.join(', ')}`,
      {
        provider: capabilities.provider,
        field: source,
        supported: capabilities.upload,
      },
    )
  }
  const value = (input as unknown as Record<string, unknown>)[source]
  const valid =
    source === 'file' ? typeof Blob !== 'undefined' && value instanceof Blob : typeof value === 'string' && value !== ''
  if (!valid)
    throw new ValidationError(`${source} must be ${source === 'file' ? 'a Blob or File' : 'a non-empty string'}`, {
      provider: capabilities.provider,
      field: source,
    })
  const { uploadPath } = input
  if (uploadPath !== undefined && (typeof uploadPath !== 'string' || uploadPath === '' || /^\/|\/$/.test(uploadPath))) {
    throw new ValidationError('uploadPath must be a non-empty string without leading or trailing slash', {
      provider: capabilities.provider,
      field: 'uploadPath',
    })
  }
}

// A caller's fetch takes one Request: the attempt's signal goes into it.
function withSignal(fetch: (request: Request) => Promise<Response>): InitFetchFunction {
  return (request, init) => fetch(new Request(request, init))
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
