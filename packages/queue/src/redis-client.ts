import { Redis } from 'ioredis'
import type { RedisConnection } from './video-job-types.js'

/**
 * A client of our own (the create budget, the task index) on the queue's Redis; BullMQ keeps its
 * own connections. Errors surface on the commands; the listener keeps a reconnecting client from
 * crashing the process with an unhandled 'error' event.
 */
export function redisClientFor(connection: RedisConnection): Redis {
  const { url, ...options } = connection
  const settings = { ...options, maxRetriesPerRequest: null }
  const client = typeof url === 'string' ? new Redis(url, settings) : new Redis(settings)
  client.on('error', () => undefined)
  return client
}
