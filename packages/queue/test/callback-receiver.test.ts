import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createCallbackReceiver, createVideoQueue, createVideoWorker, type CallbackReceiver } from '../src/index.js'
import type { RedisProcess } from '../src/redis-process.js'
import { mockProviders, redisForSuite, uniquePrompt } from './support/queue-fixtures.js'

let redis: RedisProcess
let receiver: CallbackReceiver
let server: Server
let callbackBaseUrl: string
const answers: number[] = []

// A Node server in front of the receiver, as an app mounts it at its callback URL.
beforeAll(async () => {
  redis = await redisForSuite()
  receiver = createCallbackReceiver({
    connection: { host: redis.host, port: redis.port },
    name: 'callbacks',
    providers: { kie: { webhookSecret: inject('mockWebhookKey') } },
  })
  server = createServer(async (incoming, outgoing) => {
    const response = await receiver.handle(await webRequest(incoming), incoming.url!.slice(1))
    answers.push(response.status)
    outgoing.writeHead(response.status).end(await response.text())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  callbackBaseUrl = `http://127.0.0.1:${address.port}`
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await receiver?.close()
  await redis?.stop()
})

async function webRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const headers = new Headers(
    Object.entries(incoming.headers).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value]] : [],
    ) as Array<[string, string]>,
  )
  return new Request(`http://receiver${incoming.url}`, {
    method: incoming.method!,
    headers,
    body: Buffer.concat(chunks),
  })
}

describe.concurrent('the callback receiver', () => {
  it("completes a job from kie.ai's signed callback long before its next poll", async () => {
    const connection = { host: redis.host, port: redis.port }
    const queue = createVideoQueue({ connection, name: 'callbacks' })
    // Polls 20 s apart: only the callback can end this job within the test's few seconds.
    const worker = createVideoWorker({
      connection,
      name: 'callbacks',
      providers: mockProviders(),
      polling: { expectedDurationMs: 60_000, minIntervalMs: 20_000, denseIntervalMs: 20_000 },
    })
    try {
      const started = Date.now()
      const { jobId } = await queue.enqueue({
        provider: 'kie',
        input: { prompt: uniquePrompt(), callbackUrl: `${callbackBaseUrl}/kie` },
      })
      const result = await queue.waitForResult(jobId, { timeoutMs: 15_000 })
      expect(result).toMatchObject({ status: 'succeeded', provider: 'kie', statusRequests: 1 })
      expect(Date.now() - started).toBeLessThan(10_000)
      expect(answers).toContain(202)
    } finally {
      await worker.close()
      await queue.close()
    }
  })

  it('refuses a callback without a valid signature, and a task no job created', async () => {
    const body = JSON.stringify({ code: 200, data: { taskId: 'task_forged_1', state: 'success' } })
    const unsigned = await fetch(`${callbackBaseUrl}/kie`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(unsigned.status).toBe(401)
    const forged = await fetch(`${callbackBaseUrl}/kie`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-webhook-signature': 'AAAA',
      },
    })
    expect(forged.status).toBe(401)
    expect((await fetch(`${callbackBaseUrl}/vtrix`, { method: 'POST', body })).status).toBe(404)
  })
})
