import { kieFamilyTask } from './kie-family-task.js'
import { isPlainObject } from './parameter-check.js'
import { UnsupportedFeatureError, ValidationError, WebhookVerificationError } from './sora-errors.js'
import type { Sora } from './sora-facade.js'
import {
  checkedTimestamp,
  checkFreshnessOptions,
  rememberVerified,
  type WebhookFreshnessOptions,
  type WebhookReplayStore,
} from './webhook-checks.js'
import {
  headerValue,
  maxWebhookBodyBytes,
  parseWebhookBody,
  readWebhookInput,
  type WebhookParts,
} from './webhook-input.js'

/** What the webhook helpers use of a facade: any provider's `Sora` fits. */
type SoraTaskReader = Pick<Sora, 'provider' | 'capabilities' | 'getTask'>
import type { ProviderId, SoraTask } from './sora-types.js'

export { WebhookVerificationError, type WebhookRejection } from './sora-errors.js'
export type { WebhookFreshnessOptions, WebhookReplayStore } from './webhook-checks.js'
export { maxWebhookBodyBytes, type WebhookParts } from './webhook-input.js'
export * from './fal-webhook.js'
export { verifyFamilyWebhook, type FamilyWebhookOptions } from './webhook-families.js'

/**
 * Options of `verifyKieWebhook`: the key, and freshness and replay protection (a `(taskId, timestamp)` pair is one
 * callback).
 */
export interface VerifyWebhookOptions extends WebhookFreshnessOptions {
  /** The webhook HMAC key from https://kie.ai/settings. */
  secret: string
  /** Which provider of the kie.ai family sent it, for the task's `provider`. Default: `kie`. */
  provider?: ProviderId
}

/** Options of `memoryReplayStore`. */
export interface MemoryReplayStoreOptions {
  /** The most keys kept; past it the oldest are forgotten first. Default: 10000. */
  maxEntries?: number
  /** Current time in ms, to forget expired keys. Default: `Date.now`. */
  now?: () => number
}

export interface VerifiedWebhook {
  taskId: string
  /** `X-Webhook-Timestamp`, Unix seconds. */
  timestamp: number
  /**
   * The task as the callback body describes it. kie.ai signs only the task id and timestamp, not
   * the body: use `verifyKieWebhookAndRefetch` before acting on results.
   */
  task: SoraTask
}

/**
 * Verifies a kie.ai (or Apikley) callback: `X-Webhook-Signature` must be
 * base64(HMAC-SHA256(secret, taskId + "." + X-Webhook-Timestamp)) with the task id from
 * `data.taskId` (else `data.task_id`), and the timestamp within `toleranceMs` of now. Throws a
 * WebhookVerificationError saying why otherwise. WebCrypto only: Node, browsers, edge, workers.
 */
export async function verifyKieWebhook(
  input: Request | WebhookParts,
  options: VerifyWebhookOptions,
): Promise<VerifiedWebhook> {
  const freshness = checkVerifyOptions(options)
  const { headers, bodyText } = await readParts(input)
  const signature = headerValue(headers, 'x-webhook-signature')
  if (!signature) throw new WebhookVerificationError('No X-Webhook-Signature header', { reason: 'missing-signature' })
  const timestampText = headerValue(headers, 'x-webhook-timestamp')
  const timestamp = checkedTimestamp('X-Webhook-Timestamp', timestampText, freshness)
  const payload = parseWebhookBody(bodyText)
  const taskId = callbackTaskId(payload)
  if (!(await signatureMatches(options.secret, `${taskId}.${timestampText}`, signature))) {
    throw new WebhookVerificationError('X-Webhook-Signature does not match', { reason: 'bad-signature' })
  }
  await rememberVerified(
    freshness,
    [taskId, timestamp],
    timestamp,
    `The callback for task ${taskId} at ${timestampText}`,
  )
  return { taskId, timestamp, task: kieFamilyTask(options.provider ?? 'kie', payload) }
}

function checkVerifyOptions(options: VerifyWebhookOptions): ReturnType<typeof checkFreshnessOptions> {
  if (!isPlainObject(options) || typeof options.secret !== 'string' || options.secret === '')
    throw new ValidationError('secret must be the webhook HMAC key', { field: 'secret' })
  return checkFreshnessOptions(options)
}

/**
 * The in-process replay store: remembers each key until it expires, at most `maxEntries` keys
 * (the oldest are forgotten first, which reopens them to a replay; size it above the callbacks
 * one tolerance window brings).
 */
export function memoryReplayStore(options: MemoryReplayStoreOptions = {}): WebhookReplayStore {
  const { maxEntries = 10_000, now = Date.now } = options
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new ValidationError('maxEntries must be an integer >= 1', { field: 'maxEntries' })
  const expiries = new Map<string, number>()
  return {
    remember(key, expiresAtMs) {
      const nowMs = now()
      for (const [known, expiry] of expiries) {
        if (expiry < nowMs) expiries.delete(known)
      }
      if (expiries.has(key)) return false
      expiries.set(key, expiresAtMs)
      // Maps iterate in insertion order: the first key is the oldest.
      while (expiries.size > maxEntries) expiries.delete(expiries.keys().next().value!)
      return true
    },
  }
}

/**
 * Verifies the callback, then fetches the task from the provider with `sora`: since the body is
 * unsigned, `task` is the provider's answer, and `callbackTask` what the body claimed. A provider
 * whose callbacks carry no signature (`sora.capabilities.signedCallbacks` is false: Apikley) is
 * refused with an UnsupportedFeatureError: use `readKieWebhookAndRefetch` for it.
 */
export async function verifyKieWebhookAndRefetch(
  input: Request | WebhookParts,
  options: Omit<VerifyWebhookOptions, 'provider'> & { sora: SoraTaskReader; signal?: AbortSignal },
): Promise<VerifiedWebhook & { callbackTask: SoraTask }> {
  const { sora } = options
  checkKieFamily(sora, 'verifyKieWebhookAndRefetch')
  if (!sora.capabilities.signedCallbacks) {
    throw new UnsupportedFeatureError(
      `${sora.capabilities.displayName} does not sign its callbacks (its documents declare no signature header); read them with readKieWebhookAndRefetch, which trusts only the task fetched back`,
      {
        provider: sora.provider,
        field: 'secret',
      },
    )
  }
  const verified = await verifyKieWebhook(input, { ...options, provider: sora.provider })
  const task = await sora.getTask(verified.taskId, options.signal === undefined ? {} : { signal: options.signal })
  return { ...verified, task, callbackTask: verified.task }
}

/** A callback read without a signature, and the task fetched back. */
export interface RefetchedWebhook {
  taskId: string
  /** The provider's answer to `getTask`: the only part to act on. */
  task: SoraTask
  /** What the callback body claimed; unverified. */
  callbackTask: SoraTask
}

/**
 * For callbacks that carry no signature (Apikley; kie.ai without a webhook HMAC key): reads the task
 * id from the body and fetches the task from the provider with `sora`. A forged callback can only
 * make you fetch a task; what you act on is the provider's answer. Throws WebhookVerificationError
 * (`malformed-body`) when the body has no task id.
 */
export async function readKieWebhookAndRefetch(
  input: Request | WebhookParts,
  options: { sora: SoraTaskReader; signal?: AbortSignal },
): Promise<RefetchedWebhook> {
  const { sora } = options
  checkKieFamily(sora, 'readKieWebhookAndRefetch')
  const payload = parseWebhookBody((await readParts(input)).bodyText)
  const taskId = callbackTaskId(payload)
  const task = await sora.getTask(taskId, options.signal === undefined ? {} : { signal: options.signal })
  return { taskId, task, callbackTask: kieFamilyTask(sora.provider, payload) }
}

function checkKieFamily(sora: SoraTaskReader | undefined, caller: string): asserts sora is SoraTaskReader {
  if (sora?.capabilities?.family !== 'kie') {
    throw new ValidationError(
      `${caller} needs a facade of a provider of the kie.ai API family (capabilities.family 'kie'), got ${JSON.stringify(sora?.capabilities?.family)}`,
      { field: 'sora', supported: ['kie'] },
    )
  }
}

// Market callbacks carry data.taskId; kie.ai's Chinese sample reads data.task_id.
function callbackTaskId(payload: unknown): string {
  const data = isPlainObject(payload) ? payload['data'] : undefined
  const taskId = isPlainObject(data) ? (data['taskId'] ?? data['task_id']) : undefined
  if (typeof taskId !== 'string' || taskId === '')
    throw new WebhookVerificationError('The body has no data.taskId', { reason: 'malformed-body' })
  return taskId
}

async function readParts(
  input: Request | WebhookParts,
): Promise<{ headers: WebhookParts['headers']; bodyText: string }> {
  const { headers, body } = await readWebhookInput(input, maxWebhookBodyBytes)
  return { headers, bodyText: new TextDecoder().decode(body) }
}

let cachedKey: { secret: string; key: Promise<CryptoKey> } | undefined

// crypto.subtle.verify compares the MAC in constant time, so no hand-written comparison is needed.
async function signatureMatches(secret: string, message: string, signature: string): Promise<boolean> {
  const signatureBytes = base64Bytes(signature)
  if (signatureBytes === undefined) return false
  if (cachedKey?.secret !== secret) {
    const encoded = new TextEncoder().encode(secret)
    cachedKey = {
      secret,
      key: globalThis.crypto.subtle.importKey('raw', encoded, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']),
    }
  }
  return globalThis.crypto.subtle.verify('HMAC', await cachedKey.key, signatureBytes, new TextEncoder().encode(message))
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined
  const binary = atob(text)
  // atob ignores the unused low bits of the last character: only the canonical spelling counts.
  if (btoa(binary) !== text) return undefined
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index)
  return bytes
}
