import { createHmac } from 'node:crypto'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { falWebhookHeaders, falWebhookMessage } from '@sorakit/provider'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mockProviders } from '../src/mock-providers.js'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import {
  carriesCallback,
  generatedTable,
  mockUrls,
  mockWebhookKey,
  send,
  sellsModel,
  startCallbackSink,
  withLocalCallbacks,
  type CallbackSink,
} from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// The lifecycle layer POSTs each task's callbacks as its state changes: the documented body (the status
// answer of the created task, fal's webhook body), signed the family's way where the provider's table declares the
// signature header: kie.ai's HMAC with the webhook key, fal's Ed25519 with the mock's own key (its JWKS served at
// /__mock/jwks.json).

type Delivery = { headers: Record<string, string | string[] | undefined>; rawBody: string }
const header = (delivery: Delivery, name: string) => String(delivery.headers[name])
const signatureChecks: Record<string, (delivery: Delivery, taskId: string, mockUrl: string) => Promise<void>> = {
  'X-Webhook-Signature': async (delivery, taskId) => {
    const timestamp = header(delivery, 'x-webhook-timestamp')
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(30)
    expect(header(delivery, 'x-webhook-signature')).toBe(
      createHmac('sha256', mockWebhookKey()).update(`${taskId}.${timestamp}`).digest('base64'),
    )
  },
  'X-Fal-Webhook-Signature': async (delivery, taskId, mockUrl) => {
    const timestamp = header(delivery, falWebhookHeaders.timestamp)
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(30)
    expect(header(delivery, falWebhookHeaders.requestId)).toBe(taskId)
    const { keys } = (await (await fetch(`${mockUrl}/__mock/jwks.json`)).json()) as { keys: JsonWebKey[] }
    const key = await crypto.subtle.importKey('jwk', keys[0]!, { name: 'Ed25519' }, false, ['verify'])
    const message = await falWebhookMessage(
      taskId,
      header(delivery, falWebhookHeaders.userId),
      timestamp,
      new TextEncoder().encode(delivery.rawBody),
    )
    const signature = Buffer.from(header(delivery, falWebhookHeaders.signature), 'hex')
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message)).toBe(true)
  },
}

let sink: CallbackSink
beforeAll(async () => (sink = await startCallbackSink()))
afterAll(() => sink.close())

for (const provider of mockProviders) {
  const document = readBundledDocument(repositoryRoot, provider.table.id)
  // The whole document is registered so the callback schemas' $refs resolve; OpenAPI keywords are not JSON Schema ones.
  const ajv = new Ajv2020({ strict: false, validateFormats: false })
  ajv.addSchema({ ...document, $id: 'document' })
  const withCallbacks = listOperations(document, provider.table).filter((entry) => entry.callbacks.length > 0)
  describe.runIf(withCallbacks.length > 0)(`${provider.table.displayName} callbacks`, () => {
    for (const entry of withCallbacks) {
      // A model the provider no longer sells is refused at create: no task, no callback (lifecycle.test.ts).
      for (const request of requestSamples(document, entry, 'all').filter((sample) =>
        sellsModel(provider.table, sample),
      )) {
        const callbacks = entry.callbacks.filter((callback) => carriesCallback(callback, request))
        if (callbacks.length === 0) continue
        it(`${entry.operationId} ${request.variant ?? ''}: ${callbacks.map((callback) => callback.name).join(' and ')} POSTed to the URL in the request, for the created task`, async () => {
          const table = await generatedTable(provider.table.id)
          // A URL path: an entry without an operationId is named `post /<path>`.
          const path = `/${provider.table.id}/${request.variant ?? entry.operationId}`.replace(/[^\w./~-]+/g, '-')
          const answer = await send(provider.table, entry, withLocalCallbacks(entry, request, sink.url + path))
          expect(answer.status, JSON.stringify(answer.body)).toBe(200)
          const created = answer.body as { data?: { taskId: string }; request_id?: string }
          const taskId = created.data?.taskId ?? created.request_id!
          for (const callback of callbacks) {
            const delivery = await sink.next(`${path}/${callback.name}`)
            expect(delivery.headers['content-type']).toMatch(/^application\/json/)
            const valid = ajv.validate({ $ref: `document${callback.bodySchemaPointer}` }, delivery.body)
            expect(ajv.errors ?? [], `the ${callback.name} body follows ${callback.bodySchemaPointer}`).toEqual([])
            expect(valid).toBe(true)
            expect(JSON.stringify(delivery.body)).toContain(`"${taskId}"`)
            const { headers } = table.callbacks[callback.name]!
            const scheme = Object.keys(signatureChecks).find((header) => headers.includes(header))
            if (scheme === undefined) expect(JSON.stringify(delivery.headers)).not.toMatch(/signature/i)
            else await signatureChecks[scheme]!(delivery, taskId, mockUrls()[provider.table.id]!)
          }
        })
      }
    }
  })
}

describe('callback delivery', () => {
  // A provider whose create takes a completion callback URL.
  const kie = mockProviders.find((provider) =>
    listOperations(readBundledDocument(repositoryRoot, provider.table.id), provider.table).some(
      (entry) => entry.callbacks.length > 0,
    ),
  )!
  const kieDocument = readBundledDocument(repositoryRoot, kie.table.id)
  const create = listOperations(kieDocument, kie.table).find((entry) => entry.callbacks.length > 0)!
  // The required sample of a model the provider sells, with its prompt and callback URL set.
  const sold = requestSamples(kieDocument, create, 'required').find((sample) => sellsModel(kie.table, sample))!
    .body as { input: Record<string, unknown> }
  const body = (callbackUrl: string, prompt: string) => ({
    ...sold,
    callBackUrl: callbackUrl,
    input: { ...sold.input, prompt },
  })
  const post = (payload: unknown) =>
    fetch(`${mockUrls()[kie.table.id]}${kie.table.modelOperation.path}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test', 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    })

  it('retries a receiver that refuses, with backoff, until it accepts', async () => {
    sink.refuse(2, 503)
    const answer = await post(body(`${sink.url}/retried`, 'A paper boat'))
    expect(answer.status).toBe(200)
    const delivery = await sink.next('/retried', 10_000)
    expect(delivery.body).toMatchObject({ data: { state: 'success' } })
  })

  it('sends nothing after a refused create', async () => {
    const answer = await post(body(`${sink.url}/refused`, 'A paper boat #mock:insufficient-credits'))
    expect(answer.status).not.toBe(200)
    // Three lifecycles: a task would have called back by then.
    await new Promise((resolve) => setTimeout(resolve, 3 * inject('mockLifecycleMs')))
    expect(sink.received.filter((entry) => entry.path === '/refused')).toEqual([])
  })
})
