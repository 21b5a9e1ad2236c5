import { AbortedError } from './sora-errors.js'
import type { SoraClock } from './sora-types.js'

/** `Date.now` and an abortable `setTimeout`. */
export const realClock: SoraClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError(signal))
      const onAbort = () => {
        clearTimeout(timer)
        reject(abortedError(signal!))
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** The error every abort turns into; the signal's reason is kept as the cause. */
export function abortedError(signal: AbortSignal): AbortedError {
  return new AbortedError('The operation was aborted by its AbortSignal', { cause: signal.reason })
}
