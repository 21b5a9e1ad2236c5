// The bounds every mock request is held to, shared by the server mode and the MSW handlers so both refuse
// the same requests with the same words. No Node built-ins: the MSW entry runs this in a browser.

/**
 * Largest request body of every operation but uploads, in bytes (1 MiB): a create is a prompt and a few URLs (kie caps
 * prompts at 10,000 characters).
 */
export const defaultMaxBodyBytes = 1024 * 1024
/**
 * Largest body of an upload operation, in bytes (20 MiB): kie.ai takes files up to 10 MB, 13.4 MB once base64-encoded.
 */
export const defaultMaxUploadBytes = 20 * 1024 * 1024
/** Deepest nesting of arrays and objects a JSON body may have (64 levels): no provider document nests past 6. */
export const maxBodyDepth = 64
/** Longest text of a request an error echoes back (a scenario name, a model, a task id), in characters. */
export const maxEchoLength = 200
/**
 * Largest body kept whole in the request and callback logs (`/__mock/requests`, `/__mock/callbacks`), in bytes of its
 * JSON (16 KiB).
 */
export const maxLoggedBodyBytes = 16 * 1024

/** Limits of the request bodies a mock reads. */
export interface BodyLimits {
  /** Largest body of every operation but uploads, in bytes. Default: 1048576 (1 MiB). */
  maxBodyBytes?: number
  /** Largest body of an upload operation, in bytes. Default: 20971520 (20 MiB). */
  maxUploadBytes?: number
}

/** Thrown by a body reader when a body passes its limit; the host answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is over the mock's limit of ${limitBytes} bytes; send a smaller body`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * True when `value` nests arrays and objects deeper than `limit`. Iterative with an explicit stack (no kept
 * library walks JSON without recursion), so a body nested 100,000 deep is measured, not a stack overflow.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth + 1 > limit) return true
    for (const item of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof item === 'object' && item !== null) pending.push({ value: item, depth: depth + 1 })
    }
  }
  return false
}

/** Every string inside a JSON value, depth first, in document order; iterative for the same reason. */
export function* stringsOf(value: unknown): Generator<string> {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const current = pending.pop()
    if (typeof current === 'string') yield current
    else if (typeof current === 'object' && current !== null) {
      const items = Array.isArray(current) ? current : Object.values(current)
      for (let index = items.length - 1; index >= 0; index--) pending.push(items[index])
    }
  }
}

/** `text` cut to {@link maxEchoLength} characters, saying how long it was, so an error never echoes a whole body. */
export function echo(text: string): string {
  return text.length <= maxEchoLength ? text : `${text.slice(0, maxEchoLength)}… (${text.length} characters)`
}

/** A body as the logs keep it: whole up to {@link maxLoggedBodyBytes} of JSON, else a note of its size. */
export function loggedBody(body: unknown): unknown {
  if (body === undefined) return undefined
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const bytes = new TextEncoder().encode(text).length
  return bytes <= maxLoggedBodyBytes ? body : `(body of ${bytes} bytes, over the log's ${maxLoggedBodyBytes}; not kept)`
}

/** UTF-8 length of a JSON value, the measure the task store's byte bound counts. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length
}
