import type { SoraHandle, SoraTask } from '@sorakit/sora'
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

export function taskVideos(task: SoraTask): VideoUrlData[] {
  return task.videoUrls.map((url) => ({ type: 'url', url, mediaType: videoMediaType }))
}

/** A task as `doStatus` reports it: queued and running are pending; a failure carries the provider's message. */
export function statusResult(task: SoraTask, modelId: string): VideoStatusResult {
  const providerMetadata = taskMetadata(task)
  const response = responseInfo(modelId)
  switch (task.status) {
    case 'succeeded':
      return { status: 'completed', videos: taskVideos(task), warnings: [], providerMetadata, response }
    case 'failed':
      return {
        status: 'error',
        error: task.failure?.message ?? `${task.provider} task ${task.taskId} failed`,
        providerMetadata,
        response,
      }
    default:
      return { status: 'pending', providerMetadata, response }
  }
}
