import { AbortedError, NetworkError, NotFoundError, ServerError, type SoraHandle, type SoraTask } from '@sorakit/sora'
import type {
  JsonObject,
  ProviderMetadataRecord,
  VideoResponseInfo,
  VideoStatusResult,
  VideoUrlData,
} from './ai-sdk-specification.js'

/** The key of `providerOptions` this package reads and of `providerMetadata` it writes. */
export const providerOptionsKey = 'sorakit'

/** Every video model of kie.ai, Apikley and vtrix.ai delivers MP4 files. */
const videoMediaType = 'video/mp4'

/** What the AI SDK has no field for, under `providerMetadata.sorakit`. */
export interface SorakitTaskMetadata extends JsonObject {
  provider: string
  taskId: string
  status: SoraTask['status']
  /** 0..1, or null when the provider reports none. */
  progress: number | null
  failure: { kind: string; code: string; message: string } | null
  cost: { amount: number; currency: string } | null
  characterId: string | null
  /** The result videos' URLs (also when the videos are handed over as bytes). */
  videoUrls: string[]
  watermarkedVideoUrls: string[]
}

export function taskMetadata(task: SoraTask): ProviderMetadataRecord {
  const metadata: SorakitTaskMetadata = {
    provider: task.provider,
    taskId: task.taskId,
    status: task.status,
    progress: task.progress,
    failure: task.failure === null ? null : { ...task.failure },
    cost: task.cost === null ? null : { ...task.cost },
    characterId: task.characterId,
    videoUrls: [...task.videoUrls],
    watermarkedVideoUrls: [...task.watermarkedVideoUrls],
  }
  return { [providerOptionsKey]: metadata }
}

export function handleMetadata(handle: SoraHandle): ProviderMetadataRecord {
  return { [providerOptionsKey]: { provider: handle.provider, taskId: handle.taskId, model: handle.model } }
}

export function responseInfo(modelId: string): VideoResponseInfo {
  // The facade owns the requests (and their retries): no single response's headers to report.
  return { timestamp: new Date(), modelId, headers: undefined }
}

/** How finished videos reach the AI SDK (the `videoData` setting). */
export type VideoDataSetting = 'url' | 'binary'

/** What `taskVideos` needs: the setting, and the fetch the facade's requests go through. */
export interface VideoDelivery {
  videoData: VideoDataSetting | undefined
  fetch: (request: Request) => Promise<Response>
}

/**
 * The task's videos as URLs, or as bytes fetched here: by the setting, else bytes for a loopback host
 * (a mock server), which the AI SDK refuses to download from. Fetched through the provider's fetch, so
 * MSW handlers serve them too.
 */
export async function taskVideos(
  task: SoraTask,
  delivery: VideoDelivery,
  signal?: AbortSignal,
): Promise<VideoUrlData[]> {
  return await Promise.all(
    task.videoUrls.map(async (url): Promise<VideoUrlData> => {
      if ((delivery.videoData ?? (isLoopbackUrl(url) ? 'binary' : 'url')) === 'url')
        return { type: 'url', url, mediaType: videoMediaType }
      return { type: 'binary', data: await videoBytes(task, url, delivery, signal), mediaType: videoMediaType }
    }),
  )
}

/** The video's bytes; a failed download is the facade's typed error (an expired URL is a NotFoundError). */
async function videoBytes(task: SoraTask, url: string, delivery: VideoDelivery, signal?: AbortSignal) {
  const details = { provider: task.provider }
  let answer: Response
  try {
    answer = await delivery.fetch(new Request(url, signal === undefined ? {} : { signal }))
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(`The download of ${url} was aborted`, { ...details, cause: error })
    throw new NetworkError(`The video of task ${task.taskId} could not be downloaded from ${url}`, {
      ...details,
      cause: error,
    })
  }
  if (answer.ok) return new Uint8Array(await answer.arrayBuffer())
  await answer.body?.cancel()
  const message = `The video of task ${task.taskId} at ${url} answered HTTP ${answer.status}`
  const failure = { ...details, status: answer.status }
  throw answer.status === 404 || answer.status === 410
    ? new NotFoundError(message, failure)
    : new ServerError(message, failure)
}

function isLoopbackUrl(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname : ''
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** A task as `doStatus` reports it: queued and running are pending (a failed task is thrown, see doStatus). */
export async function statusResult(
  task: SoraTask,
  modelId: string,
  delivery: VideoDelivery,
  signal?: AbortSignal,
): Promise<VideoStatusResult> {
  const providerMetadata = taskMetadata(task)
  const response = responseInfo(modelId)
  switch (task.status) {
    case 'succeeded':
      return {
        status: 'completed',
        videos: await taskVideos(task, delivery, signal),
        warnings: [],
        providerMetadata,
        response,
      }
    default:
      return { status: 'pending', providerMetadata, response }
  }
}
