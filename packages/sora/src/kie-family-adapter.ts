import type { KieClient, KieClientOptions } from '@sorakit/kie'
import { kieFamilyTask } from './kie-family-task.js'
import { isPlainObject } from './parameter-check.js'
import { errorFromAnswer } from './provider-errors.js'
import type { ProviderTable } from './provider-table.js'
import type { AdapterContext, ClientAnswer, ProviderAdapter, ProviderDefinition } from './sora-adapter.js'
import type { FamilyMappings, OptionMapping } from './sora-capabilities.js'
import { MalformedProviderResponseError } from './sora-errors.js'
import type { ProviderId, SoraHandle, StoryboardShot, UploadedFile, UploadInput } from './sora-types.js'

/** `createKieClient` or `createApikleyClient`: same API family, same call shape. */
export type KieFamilyClientFactory = (options: KieClientOptions) => KieClient

const wrapInList = (value: string) => [value]
const videoOptions: Record<string, OptionMapping> = {
  prompt: { parameter: 'prompt' },
  aspectRatio: { parameter: 'aspect_ratio' },
  // n_frames is the length in seconds, despite its name.
  durationSeconds: { parameter: 'n_frames', decode: Number },
  quality: { parameter: 'size' },
  removeWatermark: { parameter: 'remove_watermark' },
  characterIds: { parameter: 'character_id_list' },
}

/** kie.ai's names for the facade's options; the tables say which model takes which, and their values. */
export const kieFamilyMappings: FamilyMappings = {
  operations: {
    textToVideo: videoOptions,
    imageToVideo: { ...videoOptions, imageUrl: { parameter: 'image_urls', encode: wrapInList } },
    storyboard: {
      shots: { parameter: 'shots', encode: (shots: StoryboardShot[]) => shots.map((shot) => ({ Scene: shot.prompt, duration: shot.durationSeconds })) },
      durationSeconds: videoOptions['durationSeconds']!,
      aspectRatio: videoOptions['aspectRatio']!,
      imageUrl: { parameter: 'image_urls', encode: wrapInList },
    },
    createCharacter: {
      videoUrl: { parameter: 'character_file_url', encode: wrapInList },
      prompt: { parameter: 'character_prompt' },
      safetyInstruction: { parameter: 'safety_instruction' },
    },
    createCharacterFromTask: {
      originTask: { parameter: 'origin_task_id', encode: (task: SoraHandle | string) => (typeof task === 'string' ? task : task.taskId) },
      clip: { parameter: 'timestamps', encode: (clip: { startSeconds: number; endSeconds: number }) => `${clip.startSeconds},${clip.endSeconds}` },
      prompt: { parameter: 'character_prompt' },
      userName: { parameter: 'character_user_name' },
      safetyInstruction: { parameter: 'safety_instruction' },
    },
    removeWatermark: { videoUrl: { parameter: 'video_url' } },
  },
  requestFields: { callbackUrl: 'callBackUrl', progressCallbackUrl: 'progressCallBackUrl' },
  callbackSignatureHeader: 'X-Webhook-Signature',
  services: {
    credits: 'get-account-credits',
    downloadUrl: 'get-download-url',
    upload: { file: 'upload-file-stream', url: 'upload-file-url', base64: 'upload-file-base64' },
  },
}

/** kie.ai and Apikley: one adapter, their differences are their tables. */
export function kieFamilyDefinition(table: ProviderTable, createClient: KieFamilyClientFactory): ProviderDefinition {
  return {
    table,
    mappings: kieFamilyMappings,
    effectiveStatus: kieEffectiveStatus,
    createAdapter: (context) => kieFamilyAdapter(table, createClient, context),
  }
}

/** kie.ai may answer an error as HTTP 200 with the real code in the body; that code decides. */
export function kieEffectiveStatus(httpStatus: number, body: unknown): number {
  return isPlainObject(body) && typeof body['code'] === 'number' && body['code'] !== 200 ? body['code'] : httpStatus
}

function kieFamilyAdapter(table: ProviderTable, createClient: KieFamilyClientFactory, context: AdapterContext): ProviderAdapter {
  const { transport } = context
  const provider = table.id as ProviderId
  const client = createClient({
    apiKey: context.apiKey,
    baseUrl: context.baseUrl,
    ...(context.uploadBaseUrl === undefined ? {} : { uploadBaseUrl: context.uploadBaseUrl }),
    fetch: transport.read,
  })
  const payload = async (operation: string, call: Promise<ClientAnswer>) => checkedPayload(table, context, operation, await call)
  return {
    async createTask(request, signal) {
      const body = { model: request.modelId, ...request.requestFields, input: request.parameters }
      const data = await payload('createTask', client.POST('/api/v1/jobs/createTask', { body: body as never, signal, fetch: transport.create }))
      const taskId = isPlainObject(data) ? data['taskId'] : undefined
      if (typeof taskId !== 'string' || taskId === '') throw malformed(table, 'createTask', 'no data.taskId')
      return taskId
    },
    async getTask(taskId, signal) {
      const answer = await client.GET('/api/v1/jobs/recordInfo', { params: { query: { taskId } }, signal })
      checkedPayload(table, context, 'recordInfo', answer)
      return kieFamilyTask(provider, answer.data)
    },
    async getCredits(signal) {
      const data = await payload('credit', client.GET('/api/v1/chat/credit', { signal }))
      if (typeof data !== 'number') throw malformed(table, 'credit', 'no number in data')
      return data
    },
    async getDownloadUrl(url, signal) {
      // Minting a link changes nothing: the read policy (retries on 5xx) is safe.
      const data = await payload('download-url', client.POST('/api/v1/common/download-url', { body: { url }, signal }))
      if (typeof data !== 'string' || data === '') throw malformed(table, 'download-url', 'no URL in data')
      return data
    },
    async upload(input, signal) {
      return uploadedFile(table, await payload('upload', sendUpload(client, input, signal)))
    },
  }
}

// Uploads are free and a retry at worst stores a second copy, so they use the read policy.
function sendUpload(client: KieClient, input: UploadInput, signal: AbortSignal | undefined): Promise<ClientAnswer> {
  const uploadPath = input.uploadPath ?? 'sorakit'
  const fileName = input.fileName === undefined ? {} : { fileName: input.fileName }
  if ('file' in input) {
    const form = new FormData()
    form.append('file', input.file, input.fileName ?? ('name' in input.file && typeof input.file.name === 'string' ? input.file.name : 'upload'))
    form.append('uploadPath', uploadPath)
    if (input.fileName !== undefined) form.append('fileName', input.fileName)
    return client.POST('/api/file-stream-upload', { body: form as never, signal })
  }
  if ('url' in input) return client.POST('/api/file-url-upload', { body: { fileUrl: input.url, uploadPath, ...fileName }, signal })
  return client.POST('/api/file-base64-upload', { body: { base64Data: input.base64, uploadPath, ...fileName }, signal })
}

function uploadedFile(table: ProviderTable, data: unknown): UploadedFile {
  const url = isPlainObject(data) ? (data['downloadUrl'] ?? data['fileUrl']) : undefined
  if (!isPlainObject(data) || typeof url !== 'string') throw malformed(table, 'upload', 'no data.downloadUrl')
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  return { url, fileName: text(data['fileName']), size: typeof data['fileSize'] === 'number' ? data['fileSize'] : null, mimeType: text(data['mimeType']), raw: data }
}

/** The envelope's `data` when `code` is 200; otherwise the typed error its code (or the HTTP status) names. */
function checkedPayload(table: ProviderTable, context: AdapterContext, operation: string, answer: ClientAnswer): unknown {
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
    effectiveCode: kieEffectiveStatus(response.status, body),
    ...(code === undefined ? {} : { providerCode: String(code) }),
    text: isPlainObject(body) ? (body['msg'] ?? body['message']) : body,
    now: context.now(),
  })
}

function malformed(table: ProviderTable, operation: string, problem: string): MalformedProviderResponseError {
  return new MalformedProviderResponseError(`${table.displayName} ${operation} answered with ${problem}`, { provider: table.id })
}
