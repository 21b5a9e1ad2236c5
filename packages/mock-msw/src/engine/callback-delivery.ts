/** One callback POST: where, what, whether signed, and how it went. */
export interface CallbackDelivery {
  taskId: string
  /** The callback's name in the provider table (`taskCompleted`, `taskProgress`). */
  callback: string
  url: string
  /** The body sent, as the log keeps it: whole up to 16 KiB of JSON, else a note of its size. */
  body: unknown
  /** Signed kie.ai-style (the table's callback declares the signature header). */
  signed: boolean
  attempts: number
  /**
   * `delivered` (a 2xx answer), `failed` (every attempt refused, redirected or timed out), `pending`, or `cancelled`
   * (store reset).
   */
  outcome: 'pending' | 'delivered' | 'failed' | 'cancelled'
  /** Last HTTP status (with the `Location` of a redirect, which is never followed) or error text. */
  lastResult?: string
}

/** How callbacks are sent. */
export interface CallbackDeliveryOptions {
  /** HMAC key of signed callbacks. */
  webhookKey: string
  /** Signs a body its family's way (fal's Ed25519). Default: kie.ai's HMAC with `webhookKey`. */
  sign?: (body: string) => Promise<Record<string, string>>
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch
  /** Where failed attempts are reported. Default: console.warn. */
  log?: (message: string) => void
  /** Attempts per callback. Default: 4. */
  attempts?: number
  /** Wait before the second attempt, doubled after each. Default: 500 ms. */
  backoffMs?: number
  /** Time an attempt may take before it counts as failed. Default: 5000 ms. */
  timeoutMs?: number
}

/**
 * The kie.ai signature of a callback: base64(HMAC-SHA256(key, `${taskId}.${timestamp}`)), with WebCrypto (Node 20+,
 * browsers, workers).
 */
export async function kieWebhookSignature(key: string, taskId: string, timestamp: string): Promise<string> {
  const encoder = new TextEncoder()
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(`${taskId}.${timestamp}`)),
  )
  let binary = ''
  for (const byte of mac) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function kieSigner(options: CallbackDeliveryOptions, delivery: CallbackDelivery) {
  return async () => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    return {
      'X-Webhook-Timestamp': timestamp,
      'X-Webhook-Signature': await kieWebhookSignature(options.webhookKey, delivery.taskId, timestamp),
    }
  }
}

/**
 * Sends one callback, retrying a refusing or hanging receiver with backoff; never throws and never blocks
 * the caller (it runs in the background). The delivery record is updated as it goes. `payload` is the body
 * sent (default: `delivery.body`), so the record may keep a shortened one.
 *
 * Redirects are not followed (`redirect: 'manual'`): following a 302 turns the POST into a body-less GET,
 * and a 307 re-POSTs the signed body to wherever the receiver points. A 3xx counts as a refusal: logged
 * with its `Location`, retried, then `failed`.
 */
export async function deliverCallback(
  delivery: CallbackDelivery,
  options: CallbackDeliveryOptions,
  isCancelled: () => boolean,
  payload: unknown = delivery.body,
): Promise<void> {
  const send = options.fetch ?? globalThis.fetch
  const log = options.log ?? ((message: string) => console.warn(message))
  const attempts = options.attempts ?? 4
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (isCancelled()) {
      delivery.outcome = 'cancelled'
      return
    }
    delivery.attempts = attempt
    try {
      const body = JSON.stringify(payload)
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      // Signed at each attempt: the timestamp says when this request was sent.
      if (delivery.signed) Object.assign(headers, await (options.sign ?? kieSigner(options, delivery))(body))
      const response = await send(delivery.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      })
      await response.body?.cancel().catch(() => undefined)
      delivery.lastResult = describeAnswer(response)
      if (response.ok) {
        delivery.outcome = 'delivered'
        return
      }
    } catch (error) {
      delivery.lastResult = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    }
    if (attempt < attempts) {
      log(
        `sorakit mock: ${delivery.callback} callback of ${delivery.taskId} to ${delivery.url} failed (${delivery.lastResult}); attempt ${attempt + 1} of ${attempts} follows`,
      )
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, (options.backoffMs ?? 500) * 2 ** (attempt - 1))
        ;(timer as { unref?: () => void }).unref?.()
      })
    }
  }
  delivery.outcome = 'failed'
  log(
    `sorakit mock: gave up the ${delivery.callback} callback of ${delivery.taskId} to ${delivery.url} after ${attempts} attempts (${delivery.lastResult})`,
  )
}

/** `HTTP <status>`, naming a redirect's target: browsers hide it (an `opaqueredirect` answer of status 0). */
function describeAnswer(response: Response): string {
  if (response.type === 'opaqueredirect') return 'a redirect (not followed)'
  const location = response.headers.get('location')
  return response.status >= 300 && response.status < 400
    ? `HTTP ${response.status} redirect to ${location ?? '(no Location)'} (not followed)`
    : `HTTP ${response.status}`
}
