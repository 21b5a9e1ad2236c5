import { providerIds } from '@sorakit/provider-registry'
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSora } from '../src/index.js'
import { UnsupportedFeatureError } from '../src/sora-errors.js'
import {
  memoryReplayStore,
  readKieWebhookAndRefetch,
  verifyKieWebhook,
  verifyKieWebhookAndRefetch,
  WebhookVerificationError,
} from '../src/webhooks.js'
import { kieCallbackExamples, kieRecordExamples } from './support/provider-examples.js'
import { json, stubFetch } from './support/stub-fetch.js'
import { propertyRuns } from './support/property-runs.js'

const secret = 'whk_test_5f1c0e9b'
const now = Date.UTC(2026, 0, 1, 12)
const nowSeconds = String(now / 1000)
const callbacks = kieCallbackExamples()
const successBody = JSON.stringify(callbacks['success'])
const taskId = callbacks['success'].data.taskId as string

// Independent of the implementation: node:crypto, as kie.ai's own Node sample does it.
function sign(id: string, timestamp: string, key = secret): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}`).digest('base64')
}

function parts(body: string, signature: string | undefined, timestamp: string | undefined) {
  const headers: Record<string, string> = {}
  if (signature !== undefined) headers['X-Webhook-Signature'] = signature
  if (timestamp !== undefined) headers['x-webhook-timestamp'] = timestamp
  return { headers, body }
}

async function reason(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  )
  return WebhookVerificationError.isInstance(error) ? error.reason : `not rejected: ${String(error)}`
}

const options = { secret, now: () => now }

// The provider's record of the task the callback names.
function recordOf(example: string, id = taskId) {
  const record = kieRecordExamples()[example]
  record.data.taskId = id
  return json(record)
}

describe('verifyKieWebhook', () => {
  it('accepts the documented success callback signed over taskId.timestamp, from a web Request', async () => {
    const request = new Request('https://example.com/callback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Webhook-Timestamp': nowSeconds,
        'X-Webhook-Signature': sign(taskId, nowSeconds),
      },
      body: successBody,
    })
    const verified = await verifyKieWebhook(request, options)
    expect(verified).toMatchObject({
      taskId,
      timestamp: now / 1000,
      task: { status: 'succeeded', provider: 'kie', videoUrls: [expect.stringContaining('.mp4')] },
    })
  })

  it('accepts plain headers and a raw body (string or bytes), and the failure callback', async () => {
    const failBody = JSON.stringify(callbacks['fail'])
    const failId = callbacks['fail'].data.taskId as string
    const fromBytes = await verifyKieWebhook(
      {
        headers: { 'x-webhook-signature': [sign(failId, nowSeconds)], 'X-WEBHOOK-TIMESTAMP': nowSeconds },
        body: new TextEncoder().encode(failBody),
      },
      options,
    )
    expect(fromBytes.task).toMatchObject({ status: 'failed', failure: { code: '500', kind: 'generation' } })
    // A white label of kie.ai that signs as kie.ai does: the task carries its id.
    const fromHeaders = await verifyKieWebhook(
      {
        headers: new Headers({ 'x-webhook-signature': sign(taskId, nowSeconds), 'x-webhook-timestamp': nowSeconds }),
        body: successBody,
      },
      { ...options, provider: 'mirror' },
    )
    expect(fromHeaders.task.provider).toBe('mirror')
  })

  it('takes the task id from data.task_id when data.taskId is absent', async () => {
    const body = structuredClone(callbacks['success'])
    body.data.task_id = body.data.taskId
    delete body.data.taskId
    const verified = await verifyKieWebhook(parts(JSON.stringify(body), sign(taskId, nowSeconds), nowSeconds), options)
    expect(verified.taskId).toBe(taskId)
  })

  it('says why it rejects', async () => {
    expect(await reason(verifyKieWebhook(parts(successBody, undefined, nowSeconds), options))).toBe('missing-signature')
    expect(await reason(verifyKieWebhook(parts(successBody, sign(taskId, nowSeconds), undefined), options))).toBe(
      'invalid-timestamp',
    )
    expect(await reason(verifyKieWebhook(parts(successBody, sign(taskId, nowSeconds), '12.5'), options))).toBe(
      'invalid-timestamp',
    )
    const old = String(now / 1000 - 301)
    expect(await reason(verifyKieWebhook(parts(successBody, sign(taskId, old), old), options))).toBe('stale-timestamp')
    expect(await reason(verifyKieWebhook(parts('not json', sign(taskId, nowSeconds), nowSeconds), options))).toBe(
      'malformed-body',
    )
    expect(await reason(verifyKieWebhook(parts('{"data":{}}', sign(taskId, nowSeconds), nowSeconds), options))).toBe(
      'malformed-body',
    )
    expect(
      await reason(verifyKieWebhook(parts(successBody, sign(taskId, nowSeconds, 'other-key'), nowSeconds), options)),
    ).toBe('bad-signature')
    expect(await reason(verifyKieWebhook(parts(successBody, 'not base64!', nowSeconds), options))).toBe('bad-signature')
    // Same bytes, non-canonical spelling: the last character's unused bits changed.
    const genuine = sign(taskId, nowSeconds)
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(genuine[42]!)
    const sameBytes =
      genuine.slice(0, 42) +
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[last ^ 1] +
      genuine.slice(43)
    expect(Buffer.from(sameBytes, 'base64')).toEqual(Buffer.from(genuine, 'base64'))
    expect(await reason(verifyKieWebhook(parts(successBody, sameBytes, nowSeconds), options))).toBe('bad-signature')
  })

  it('honours a custom replay window', async () => {
    const old = String(now / 1000 - 600)
    await expect(
      verifyKieWebhook(parts(successBody, sign(taskId, old), old), { ...options, toleranceMs: 900_000 }),
    ).resolves.toMatchObject({ taskId })
  })

  it('refetches the task after verifying, since the body is unsigned', async () => {
    const fetch = stubFetch(recordOf('success'))
    const sora = createSora({ provider: 'kie', apiKey: 'k', fetch })
    const forgedBody = structuredClone(callbacks['success'])
    forgedBody.data.resultJson = JSON.stringify({ resultUrls: ['https://evil.test/fake.mp4'] })
    const verified = await verifyKieWebhookAndRefetch(
      parts(JSON.stringify(forgedBody), sign(taskId, nowSeconds), nowSeconds),
      { ...options, sora },
    )
    expect(fetch.calls[0]!.url.searchParams.get('taskId')).toBe(taskId)
    expect(verified.callbackTask.videoUrls).toEqual(['https://evil.test/fake.mp4'])
    expect(verified.task.videoUrls).toEqual([
      'https://tempfile.aiquickdraw.com/s/task_sora-2-text-to-video_1765184045509.mp4',
    ])
  })

  it('refuses to refetch through a vtrix facade, and refetches nothing for a forged callback', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['success']))
    const vtrix = createSora({ provider: 'vtrix', apiKey: 'k', fetch })
    await expect(
      verifyKieWebhookAndRefetch(parts(successBody, sign(taskId, nowSeconds), nowSeconds), { ...options, sora: vtrix }),
    ).rejects.toMatchObject({ kind: 'validation', field: 'sora' })
    const kie = createSora({ provider: 'kie', apiKey: 'k', fetch })
    await expect(
      verifyKieWebhookAndRefetch(parts(successBody, sign(taskId, nowSeconds, 'wrong'), nowSeconds), {
        ...options,
        sora: kie,
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError)
    expect(fetch.calls).toHaveLength(0)
  })
})

describe('forged, tampered and stale callbacks (property-based, 12 000 cases)', () => {
  const taskIds = fc.string({ minLength: 1, maxLength: 48 }).filter((id) => id.trim() !== '')
  const bodyFor = (id: string) =>
    JSON.stringify({ code: 200, msg: 'success', data: { taskId: id, state: 'success', resultJson: null } })
  const offsets = fc.integer({ min: -300, max: 300 })

  it('rejects random signatures', async () => {
    await fc.assert(
      fc.asyncProperty(taskIds, offsets, fc.uint8Array({ minLength: 0, maxLength: 48 }), async (id, offset, bytes) => {
        const timestamp = String(now / 1000 + offset)
        const forged = Buffer.from(bytes).toString('base64')
        fc.pre(forged !== sign(id, timestamp))
        expect(await reason(verifyKieWebhook(parts(bodyFor(id), forged, timestamp), options))).toMatch(
          /^(bad-signature|missing-signature)$/,
        )
      }),
      { numRuns: propertyRuns(3000) },
    )
  })

  it('rejects a genuine signature moved to another task id or timestamp', async () => {
    await fc.assert(
      fc.asyncProperty(taskIds, taskIds, offsets, offsets, async (signedId, sentId, signedOffset, sentOffset) => {
        fc.pre(signedId !== sentId || signedOffset !== sentOffset)
        const signature = sign(signedId, String(now / 1000 + signedOffset))
        expect(
          await reason(verifyKieWebhook(parts(bodyFor(sentId), signature, String(now / 1000 + sentOffset)), options)),
        ).toBe('bad-signature')
      }),
      { numRuns: propertyRuns(3000) },
    )
  })

  it('rejects a genuine signature with one character changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        taskIds,
        offsets,
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
        async (id, offset, position, replacement) => {
          const timestamp = String(now / 1000 + offset)
          const signature = sign(id, timestamp)
          const index = position % 43 // the 43 data characters before the '=' padding of a 32-byte MAC
          fc.pre(signature[index] !== replacement)
          const tampered = signature.slice(0, index) + replacement + signature.slice(index + 1)
          expect(await reason(verifyKieWebhook(parts(bodyFor(id), tampered, timestamp), options))).toBe('bad-signature')
        },
      ),
      { numRuns: propertyRuns(3000) },
    )
  })

  it('rejects genuine but stale (or far-future) signatures', async () => {
    await fc.assert(
      fc.asyncProperty(
        taskIds,
        fc.integer({ min: 301, max: 10 * 365 * 86_400 }),
        fc.boolean(),
        async (id, age, future) => {
          const timestamp = String(now / 1000 + (future ? age : -age))
          expect(await reason(verifyKieWebhook(parts(bodyFor(id), sign(id, timestamp), timestamp), options))).toBe(
            'stale-timestamp',
          )
        },
      ),
      { numRuns: propertyRuns(3000) },
    )
  })

  it('accepts every genuine signature inside the window (the other side of the property)', async () => {
    await fc.assert(
      fc.asyncProperty(taskIds, offsets, async (id, offset) => {
        const timestamp = String(now / 1000 + offset)
        await expect(
          verifyKieWebhook(parts(bodyFor(id), sign(id, timestamp), timestamp), options),
        ).resolves.toMatchObject({ taskId: id })
      }),
      { numRuns: propertyRuns(500) },
    )
  })
})

describe('callbacks of a provider that does not sign them (Apikley)', () => {
  const unsignedBody = JSON.stringify(callbacks['success'])

  it('says in its capabilities which providers sign, from the callback headers their documents declare', () => {
    const signed = Object.fromEntries(
      providerIds.map((provider) => [provider, createSora({ provider, apiKey: 'k' }).capabilities.signedCallbacks]),
    )
    expect(signed).toMatchObject({ kie: true, apikley: false, vtrix: false })
  })

  it('refuses verify-then-refetch, pointing to the unsigned path, before any request', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['success']))
    const apikley = createSora({ provider: 'apikley', apiKey: 'k', fetch })
    const refused = await verifyKieWebhookAndRefetch(parts(unsignedBody, undefined, undefined), {
      ...options,
      sora: apikley,
    }).catch((error: unknown) => error)
    expect(UnsupportedFeatureError.isInstance(refused)).toBe(true)
    expect((refused as Error).message).toMatch(/Apikley does not sign its callbacks.*readKieWebhookAndRefetch/)
    expect(fetch.calls).toHaveLength(0)
  })

  it('reads the task id and trusts only the task fetched back', async () => {
    const fetch = stubFetch(recordOf('generating'))
    const apikley = createSora({ provider: 'apikley', apiKey: 'k', fetch })
    const read = await readKieWebhookAndRefetch({ headers: {}, body: unsignedBody }, { sora: apikley })
    expect(fetch.calls.map((call) => call.url.searchParams.get('taskId'))).toEqual([taskId])
    expect(read.callbackTask).toMatchObject({ provider: 'apikley', status: 'succeeded' })
    expect(read.task).toMatchObject({ status: 'running', progress: 0.45 })
  })

  it('rejects a body without a task id, and a facade of another family', async () => {
    const fetch = stubFetch(json(kieRecordExamples()['success']))
    const apikley = createSora({ provider: 'apikley', apiKey: 'k', fetch })
    expect(
      await reason(readKieWebhookAndRefetch({ headers: {}, body: '{"code":200,"data":{}}' }, { sora: apikley })),
    ).toBe('malformed-body')
    expect(await reason(readKieWebhookAndRefetch({ headers: {}, body: 'not json' }, { sora: apikley }))).toBe(
      'malformed-body',
    )
    const vtrix = createSora({ provider: 'vtrix', apiKey: 'k', fetch })
    await expect(readKieWebhookAndRefetch({ headers: {}, body: unsignedBody }, { sora: vtrix })).rejects.toMatchObject({
      kind: 'validation',
      field: 'sora',
    })
    expect(fetch.calls).toHaveLength(0)
  })
})

describe('verifyKieWebhook fails closed', () => {
  const yearOld = String(now / 1000 - 365 * 24 * 3600)
  const signedYearOld = () => parts(successBody, sign(taskId, yearOld), yearOld)

  it('refuses options that would switch the freshness check off, with a ValidationError naming the option', async () => {
    for (const toleranceMs of [Number('unset'), Number.POSITIVE_INFINITY, -1, '300000' as unknown as number]) {
      const error = await verifyKieWebhook(signedYearOld(), { ...options, toleranceMs }).catch(
        (failure: unknown) => failure,
      )
      expect(error, String(toleranceMs)).toMatchObject({ kind: 'validation', field: 'toleranceMs' })
    }
    await expect(verifyKieWebhook(signedYearOld(), { ...options, now: 'soon' as never })).rejects.toMatchObject({
      kind: 'validation',
      field: 'now',
    })
    await expect(verifyKieWebhook(signedYearOld(), { ...options, replayStore: {} as never })).rejects.toMatchObject({
      kind: 'validation',
      field: 'replayStore',
    })
  })

  it('rejects every callback when the clock returns NaN', async () => {
    expect(await reason(verifyKieWebhook(signedYearOld(), { secret, now: () => Number.NaN }))).toBe('stale-timestamp')
    expect(
      await reason(
        verifyKieWebhook(parts(successBody, sign(taskId, nowSeconds), nowSeconds), { secret, now: () => Number.NaN }),
      ),
    ).toBe('stale-timestamp')
  })

  it('with a replay store, rejects a (taskId, timestamp) pair seen before, and only after the signature verified', async () => {
    const replayStore = memoryReplayStore({ now: () => now })
    const delivery = () => parts(successBody, sign(taskId, nowSeconds), nowSeconds)
    // A forged copy first: it fails on its signature and must not use up the real delivery.
    expect(
      await reason(
        verifyKieWebhook(parts(successBody, sign(taskId, nowSeconds, 'wrong-key'), nowSeconds), {
          ...options,
          replayStore,
        }),
      ),
    ).toBe('bad-signature')
    expect((await verifyKieWebhook(delivery(), { ...options, replayStore })).taskId).toBe(taskId)
    expect(await reason(verifyKieWebhook(delivery(), { ...options, replayStore }))).toBe('replayed')
    // Another timestamp is another delivery.
    const later = String(now / 1000 + 1)
    expect(
      (await verifyKieWebhook(parts(successBody, sign(taskId, later), later), { ...options, replayStore })).timestamp,
    ).toBe(now / 1000 + 1)
    // Without a store, the same delivery verifies again.
    expect((await verifyKieWebhook(delivery(), options)).taskId).toBe(taskId)
  })

  it('takes any store with remember(key, expiresAtMs), sync or async', async () => {
    const seen = new Map<string, number>()
    const replayStore = {
      remember: async (key: string, expiresAtMs: number) =>
        seen.has(key) ? false : (seen.set(key, expiresAtMs), true),
    }
    const delivery = () => parts(successBody, sign(taskId, nowSeconds), nowSeconds)
    await verifyKieWebhook(delivery(), { ...options, replayStore })
    expect([...seen.values()]).toEqual([now + 300_000])
    expect(await reason(verifyKieWebhook(delivery(), { ...options, replayStore }))).toBe('replayed')
  })

  it('keeps the in-memory store bounded: expired keys go first, then the oldest', () => {
    let clock = 0
    const store = memoryReplayStore({ maxEntries: 2, now: () => clock })
    expect(store.remember('a', 100)).toBe(true)
    expect(store.remember('a', 100)).toBe(false)
    expect(store.remember('b', 100)).toBe(true)
    expect(store.remember('c', 100)).toBe(true)
    // 'a' was the oldest of three: forgotten.
    expect(store.remember('a', 100)).toBe(true)
    expect(store.remember('c', 100)).toBe(false)
    clock = 101
    expect(store.remember('c', 200)).toBe(true)
    expect(() => memoryReplayStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ field: 'maxEntries' }))
  })
})
