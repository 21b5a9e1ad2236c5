import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverCallback, type CallbackDelivery } from '@sorakit/mock-msw/engine'

// Callbacks are POSTed to the receiver given and nowhere else: a redirect is an answer, logged, never followed.

interface Received {
  method: string
  path: string
  body: string
}

function receiver(answer: (path: string) => { status: number; location?: string }): {
  server: Server
  received: Received[]
  url: () => string
} {
  const received: Received[] = []
  const server = createServer((request, reply) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', body })
      const { status, location } = answer(request.url ?? '')
      reply.writeHead(status, location === undefined ? {} : { Location: location }).end()
    })
  })
  return { server, received, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const other = receiver(() => ({ status: 204 }))
const redirecting = receiver((path) =>
  path === '/found'
    ? { status: 302, location: '/landing' }
    : path === '/temporary'
      ? { status: 307, location: `${other.url()}/stolen` }
      : { status: 204 },
)

beforeAll(async () => {
  await Promise.all(
    [other.server, redirecting.server].map(
      (server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    ),
  )
})
afterAll(() =>
  Promise.all([other.server, redirecting.server].map((server) => new Promise((resolve) => server.close(resolve)))),
)

async function deliver(path: string): Promise<CallbackDelivery> {
  const delivery: CallbackDelivery = {
    taskId: 'task_redirect',
    callback: 'taskCompleted',
    url: `${redirecting.url()}${path}`,
    body: { taskId: 'task_redirect' },
    signed: true,
    attempts: 0,
    outcome: 'pending',
  }
  await deliverCallback(
    delivery,
    { webhookKey: 'redirect-test', attempts: 2, backoffMs: 1, log: () => undefined },
    () => false,
  )
  return delivery
}

describe('callback redirects', () => {
  it('does not follow a 302 (no body-less GET): each attempt is one POST, logged failed with the redirect', async () => {
    redirecting.received.length = 0
    const delivery = await deliver('/found')
    expect(redirecting.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /found',
      'POST /found',
    ])
    expect(delivery.outcome).toBe('failed')
    expect(delivery.lastResult).toBe('HTTP 302 redirect to /landing (not followed)')
  })

  it('does not re-POST the signed body to the other origin a 307 names', async () => {
    other.received.length = 0
    const delivery = await deliver('/temporary')
    expect(other.received).toEqual([])
    expect(delivery.outcome).toBe('failed')
    expect(delivery.lastResult).toContain('HTTP 307 redirect to http://127.0.0.1:')
  })
})
