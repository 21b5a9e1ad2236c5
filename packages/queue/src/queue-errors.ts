/**
 * `waitForResult` or `getResult` named a job Redis does not have (never enqueued, or removed after `keepFinishedMs`).
 */
export class VideoJobNotFoundError extends Error {
  override readonly name = 'VideoJobNotFoundError'
  constructor(readonly jobId: string) {
    super(`No video job ${jobId} in the queue (never enqueued, or removed after keepFinishedMs)`)
  }
}

/** `waitForResult` gave up waiting; the job goes on: wait again, or read it later with `getResult`. */
export class VideoJobWaitTimeoutError extends Error {
  override readonly name = 'VideoJobWaitTimeoutError'
  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
  ) {
    super(`Video job ${jobId} had not ended after ${timeoutMs} ms; it goes on: wait again or call getResult later`)
  }
}
