import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { lifecycleFamilies, lifecycleScenarios, mockProviders, scenarioNames } from '@sorakit/mock'
import { builtInMockedProviders, createMockHandlers, type MockHandlers } from '@sorakit/mock/msw'
import { familyTaskStates } from '@sorakit/provider'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSora,
  GenerationFailedError,
  PollDeadlineExceededError,
  SoraError,
  type Sora,
  type SoraErrorKind,
  type SoraTask,
} from '../src/index.js'
import {
  falWebhookKeys,
  staticFalWebhookKeys,
  verifyFalWebhook,
  verifyKieWebhook,
  type WebhookParts,
} from '../src/webhooks.js'
import { startVideo } from './support/video-operation.js'

// The facade through `@sorakit/mock/msw` in this vitest process: no server runs, the production client
// talks to each provider's real base URL (no baseUrl given) and MSW's handlers answer with the mock lifecycle.

const lifecycleMs = 600
const webhookKey = 'msw-test-webhook-key'
type ProviderId = Parameters<typeof createSora>[0]['provider']
const fastPolls = { pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 15, maxMs: 30 }] }
const handlers = new Map<string, MockHandlers>(
  mockProviders.map((provider) => [
    provider.table.id,
    createMockHandlers({ provider: provider.table.id as never, lifecycleMs, webhookKey }),
  ]),
)
// Unhandled requests (the callback receiver below, reached with bypass()) go to the network as usual.
const server = setupServer(...[...handlers.values()].flat())

interface Delivery {
  path: string
  headers: IncomingHttpHeaders
  body: string
}
const deliveries: Delivery[] = []
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    deliveries.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
    response.writeHead(200).end()
  })
})
let receiverUrl = ''

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.close()
  for (const each of handlers.values()) each.engine.stop()
  await new Promise((resolve) => receiver.close(resolve))
})

/**
 * Each signing family's verifier, as a receiver calls it: the id of the task the verified delivery names, and a
 * verification with the wrong key, which must fail. fal's keys are the handlers' own JWKS (GET /__mock/jwks.json).
 */
const deliveryVerifiers: Record<
  string,
  {
    verify(id: string, parts: WebhookParts): Promise<string>
    verifyForged(id: string, parts: WebhookParts): Promise<unknown>
  }
> = {
  kie: {
    verify: async (id, parts) => {
      const verified = await verifyKieWebhook(parts, { secret: webhookKey, provider: id as never })
      expect(verified.task.status).toBe('succeeded')
      return verified.taskId
    },
    verifyForged: (id, parts) => verifyKieWebhook(parts, { secret: 'another key', provider: id as never }),
  },
  fal: {
    verify: async (id, parts) => {
      const jwks = `${builtInMockedProviders[id as 'fal'].table.servers.api}/__mock/jwks.json`
      const verified = await verifyFalWebhook(parts, { keys: falWebhookKeys({ url: jwks }) })
      expect(verified.body.status).toBe('OK')
      return verified.requestId
    },
    // A key pair of its own: the mock's signature must not verify with it.
    verifyForged: async (_id, parts) => {
      const other = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
      const jwk = await crypto.subtle.exportKey('jwk', other.publicKey)
      return verifyFalWebhook(parts, { keys: staticFalWebhookKeys({ keys: [jwk as never] }) })
    },
  },
}

const facade = (provider: string): Sora =>
  createSora({ provider: provider as ProviderId, apiKey: 'mock-key', maxRetries: 0 })

/** The error kind a refused create becomes, by the documented HTTP status the mock answers it with. */
const kindByStatus: Record<string, SoraErrorKind> = {
  '402': 'insufficient-credits',
  '403': 'insufficient-credits',
  '429': 'rate-limited',
  '455': 'maintenance',
  '500': 'server',
  '503': 'server',
}
// A refused model is that, whatever status carries it (kie.ai's 500, vtrix's 400).
const kindByRejection: Record<string, SoraErrorKind> = { 'model-unavailable': 'model-unavailable' }

async function rejection(promise: Promise<unknown>): Promise<SoraError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(SoraError.isInstance(error), String(error)).toBe(true)
  return error as SoraError
}

describe.concurrent('every provider through the MSW handlers (setupServer)', () => {
  for (const provider of mockProviders) {
    const { id, displayName } = provider.table
    // Every spec folder must be a provider the MSW entry knows by id.
    const callbacks: Readonly<Record<string, { urlField: string; headers: readonly string[] }>> =
      builtInMockedProviders[id as keyof typeof builtInMockedProviders]?.table.callbacks ?? {}
    it(`${displayName}: @sorakit/mock/msw knows it by id`, () =>
      expect(Object.keys(builtInMockedProviders)).toContain(id))

    it(`${displayName}: create, wait: queued, progress strictly rising, succeeded, at the real base URL; the video URL serves the MP4`, async () => {
      const sora = facade(id)
      const seen: SoraTask[] = []
      const handle = await startVideo(sora, { prompt: 'A paper boat drifting down a rainy street' })
      const task = await sora.wait(handle, { ...fastPolls, onProgress: (update) => seen.push(update) })
      expect(task.status).toBe('succeeded')
      const order: Array<SoraTask['status']> = ['queued', 'running', 'succeeded']
      const statuses = seen.map((update) => order.indexOf(update.status))
      expect(
        statuses.every((status, index) => status >= 0 && (index === 0 || status >= statuses[index - 1]!)),
        JSON.stringify(seen.map((update) => update.status)),
      ).toBe(true)
      const progress = seen.map((update) => update.progress).filter((value): value is number => value !== null)
      // Progress rises through the family's progressing state; a family without one (fal) reports none until done.
      const reportsProgress = familyTaskStates[provider.table.family]!.running.some((state) => state.progressing)
      expect(progress.length).toBeGreaterThan(reportsProgress ? 2 : 0)
      for (let index = 1; index < progress.length; index++)
        expect(progress[index]!).toBeGreaterThan(progress[index - 1]!)
      expect(progress.at(-1)).toBe(1)
      // The request went to the provider's own origin, and the task the mock recorded is the one created.
      const origin = new URL(Object.values(provider.table.servers)[0]!).origin
      expect(task.videoUrls[0]!.startsWith(`${origin}/__mock/media/`)).toBe(true)
      const video = await fetch(task.videoUrls[0]!)
      expect(video.headers.get('content-type')).toBe('video/mp4')
      expect(new TextDecoder().decode(new Uint8Array(await video.arrayBuffer()).subarray(4, 8))).toBe('ftyp')
      const recorded = (await (await fetch(`${origin}/__mock/tasks`)).json()) as Array<{ id: string }>
      // The mock records the provider's own id: the handle's, or its last part where the family's task id also names
      // the endpoint (fal's `<endpoint>/requests/<request id>`).
      expect(recorded.some((entry) => handle.taskId.endsWith(entry.id))).toBe(true)
    })

    it(`${displayName}: #mock:fail fails after progress with the provider's failure`, async () => {
      const sora = facade(id)
      const seen: SoraTask[] = []
      const error = await sora
        .wait(await startVideo(sora, { prompt: 'A paper boat #mock:fail' }), {
          ...fastPolls,
          onProgress: (update) => seen.push(update),
        })
        .catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(GenerationFailedError)
      expect((error as GenerationFailedError).failure?.kind).toBe('generation')
      expect(seen.some((update) => update.status === 'running')).toBe(true)
    })

    it(`${displayName}: #mock:insufficient-credits refuses the create in the provider's envelope`, async () => {
      const error = await startVideo(facade(id), { prompt: 'A paper boat #mock:insufficient-credits' }).catch(
        (reason: unknown) => reason,
      )
      expect(SoraError.isInstance(error)).toBe(true)
      expect((error as SoraError).kind).toBe('insufficient-credits')
    })

    // Each `#mock:<scenario>` ends as the provider would (this was mock-lifecycle.test.ts, the same flows through
    // Prism).
    for (const name of scenarioNames) {
      const declaration: { rejection?: string; outcome?: string; lifecycleFactor?: number } = lifecycleScenarios[name]
      it(`${displayName}: #mock:${name}`, async () => {
        const sora = facade(id)
        const prompt = `A paper boat #mock:${name}`
        if (declaration.rejection !== undefined) {
          const family = lifecycleFamilies[provider.table.family]!
          const status = family.rejections[declaration.rejection as keyof typeof family.rejections].status
          const error = await rejection(startVideo(sora, { prompt }))
          expect(error.kind).toBe(kindByRejection[declaration.rejection] ?? kindByStatus[status])
          if (error.kind === 'rate-limited')
            expect((error as SoraError & { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0)
          return
        }
        const handle = await startVideo(sora, { prompt })
        if (declaration.outcome === 'stuck' || declaration.lifecycleFactor !== undefined) {
          const error = await rejection(sora.wait(handle, { ...fastPolls, deadlineMs: lifecycleMs * 2 }))
          expect(error).toBeInstanceOf(PollDeadlineExceededError)
          return
        }
        if (declaration.outcome === 'success') {
          expect((await sora.wait(handle, fastPolls)).status).toBe('succeeded')
          return
        }
        const error = await rejection(sora.wait(handle, fastPolls))
        expect(error).toBeInstanceOf(GenerationFailedError)
        expect((error as GenerationFailedError).failure?.kind).toBe(
          name === 'content-policy' ? 'content-policy' : 'generation',
        )
      })
    }

    const signed = Object.entries(callbacks).filter(
      ([name, callback]) => !/progress/i.test(name) && callback.headers.some((header) => /signature/i.test(header)),
    )
    for (const [name] of signed) {
      it(`${displayName}: the ${name} callback is POSTed from the handlers, signed, and verifies with @sorakit/sora/webhooks`, async ({
        expect,
      }) => {
        const sora = facade(id)
        const path = `/${id}/${name}`
        const handle = await startVideo(sora, { prompt: 'A paper boat', callbackUrl: `${receiverUrl}${path}` })
        await sora.wait(handle, fastPolls)
        await expect
          .poll(() => deliveries.filter((delivery) => delivery.path === path).length, { timeout: 5_000 })
          .toBeGreaterThan(0)
        const delivery = deliveries.find((each) => each.path === path)!
        const parts = { headers: delivery.headers as Record<string, string>, body: delivery.body }
        const verifier = deliveryVerifiers[provider.table.family]!
        expect(handle.taskId.endsWith(await verifier.verify(id, parts))).toBe(true)
        await expect(verifier.verifyForged(id, parts)).rejects.toThrow()
      })
    }
  }
})
