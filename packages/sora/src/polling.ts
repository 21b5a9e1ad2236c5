// Progress-aware polling, apart from the provider entries so that only apps using it bundle it:
// `sora.wait(handle, { pollSchedule: adaptivePollDelayMs })`.
export { adaptivePollDelayMs, estimateCompletionMs, type AdaptivePollOptions } from './poll-estimate.js'
export type { PollDelayFunction, ProgressSample } from './sora-types.js'
