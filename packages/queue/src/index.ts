export { createVideoQueue, type VideoQueue, type VideoQueueOptions, type WaitForResultOptions } from './video-queue.js'
export {
  createVideoWorker,
  type VideoWorker,
  type VideoWorkerOptions,
  type WorkerProviderOptions,
} from './video-worker.js'
export {
  createCallbackReceiver,
  type CallbackProviderOptions,
  type CallbackReceiver,
  type CallbackReceiverOptions,
} from './callback-receiver.js'
export type { ProviderRateBudget } from './provider-budget.js'
export type { JobStepLimits, VideoJobEvent } from './job-steps.js'
export type { JobRequestProblem } from './job-request-check.js'
export { VideoJobNotFoundError, VideoJobWaitTimeoutError } from './queue-errors.js'
export type * from './video-job-types.js'
