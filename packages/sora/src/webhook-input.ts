import { WebhookVerificationError } from './sora-errors.js'

/** A callback as plain parts, for frameworks that do not hand out a web `Request`. */
export interface WebhookParts {
  /** Header names in any case; a list takes its first value. */
  headers: Headers | Record<string, string | readonly string[] | undefined>
  /** The raw body, exactly as received (a parsed-and-reserialised body still verifies: only the task id is signed). */
  body: string | Uint8Array | ArrayBuffer
}

/** The largest callback body the verifiers read: 1 MiB (a video callback carries URLs, a few kB). */
export const maxWebhookBodyBytes = 1_048_576

/** The callback's headers and its body bytes, read from a `Request` or plain parts. */
export interface WebhookInput {
  headers: WebhookParts['headers']
  body: Uint8Array
}

/**
 * Reads a callback, refusing a body over `maxBytes` (`reason: 'body-too-large'`) before holding more of it:
 * a `Request` body is read chunk by chunk.
 */
export async function readWebhookInput(input: Request | WebhookParts, maxBytes: number): Promise<WebhookInput> {
  if (typeof Request !== 'undefined' && input instanceof Request)
    return { headers: input.headers, body: await readBounded(input.body, maxBytes) }
  const { headers, body } = input as WebhookParts
  const bytes =
    typeof body === 'string'
      ? new TextEncoder().encode(body)
      : body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : (body as Uint8Array)
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes)
  return { headers, body: bytes }
}

async function readBounded(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function tooLarge(maxBytes: number): WebhookVerificationError {
  return new WebhookVerificationError(`The body is larger than ${maxBytes} bytes`, { reason: 'body-too-large' })
}

/** A header's first value, by case-insensitive name. */
export function headerValue(headers: WebhookParts['headers'], name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return (typeof value === 'string' ? value : value?.[0])?.trim()
  }
  return undefined
}

export function parseWebhookBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new WebhookVerificationError('The body is not JSON', { reason: 'malformed-body' })
  }
}
