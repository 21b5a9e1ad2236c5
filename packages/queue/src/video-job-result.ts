import { SoraError, type SoraTask } from '@sorakit/sora'
import type { VideoJobData, VideoJobError, VideoJobResult, VideoJobStatus } from './video-job-types.js'

/** A failure as plain JSON for the job's result: the facts of a `SoraError`, the message of anything else. */
export function jobError(error: unknown): VideoJobError {
  if (SoraError.isInstance(error)) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.field === undefined ? {} : { field: error.field }),
    }
  }
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) }
}

/** The task without its raw payload: results live in Redis, so they stay small. */
export function storedTask(task: SoraTask): Omit<SoraTask, 'raw'> {
  const { raw: _raw, ...rest } = task
  return rest
}

/** The result of a job from its data: the provider it is on, its handle and history. */
export function resultFrom(
  data: VideoJobData,
  status: VideoJobStatus,
  extra: Partial<VideoJobResult> = {},
): VideoJobResult {
  const { state, route } = data
  return {
    status,
    provider: state.handle?.provider ?? route[Math.min(state.providerIndex, route.length - 1)]!,
    ...(state.handle === undefined ? {} : { handle: state.handle }),
    videoUrls: [],
    cost: null,
    fallbacks: state.fallbacks,
    statusRequests: state.statusRequests,
    ...(status === 'uncertain' && state.sent !== undefined && state.handle === undefined ? { sent: state.sent } : {}),
    ...extra,
  }
}

/**
 * A job BullMQ failed (its unexpected-failure attempts ran out, or it stalled too often): with a
 * handle or a create that left, a task may exist and bill, so it is `uncertain`, never `failed`.
 */
export function resultOfFailedJob(data: VideoJobData, failedReason: string | undefined): VideoJobResult {
  const mayHaveTask = data.state.handle !== undefined || data.state.sent !== undefined
  return resultFrom(data, mayHaveTask ? 'uncertain' : 'failed', {
    error: { kind: 'unexpected', message: failedReason ?? 'the job failed' },
  })
}
