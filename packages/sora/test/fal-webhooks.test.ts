import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  falWebhookKeys,
  memoryReplayStore,
  signFalWebhook,
  staticFalWebhookKeys,
  verifyFalWebhook,
  WebhookVerificationError,
  type FalJsonWebKeySet,
} from '../src/webhooks.js'
import { startFaultServer, type FaultServer } from './support/fault-server.js'
import { propertyRuns } from './support/property-runs.js'

const now = Date.UTC(2026, 11, 3, 12)
const nowSeconds = String(now / 1000)
const requestId = '764cabcf-b745-4b3e-ae38-1200304cf45b'
const userId = 'user_7f3a'
const body = `{"request_id": "${requestId}", "gateway_request_id": "${requestId}", "status": "OK", "payload": {"video": {"url": "https://v3.fal.media/files/out.mp4"}}}`

interface TestKey {
  privateKey: KeyObject
  jwk: { kty: string; crv: string; x: string }
}

function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) as TestKey['jwk'] }
}

// Independent of the implementation: node:crypto over the message fal's guide describes.
function falHeaders(key: TestKey, text: string, overrides: Record<string, string | undefined> = {}) {
  const timestamp = overrides['timestamp'] ?? nowSeconds
  const digest = createHash('sha256').update(text).digest('hex')
  const message = Buffer.from([requestId, userId, timestamp, digest].join('\n'))
  const headers: Record<string, string | undefined> = {
    'X-Fal-Webhook-Request-Id': requestId,
    'X-Fal-Webhook-User-Id': userId,
    'X-Fal-Webhook-Timestamp': timestamp,
    'X-Fal-Webhook-Signature': sign(null, message, key.privateKey).toString('hex'),
  }
  for (const [name, value] of Object.entries(overrides)) if (name !== 'timestamp') headers[name] = value
  return headers as Record<string, string>
}

const keySet = (...keys: TestKey[]): FalJsonWebKeySet => ({ keys: keys.map((key) => key.jwk) })

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  )
  expect(error).toBeInstanceOf(WebhookVerificationError)
  return error as WebhookVerificationError
}

const key = newKey()
const clock = () => now

describe('verifyFalWebhook: fal signed callbacks', () => {
  it('verifies a callback signed as fal signs it, from a Request and from plain parts', async () => {
    const keys = staticFalWebhookKeys(keySet(newKey(), key))
    const parts = { headers: falHeaders(key, body), body }
    const verified = await verifyFalWebhook(parts, { keys, now: clock })
    expect(verified).toMatchObject({ requestId, userId, timestamp: now / 1000, body: { status: 'OK' } })
    const request = new Request('https://app.example/fal', { method: 'POST', headers: parts.headers, body })
    expect((await verifyFalWebhook(request, { keys, now: clock })).requestId).toBe(requestId)
  })

  it('signFalWebhook signs what the verifier accepts (the mock plays fal with it)', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
    const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as TestKey['jwk']
    const headers = await signFalWebhook({
      privateKey: pair.privateKey,
      requestId,
      userId,
      body,
      timestamp: now / 1000,
    })
    const verified = await verifyFalWebhook(
      { headers, body },
      { keys: staticFalWebhookKeys({ keys: [jwk] }), now: clock },
    )
    expect(verified.body.request_id).toBe(requestId)
  })

  it.each([
    ['missing-signature', { 'X-Fal-Webhook-Signature': undefined }],
    ['missing-header', { 'X-Fal-Webhook-Request-Id': undefined }],
    ['missing-header', { 'X-Fal-Webhook-User-Id': undefined }],
    ['invalid-timestamp', { 'X-Fal-Webhook-Timestamp': undefined }],
    ['invalid-timestamp', { 'X-Fal-Webhook-Timestamp': '1.5e9' }],
    ['bad-signature', { 'X-Fal-Webhook-Signature': 'zz' }],
    ['bad-signature', { 'X-Fal-Webhook-User-Id': 'someone_else' }],
  ] as const)('refuses %s: %j', async (reason, overrides) => {
    const error = await rejection(
      verifyFalWebhook(
        { headers: falHeaders(key, body, overrides), body },
        { keys: staticFalWebhookKeys(keySet(key)), now: clock },
      ),
    )
    expect(error.reason).toBe(reason)
  })

  it('refuses a timestamp more than the tolerance from now, either way', async () => {
    const keys = staticFalWebhookKeys(keySet(key))
    for (const offset of [-301, 301]) {
      const headers = falHeaders(key, body, { timestamp: String(now / 1000 + offset) })
      expect((await rejection(verifyFalWebhook({ headers, body }, { keys, now: clock }))).reason).toBe(
        'stale-timestamp',
      )
    }
    const headers = falHeaders(key, body, { timestamp: String(now / 1000 - 300) })
    await expect(verifyFalWebhook({ headers, body }, { keys, now: clock })).resolves.toBeDefined()
  })

  it('refuses a body changed after signing (any byte), a body for another request, and one too large', async () => {
    const keys = staticFalWebhookKeys(keySet(key))
    const headers = falHeaders(key, body)
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.integer({ min: 1, max: 94 }), async (index, shift) => {
        const changed =
          body.slice(0, index) +
          String.fromCharCode(((body.charCodeAt(index) - 32 + shift) % 95) + 32) +
          body.slice(index + 1)
        const error = await rejection(verifyFalWebhook({ headers, body: changed }, { keys, now: clock }))
        expect(error.reason).toBe('bad-signature')
      }),
      { numRuns: propertyRuns(1000) },
    )
    const other = body.replaceAll(requestId, 'another-request')
    const error = await rejection(
      verifyFalWebhook({ headers: falHeaders(key, other), body: other }, { keys, now: clock }),
    )
    expect(error.reason).toBe('malformed-body')
    const large = await rejection(verifyFalWebhook({ headers, body }, { keys, now: clock, maxBodyBytes: 64 }))
    expect(large.reason).toBe('body-too-large')
    const streamed = new Request('https://app.example/fal', { method: 'POST', headers, body: 'x'.repeat(100) })
    const streamedError = await rejection(verifyFalWebhook(streamed, { keys, now: clock, maxBodyBytes: 64 }))
    expect(streamedError.reason).toBe('body-too-large')
  })

  it('refuses a replay once a store has seen the callback; a forged one does not block the real one', async () => {
    const options = {
      keys: staticFalWebhookKeys(keySet(key)),
      now: clock,
      replayStore: memoryReplayStore({ now: clock }),
    }
    const forged = falHeaders(newKey(), body)
    expect((await rejection(verifyFalWebhook({ headers: forged, body }, options))).reason).toBe('bad-signature')
    const headers = falHeaders(key, body)
    await verifyFalWebhook({ headers, body }, options)
    expect((await rejection(verifyFalWebhook({ headers, body }, options))).reason).toBe('replayed')
  })

  it('puts no key material in its errors', async () => {
    const error = await rejection(
      verifyFalWebhook(
        { headers: falHeaders(newKey(), body), body },
        { keys: staticFalWebhookKeys(keySet(key)), now: clock },
      ),
    )
    const privateJwk = key.privateKey.export({ format: 'jwk' }) as { d: string }
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`
    expect(text).not.toContain(privateJwk.d)
    expect(text).not.toContain(key.jwk.x)
  })

  it('refuses bad options before reading the callback', async () => {
    const parts = { headers: falHeaders(key, body), body }
    for (const options of [{ keys: {} }, { toleranceMs: -1 }, { maxBodyBytes: 1.5 }, { now: 'now' }]) {
      await expect(verifyFalWebhook(parts, options as never)).rejects.toMatchObject({ kind: 'validation' })
    }
  })
})

describe('falWebhookKeys: fal JWKS fetched, cached, refreshed on rotation, failing closed', () => {
  let server: FaultServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  let published: FalJsonWebKeySet = keySet(key)
  const serveKeys = async () => {
    server = await startFaultServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published))
    })
    return server
  }

  it('fetches the set once while it is fresh, and again after cacheMs', async () => {
    published = keySet(key)
    const jwks = await serveKeys()
    let time = now
    const keys = falWebhookKeys({ url: `${jwks.url}/.well-known/jwks.json`, now: () => time })
    const parts = () => ({ headers: falHeaders(key, body, { timestamp: String(Math.floor(time / 1000)) }), body })
    await Promise.all([1, 2, 3].map(() => verifyFalWebhook(parts(), { keys, now: () => time })))
    expect(jwks.requests.map((request) => request.path)).toEqual(['/.well-known/jwks.json'])
    time += 86_400_000
    await verifyFalWebhook(parts(), { keys, now: () => time })
    expect(jwks.requests).toHaveLength(2)
  })

  it('picks up a rotated key with one refetch, and refetches at most once per minRefreshIntervalMs for unknown signatures', async () => {
    published = keySet(key)
    const jwks = await serveKeys()
    let time = now
    const keys = falWebhookKeys({ url: jwks.url, now: () => time })
    await verifyFalWebhook({ headers: falHeaders(key, body), body }, { keys, now: clock })
    const rotated = newKey()
    published = keySet(rotated)
    time += 60_000
    await verifyFalWebhook({ headers: falHeaders(rotated, body), body }, { keys, now: clock })
    expect(jwks.requests).toHaveLength(2)
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await rejection(
        verifyFalWebhook({ headers: falHeaders(newKey(), body), body }, { keys, now: clock }),
      )
      expect(error.reason).toBe('bad-signature')
    }
    expect(jwks.requests).toHaveLength(2)
  })

  it.each([
    ['an HTTP error', (response: import('node:http').ServerResponse) => response.writeHead(500).end('down')],
    [
      'a body that is not JSON',
      (response: import('node:http').ServerResponse) => response.writeHead(200).end('<html>'),
    ],
    [
      'a set without Ed25519 keys',
      (response: import('node:http').ServerResponse) =>
        response.writeHead(200).end(JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] })),
    ],
    [
      'a body over maxBytes',
      (response: import('node:http').ServerResponse) =>
        response.writeHead(200).end(JSON.stringify({ keys: [key.jwk], padding: 'x'.repeat(70_000) })),
    ],
    ['no answer within timeoutMs', () => undefined],
  ])('fails closed on %s: keys-unavailable, naming the URL', async (_case, answer) => {
    server = await startFaultServer((_request, response) => answer(response))
    const keys = falWebhookKeys({ url: server.url, timeoutMs: 300 })
    const error = await rejection(verifyFalWebhook({ headers: falHeaders(key, body), body }, { keys, now: clock }))
    expect(error.reason).toBe('keys-unavailable')
    expect(error.message).toContain(server.url)
  })
})
