import { afterEach, describe, expect, it } from 'vitest'
import {
  createSora,
  MalformedProviderResponseError,
  NetworkError,
  ServerError,
  TimeoutError,
  AbortedError,
  InsufficientCreditsError,
  PollDeadlineExceededError,
} from '../src/index.js'
import { kieCreateExamples, kieRecordExamples, vtrixTaskExamples } from './support/provider-examples.js'
import { freePort, sendJson, stallBody, startFaultServer, type FaultServer } from './support/fault-server.js'
import { fakeClock } from './support/stub-fetch.js'

const success = kieRecordExamples()['success']
const accepted = kieCreateExamples()['accepted']
const servers: FaultServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(handler: Parameters<typeof startFaultServer>[0], port?: number): Promise<FaultServer> {
  const server = await startFaultServer(handler, port)
  servers.push(server)
  return server
}

const facade = (server: FaultServer | string, options: Partial<Parameters<typeof createSora>[0]> = {}) =>
  createSora({
    provider: 'kie',
    apiKey: 'fault-key',
    baseUrl: typeof server === 'string' ? server : server.url,
    clock: fakeClock(),
    ...options,
  })

// Long enough for the request to reach the local server on a loaded 2-core CI machine (at 100-150 ms
// the timeout sometimes fired before the server saw the request, and the request counts read 0).
const stalledBodyTimeoutMs = 1_000
const creates = (server: FaultServer) =>
  server.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/jobs/createTask')

describe('reads recover from transient faults', () => {
  it('retries a dropped connection', async () => {
    const server = await serve((request, response, _seen, index) =>
      index === 0 ? request.socket.destroy() : sendJson(response, success),
    )
    expect((await facade(server).getTask(success.data.taskId)).status).toBe('succeeded')
    expect(server.requests).toHaveLength(2)
  })

  it('retries 5xx and 455 with backoff', async () => {
    const clock = fakeClock()
    const server = await serve((_request, response, _seen, index) =>
      index === 0
        ? sendJson(response, { code: 500, msg: 'boom' }, 502)
        : index === 1
          ? sendJson(response, { code: 455, msg: 'maintenance' }, 455)
          : sendJson(response, success),
    )
    expect((await facade(server, { clock, random: () => 0 }).getTask(success.data.taskId)).status).toBe('succeeded')
    expect(clock.sleeps).toEqual([500, 1000])
  })

  it('waits for Retry-After on 429, as seconds or as an HTTP date', async () => {
    const clock = fakeClock()
    const retryAt = new Date(clock.now() + 6000).toUTCString() // 4 s left after the first 2 s wait
    const server = await serve((_request, response, _seen, index) =>
      index === 0
        ? sendJson(response, { code: 429, msg: 'slow down' }, 429, { 'retry-after': '2' })
        : index === 1
          ? sendJson(response, { code: 429, msg: 'slow down' }, 429, { 'retry-after': retryAt })
          : sendJson(response, success),
    )
    expect((await facade(server, { clock }).getTask(success.data.taskId)).status).toBe('succeeded')
    expect(clock.sleeps).toEqual([2000, 4000])
  })

  it('fails at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, { code: 429, msg: 'slow down' }, 429, { 'retry-after': '3600' }),
    )
    await expect(facade(server).getTask('t1')).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_600_000 })
    expect(server.requests).toHaveLength(1)
  })

  it('retries HTTP 200 with a server error code in the body', async () => {
    const server = await serve((_request, response, _seen, index) =>
      sendJson(response, index === 0 ? { code: 500, msg: 'Internal server error', data: null } : success),
    )
    expect((await facade(server).getTask(success.data.taskId)).status).toBe('succeeded')
    expect(server.requests).toHaveLength(2)
  })

  it('does not retry HTTP 200 with a client error code in the body', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, { code: 402, msg: 'Credits insufficient', data: null }),
    )
    await expect(facade(server).getTask('t1')).rejects.toBeInstanceOf(InsufficientCreditsError)
    expect(server.requests).toHaveLength(1)
  })

  it('reports malformed JSON as MalformedProviderResponseError', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"code":200,"data":{"taskId"')
    })
    await expect(facade(server).getTask('t1')).rejects.toBeInstanceOf(MalformedProviderResponseError)
  })

  it('times out a stalled body and retries it', async () => {
    const server = await serve((_request, response, _seen, index) =>
      index === 0 ? stallBody(response) : sendJson(response, success),
    )
    expect((await facade(server, { timeoutMs: stalledBodyTimeoutMs }).getTask(success.data.taskId)).status).toBe(
      'succeeded',
    )
    expect(server.requests).toHaveLength(2)
  })

  it('gives up with TimeoutError when every attempt stalls', async () => {
    const server = await serve((_request, response) => stallBody(response))
    await expect(
      facade(server, { timeoutMs: stalledBodyTimeoutMs, maxRetries: 1 }).getTask('t1'),
    ).rejects.toBeInstanceOf(TimeoutError)
    expect(server.requests).toHaveLength(2)
  })

  it('gives up with NetworkError when the connection keeps dropping', async () => {
    const server = await serve((request) => request.socket.destroy())
    await expect(facade(server, { maxRetries: 2 }).getTask('t1')).rejects.toBeInstanceOf(NetworkError)
    expect(server.requests).toHaveLength(3)
  })

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController()
    const server = await serve((_request, response) => {
      stallBody(response)
      controller.abort()
    })
    await expect(facade(server).getTask('t1', { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError)
    expect(server.requests).toHaveLength(1)
  })
})

describe('creates are never sent twice once they may have reached the provider', () => {
  it('does not retry a 5xx', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, { code: 500, msg: 'Internal server error' }, 500),
    )
    await expect(facade(server).textToVideo({ prompt: 'a boat' })).rejects.toBeInstanceOf(ServerError)
    expect(creates(server)).toHaveLength(1)
  })

  it('does not retry HTTP 200 with code 500 in the body', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, { code: 500, msg: 'Internal server error', data: null }),
    )
    await expect(facade(server).textToVideo({ prompt: 'a boat' })).rejects.toBeInstanceOf(ServerError)
    expect(creates(server)).toHaveLength(1)
  })

  it('does not retry a connection dropped after the request was sent', async () => {
    const server = await serve((request) => request.socket.destroy())
    await expect(facade(server).textToVideo({ prompt: 'a boat' })).rejects.toBeInstanceOf(NetworkError)
    expect(creates(server)).toHaveLength(1)
  })

  it('does not retry a timeout', async () => {
    const server = await serve((_request, response) => stallBody(response))
    await expect(
      facade(server, { timeoutMs: stalledBodyTimeoutMs }).textToVideo({ prompt: 'a boat' }),
    ).rejects.toBeInstanceOf(TimeoutError)
    expect(creates(server)).toHaveLength(1)
  })

  it('retries a 429, which kie.ai rejects without queueing, and creates the task once', async () => {
    let queued = 0
    const server = await serve((_request, response, _seen, index) => {
      if (index < 2)
        return sendJson(
          response,
          index === 0
            ? { code: 429, msg: 'Rate limit exceeded' }
            : { code: 429, msg: 'Rate limit exceeded', data: null },
          index === 0 ? 429 : 200,
        )
      queued += 1
      sendJson(response, accepted)
    })
    const handle = await facade(server).textToVideo({ prompt: 'a boat' })
    expect(handle.taskId).toBe(accepted.data.taskId)
    expect(creates(server)).toHaveLength(3)
    expect(queued).toBe(1)
  })

  it('retries a refused connection, which never reached the provider', async () => {
    const port = await freePort()
    let server: FaultServer | undefined
    const clock = fakeClock()
    const sleep = clock.sleep
    clock.sleep = async (ms, signal) => {
      server ??= await serve((_request, response) => sendJson(response, accepted), port)
      return sleep(ms, signal)
    }
    const handle = await facade(`http://127.0.0.1:${port}`, { clock }).textToVideo({ prompt: 'a boat' })
    expect(handle.taskId).toBe(accepted.data.taskId)
    expect(creates(server!)).toHaveLength(1)
  })

  it('reports a refused connection that stays refused as NetworkError', async () => {
    const port = await freePort()
    const error = await facade(`http://127.0.0.1:${port}`, { maxRetries: 1 })
      .textToVideo({ prompt: 'a boat' })
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).message).toContain('connection refused')
  })

  it('holds for vtrix too', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, { code: 500, message: 'internal server error' }, 503),
    )
    const vtrix = createSora({ provider: 'vtrix', apiKey: 'fault-key', baseUrl: server.url, clock: fakeClock() })
    await expect(vtrix.textToVideo({ prompt: 'a boat' })).rejects.toBeInstanceOf(ServerError)
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1)
    const tasks = vtrixTaskExamples()
    const reads = await serve((request, response, _seen, index) =>
      index === 0 ? request.socket.destroy() : sendJson(response, tasks['completed']),
    )
    const reader = createSora({ provider: 'vtrix', apiKey: 'fault-key', baseUrl: reads.url, clock: fakeClock() })
    expect((await reader.getTask('task_01KAW3F9G6V3T8J6ZJ2N5ZQ4XH')).status).toBe('succeeded')
  })
})

describe('deadlines are deadlines', () => {
  const hung = async () => {
    const closed: boolean[] = []
    // Reads the request, then never answers; notes when the client hangs up.
    const server = await serve((request) => request.socket.once('close', () => closed.push(true)))
    return { server, closed }
  }

  it('wait({ deadlineMs: 300 }) against a provider that never answers settles at the deadline, cutting the poll in flight', async () => {
    const { server, closed } = await hung()
    const sora = createSora({ provider: 'kie', apiKey: 'fault-key', baseUrl: server.url })
    const started = Date.now()
    const error = await sora.wait('t1', { deadlineMs: 300 }).catch((reason: unknown) => reason)
    const settledAfterMs = Date.now() - started
    expect(PollDeadlineExceededError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ handle: { taskId: 't1' }, lastTask: null, retryable: true })
    // Default timeoutMs is 60 s per attempt; a bound this loose only tells the deadline from it.
    expect(settledAfterMs).toBeLessThan(300 + 2_000)
    expect(server.requests).toHaveLength(1)
    await expect.poll(() => closed.length).toBe(1)
  })

  it("the caller's signal still wins over the deadline: AbortedError", async () => {
    const { server } = await hung()
    const sora = createSora({ provider: 'vtrix', apiKey: 'fault-key', baseUrl: server.url })
    const error = await sora
      .wait('t1', { deadlineMs: 60_000, signal: AbortSignal.timeout(100) })
      .catch((reason: unknown) => reason)
    expect(AbortedError.isInstance(error)).toBe(true)
  })
})
