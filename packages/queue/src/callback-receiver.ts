import { SoraError } from '@sorakit/sora'
import { verifyKieWebhook } from '@sorakit/sora/webhooks'
import { Job, Queue, type ConnectionOptions } from 'bullmq'
import { redisClientFor } from './redis-client.js'
import { taskIndexKey } from './task-index.js'
import type { RedisConnection, VideoJobData, VideoJobResult } from './video-job-types.js'

/** How one provider's callbacks are checked. */
export interface CallbackProviderOptions {
  /**
   * The webhook HMAC key (kie.ai: https://kie.ai/settings): callbacks must carry a valid
   * `X-Webhook-Signature`, others are refused with 401. Default: none, for providers that do not
   * sign (Apikley): any callback then only makes the worker fetch the task's status.
   */
  webhookSecret?: string
}

/** Options of `createCallbackReceiver`. */
export interface CallbackReceiverOptions {
  /** Where Redis is: the queue's. */
  connection: RedisConnection
  /** The queue's name. Default: `videos`. */
  name?: string
  /** BullMQ's key prefix: the queue's. Default: `sorakit`. */
  prefix?: string
  /**
   * The providers whose callbacks this receiver takes, by id (kie.ai family): `{ kie: { webhookSecret }, apikley: {}
   * }`.
   */
  providers: Readonly<Record<string, CallbackProviderOptions>>
}

/** A callback receiver: mount `handle` at the `callbackUrl` your jobs pass. */
export interface CallbackReceiver {
  /**
   * Handles one callback POST of `provider` (a web `Request`: Next.js, Hono, Remix, Workers, or
   * Node through `Request` adapters). Answers 202 when the job will fetch its status now, 200 when
   * the job is not waiting (already running or ended), 401 for a bad signature, 404 for a task no
   * job of this queue created, 400 for an unreadable body.
   */
  handle(request: Request, provider: string): Promise<Response>
  close(): Promise<void>
}

/**
 * Callbacks complete jobs early: a verified (or, for providers that do not sign, any) callback
 * wakes the job of its task, and the worker fetches the task's status at once instead of at its
 * next poll. The callback's body is never taken as the result: kie.ai signs only the task id and
 * timestamp, so the body could be anything; the provider's status answer is what the job keeps.
 */
export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const name = options.name ?? 'videos'
  const prefix = options.prefix ?? 'sorakit'
  const queue = new Queue<VideoJobData, VideoJobResult>(name, {
    connection: options.connection as ConnectionOptions,
    prefix,
  })
  const redis = redisClientFor(options.connection)
  const answer = (status: number, text: string) =>
    new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

  return {
    async handle(request, provider) {
      const providerOptions = options.providers[provider]
      if (providerOptions === undefined) return answer(404, `This receiver takes no callbacks of ${provider}`)
      let taskId: string
      try {
        taskId =
          providerOptions.webhookSecret === undefined
            ? unsignedTaskId(await request.text())
            : (await verifyKieWebhook(request, { secret: providerOptions.webhookSecret, provider })).taskId
      } catch (error) {
        if (SoraError.isInstance(error) && error.kind === 'webhook-verification') {
          const reason = (error as SoraError & { reason?: string }).reason
          return reason === 'malformed-body' ? answer(400, error.message) : answer(401, error.message)
        }
        return answer(400, 'The body is not a callback of the kie.ai family')
      }
      const jobId = await redis.get(taskIndexKey(prefix, name, provider, taskId))
      if (jobId === null) return answer(404, `No job of this queue created task ${taskId}`)
      const job = await Job.fromId<VideoJobData, VideoJobResult>(queue, jobId)
      if (job === undefined) return answer(404, `The job of task ${taskId} is gone`)
      if ((await job.getState()) !== 'delayed') return answer(200, 'The job is not waiting')
      // Promoting a job that just left the delayed set fails harmlessly: it is being worked on.
      await job.promote().catch(() => undefined)
      return answer(202, 'The job fetches its status now')
    },
    async close() {
      redis.disconnect()
      await queue.close()
    },
  }
}

// An unsigned callback can only name a task; the worker asks the provider about it.
function unsignedTaskId(bodyText: string): string {
  const body = JSON.parse(bodyText) as { data?: { taskId?: unknown; task_id?: unknown } }
  const taskId = body?.data?.taskId ?? body?.data?.task_id
  if (typeof taskId !== 'string' || taskId === '') throw new Error('no data.taskId')
  return taskId
}
