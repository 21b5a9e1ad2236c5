/**
 * fal.ai's webhook scheme, as fal's webhook guide describes it: declared once for the verifier (`@sorakit/sora/webhooks`)
 * and the mock that signs as fal does. WebCrypto only.
 */

/** The headers every fal webhook carries (lower case, as `Headers` reads them). */
export const falWebhookHeaders = {
  requestId: 'x-fal-webhook-request-id',
  userId: 'x-fal-webhook-user-id',
  timestamp: 'x-fal-webhook-timestamp',
  signature: 'x-fal-webhook-signature',
} as const

/** The bytes fal signs with Ed25519: `requestId \n userId \n timestamp \n hex(SHA-256(body))`. */
export async function falWebhookMessage(
  requestId: string,
  userId: string,
  timestamp: string,
  body: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>))
  return new TextEncoder().encode([requestId, userId, timestamp, hexText(digest)].join('\n'))
}

/** Options of {@link signFalWebhook}. */
export interface SignFalWebhookOptions {
  /** An Ed25519 private key (WebCrypto) whose public key is in the receiver's key source. */
  privateKey: CryptoKey
  requestId: string
  userId: string
  /** The raw body as sent. */
  body: string | Uint8Array
  /** Unix seconds. Default: now. */
  timestamp?: number
}

/** The `X-Fal-Webhook-*` headers fal would send with `body`: for mocks and tests that play fal. */
export async function signFalWebhook(options: SignFalWebhookOptions): Promise<Record<string, string>> {
  const { privateKey, requestId, userId, body } = options
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const message = await falWebhookMessage(requestId, userId, timestamp, bytes)
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, privateKey, message))
  return {
    'X-Fal-Webhook-Request-Id': requestId,
    'X-Fal-Webhook-User-Id': userId,
    'X-Fal-Webhook-Timestamp': timestamp,
    'X-Fal-Webhook-Signature': hexText(signature),
  }
}

/** Lower-case hex of bytes (fal's digest and signature encoding). */
function hexText(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
