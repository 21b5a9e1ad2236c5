import { isPlainObject } from './parameter-check.js'

const redacted = '[redacted]'
// What an error carries besides its text: the failure, and the normalised task(s) with their raw payloads.
const carriedData = ['failure', 'task', 'lastTask'] as const

/**
 * Removes `secret` from everything an error shows or carries: message, stack, the response body it
 * keeps, provider codes, its failure and tasks (raw payloads included), and its cause chain. A
 * provider (or a proxy) may echo the Authorization header into an error body or a task's failure
 * message, and a caller may paste the key into an option; neither may leak into logs.
 */
export function redactSecret<T>(error: T, secret: string, depth = 0): T {
  if (!(error instanceof Error) || depth > 5) return error
  const target = error as unknown as Record<string, unknown>
  for (const key of ['message', 'stack', 'responseBody', 'code', 'field']) {
    const value = target[key]
    if (typeof value === 'string' && value.includes(secret)) replace(error, key, without(value, secret))
  }
  for (const key of carriedData) {
    const value = target[key]
    if (value !== undefined && leaks(value, secret)) replace(error, key, redactDeep(value, secret))
  }
  const cause = target['cause']
  if (cause instanceof Error) redactSecret(cause, secret, depth + 1)
  else if (cause !== undefined && leaks(cause, secret)) replace(error, 'cause', redacted)
  return error
}

// Keeps whether the property shows in JSON and inspection: `task` and `lastTask` are non-enumerable.
function replace(error: Error, key: string, value: unknown): void {
  const enumerable = Object.prototype.propertyIsEnumerable.call(error, key)
  Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable })
}

function without(text: string, secret: string): string {
  return text.split(secret).join(redacted)
}

function redactDeep(value: unknown, secret: string, depth = 0): unknown {
  if (typeof value === 'string') return without(value, secret)
  if (depth > 10) return value
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secret, depth + 1))
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, secret, depth + 1)]))
  return value
}

function leaks(value: unknown, secret: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(secret)
  if (depth > 10 || (!isPlainObject(value) && !Array.isArray(value))) return false
  return Object.values(value).some((item) => leaks(item, secret, depth + 1))
}
