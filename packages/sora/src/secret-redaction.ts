import { isPlainObject } from './parameter-check.js'

const redacted = '[redacted]'

/**
 * Removes `secret` from everything an error shows: message, stack, the response body it keeps,
 * provider codes, and its cause chain. A provider (or a proxy) may echo the Authorization header
 * into an error body, and a caller may paste the key into an option; neither may leak into logs.
 */
export function redactSecret<T>(error: T, secret: string, depth = 0): T {
  if (!(error instanceof Error) || depth > 5) return error
  const target = error as unknown as Record<string, unknown>
  for (const key of ['message', 'stack', 'responseBody', 'code', 'field']) {
    const value = target[key]
    if (typeof value === 'string' && value.includes(secret)) {
      Object.defineProperty(error, key, { value: value.split(secret).join(redacted), writable: true, configurable: true, enumerable: Object.prototype.propertyIsEnumerable.call(error, key) })
    }
  }
  const failure = target['failure']
  if (isPlainObject(failure) && leaks(failure, secret)) {
    const clean = Object.fromEntries(Object.entries(failure).map(([key, value]) => [key, typeof value === 'string' ? value.split(secret).join(redacted) : value]))
    Object.defineProperty(error, 'failure', { value: clean, writable: true, configurable: true, enumerable: true })
  }
  const cause = target['cause']
  if (cause instanceof Error) redactSecret(cause, secret, depth + 1)
  else if (cause !== undefined && leaks(cause, secret)) Object.defineProperty(error, 'cause', { value: redacted, writable: true, configurable: true })
  return error
}

function leaks(value: unknown, secret: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(secret)
  if (depth > 10 || (!isPlainObject(value) && !Array.isArray(value))) return false
  return Object.values(value).some((item) => leaks(item, secret, depth + 1))
}
