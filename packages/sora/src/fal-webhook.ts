import { falWebhookHeaders, falWebhookMessage } from '@sorakit/provider'
import { isPlainObject } from './parameter-check.js'
import { ValidationError, WebhookVerificationError } from './sora-errors.js'
import {
  checkedTimestamp,
  checkFreshnessOptions,
  rememberVerified,
  type WebhookFreshnessOptions,
} from './webhook-checks.js'
import { falWebhookKeys, type FalWebhookKeySource } from './fal-webhook-keys.js'
import {
  headerValue,
  maxWebhookBodyBytes,
  parseWebhookBody,
  readWebhookInput,
  type WebhookParts,
} from './webhook-input.js'

export {
  falWebhookJwksUrl,
  falWebhookKeys,
  staticFalWebhookKeys,
  type FalJsonWebKeySet,
  type FalWebhookKeySource,
  type FalWebhookKeysOptions,
} from './fal-webhook-keys.js'

// fal's scheme (its headers, the bytes it signs) is declared once, in the provider contract, for this verifier and
// the mock that signs as fal does.
export {
  falWebhookHeaders,
  falWebhookMessage,
  signFalWebhook,
  type SignFalWebhookOptions,
} from '@sorakit/provider'

/** Options of {@link verifyFalWebhook}. */
export interface VerifyFalWebhookOptions extends WebhookFreshnessOptions {
  /** fal's public keys. Default: one `falWebhookKeys()` shared by every call (fal's JWKS, cached 24 h). */
  keys?: FalWebhookKeySource
  /** Largest body read. Default: {@link maxWebhookBodyBytes} (1 MiB). */
  maxBodyBytes?: number
}

/** What fal POSTs to a webhook URL (its guide): `status` OK with the endpoint's output in `payload`, or ERROR. */
export interface FalWebhookBody {
  request_id: string
  gateway_request_id?: string
  status: 'OK' | 'ERROR'
  /** The endpoint's result (OK), or the error details (ERROR); null when fal could not serialise it. */
  payload?: unknown
  error?: string
  payload_error?: string
}

export interface VerifiedFalWebhook {
  requestId: string
  /** The fal account the request belongs to (`X-Fal-Webhook-User-Id`). */
  userId: string
  /** `X-Fal-Webhook-Timestamp`, Unix seconds. */
  timestamp: number
  /** The body, signed through its SHA-256: safe to act on. */
  body: FalWebhookBody
}

let sharedKeys: FalWebhookKeySource | undefined

/**
 * Verifies a fal webhook as fal's guide describes it: the four `X-Fal-Webhook-*` headers present, the
 * timestamp within `toleranceMs` of now, and `X-Fal-Webhook-Signature` (hex) an Ed25519 signature, by one of
 * fal's JWKS keys, of the request id, user id, timestamp and hex SHA-256 of the raw body joined by newlines.
 * The body is signed, so the verified body is the result. Throws a WebhookVerificationError saying why
 * otherwise; fails closed when fal's keys cannot be had. WebCrypto only: Node, browsers, edge, workers.
 */
export async function verifyFalWebhook(
  input: Request | WebhookParts,
  options: VerifyFalWebhookOptions = {},
): Promise<VerifiedFalWebhook> {
  const freshness = checkFreshnessOptions(options)
  const { maxBodyBytes = maxWebhookBodyBytes } = options
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0)
    throw new ValidationError('maxBodyBytes must be an integer >= 0', { field: 'maxBodyBytes' })
  const source = checkedKeySource(options.keys)
  const { headers, body } = await readWebhookInput(input, maxBodyBytes)
  const signature = headerValue(headers, falWebhookHeaders.signature)
  if (!signature)
    throw new WebhookVerificationError('No X-Fal-Webhook-Signature header', { reason: 'missing-signature' })
  const requestId = requiredHeader(headers, falWebhookHeaders.requestId, 'X-Fal-Webhook-Request-Id')
  const userId = requiredHeader(headers, falWebhookHeaders.userId, 'X-Fal-Webhook-User-Id')
  const timestampText = headerValue(headers, falWebhookHeaders.timestamp)
  const timestamp = checkedTimestamp('X-Fal-Webhook-Timestamp', timestampText, freshness)
  const signatureBytes = hexBytes(signature)
  const message = await falWebhookMessage(requestId, userId, timestampText!, body)
  if (signatureBytes === undefined || !(await anyKeyVerifies(source, signatureBytes, message)))
    throw new WebhookVerificationError('X-Fal-Webhook-Signature does not match', { reason: 'bad-signature' })
  const parsed = parseWebhookBody(new TextDecoder().decode(body))
  if (!isPlainObject(parsed) || parsed['request_id'] !== requestId)
    throw new WebhookVerificationError('The body has no request_id equal to X-Fal-Webhook-Request-Id', {
      reason: 'malformed-body',
    })
  await rememberVerified(freshness, ['fal', requestId, timestamp], timestamp, `The webhook of request ${requestId}`)
  return { requestId, userId, timestamp, body: parsed as unknown as FalWebhookBody }
}

function checkedKeySource(keys: FalWebhookKeySource | undefined): FalWebhookKeySource {
  if (keys === undefined) {
    sharedKeys ??= falWebhookKeys()
    return sharedKeys
  }
  if (typeof (keys as { keys?: unknown } | null)?.keys !== 'function')
    throw new ValidationError('keys must be a key source (falWebhookKeys() or staticFalWebhookKeys(jwks))', {
      field: 'keys',
    })
  return keys
}

function requiredHeader(headers: WebhookParts['headers'], name: string, displayName: string): string {
  const value = headerValue(headers, name)
  if (!value) throw new WebhookVerificationError(`No ${displayName} header`, { reason: 'missing-header' })
  return value
}

// fal rotates keys without naming the key in the callback: every key is tried, and a signature no cached key
// verifies asks the source once for fresh keys before it is refused.
async function anyKeyVerifies(
  source: FalWebhookKeySource,
  signature: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const tried = new Set<CryptoKey>()
  for (const refresh of [false, true]) {
    for (const key of await source.keys(refresh)) {
      if (tried.has(key)) continue
      tried.add(key)
      if (await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message)) return true
    }
  }
  return false
}

// An Ed25519 signature is 64 bytes: 128 hex digits, any case.
function hexBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-fA-F]{128}$/.test(text)) return undefined
  return Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16))
}
