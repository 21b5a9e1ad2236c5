import { isPlainObject } from './parameter-check.js'

const redacted = '[redacted]'

/**
 * The longest texts an error shows, in characters, cut after the key is redacted (`…` then how
 * many were left out): a 10 MB error page or message must not become a 10 MB log line.
 */
const errorTextLimits: Readonly<Record<string, number> & { other: number }> = {
  message: 1000,
  responseBody: 2000,
  stack: 4000,
  other: 1000,
}

/**
 * Keys shorter than this are redacted only where they stand as a whole token: between the start or
 * end of the text, whitespace, quotes and the separators of headers, URLs and JSON
 * (`= : , ; & ? / ( ) [ ] { } < >`). A one-letter test key must not turn `kie.ai` into
 * `[redacted]ie.ai`, yet `Bearer k` and `?key=k&` lose it. Longer keys are redacted wherever they
 * appear. Provider keys are 32 characters or more.
 */
const minimumKeyLengthForSubstringRedaction = 8

/** `text` with `secret` replaced wherever it appears, spelled as is, JSON-escaped or URL-encoded. */
function redactText(text: string, secret: string): string {
  const wholeTokensOnly = secret.length < minimumKeyLengthForSubstringRedaction
  let result = text
  for (const spelling of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
    result = wholeTokensOnly ? replaceTokens(result, spelling) : result.split(spelling).join(redacted)
  }
  return result
}

function replaceTokens(text: string, token: string): string {
  let result = ''
  let from = 0
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (at < from || !isTokenEdge(text[at - 1]) || !isTokenEdge(text[at + token.length])) continue
    result += text.slice(from, at) + redacted
    from = at + token.length
  }
  return from === 0 ? text : result + text.slice(from)
}

function isTokenEdge(character: string | undefined): boolean {
  return character === undefined || /[\s"'`=:,;&?/()[\]{}<>]/.test(character)
}

/**
 * Makes an error safe to show: removes `secret` from everything it shows or carries, then bounds
 * its texts (redacting first, so a cut can never leave a fragment of the key). It walks every
 * error reachable from it (causes and `AggregateError.errors`, at any depth, cycles included) and
 * every string of the data they carry (failures, tasks and their raw payloads, plain-object
 * causes), keys included. A provider (or a proxy) may echo the Authorization header into an error
 * body or a task's failure message, and a caller may paste the key into an option; neither may
 * leak into logs. Errors are changed in place; carried data that held the key is replaced by a
 * redacted copy. Iterative, so a payload nested 100,000 levels deep cannot overflow the stack.
 */
export function redactSecret<T>(error: T, secret: string): T {
  if (!(error instanceof Error)) return error
  const redact = (text: string) => redactText(text, secret)
  const pending: Error[] = [error]
  const queued = new Set<object>(pending)
  const queue = (found: Error) => {
    if (queued.has(found)) return
    queued.add(found)
    pending.push(found)
  }
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const target = current as unknown as Record<string, unknown>
    for (const key of Object.getOwnPropertyNames(current)) {
      const value = target[key]
      if (typeof value === 'string') {
        const safe = bounded(redact(value), errorTextLimits[key] ?? errorTextLimits.other)
        if (safe !== value) replace(current, key, safe)
      } else if (value instanceof Error) {
        queue(value)
      } else if (isContainer(value)) {
        const safe = redactedData(value, redact, queue)
        if (safe !== value) replace(current, key, safe)
      }
    }
  }
  return error
}

/**
 * Data the facade returns (a task, its failure and raw payload) with `secret` removed from every string
 * it carries, keys included: a provider may echo the Authorization header into a failure message. The
 * value itself when it holds no secret, else a redacted copy. Iterative, like redactSecret.
 */
export function redactSecretInData<T>(data: T, secret: string): T {
  if (!isContainer(data)) return data
  return redactedData(
    data,
    (text) => redactText(text, secret),
    () => undefined,
  ) as T
}

// Keeps whether the property shows in JSON and inspection: `task` and `lastTask` are non-enumerable.
function replace(error: Error, key: string, value: unknown): void {
  const enumerable = Object.prototype.propertyIsEnumerable.call(error, key)
  Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable })
}

function bounded(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isPlainObject(value)
}

/** `root` itself when no string in it (keys included) holds the secret, else a redacted copy. Errors inside are queued, kept by identity. */
function redactedData(
  root: Record<string, unknown> | unknown[],
  redact: (text: string) => string,
  queue: (error: Error) => void,
): unknown {
  if (!holdsSecret(root, redact, queue)) return root
  const copies = new Map<object, Record<string, unknown> | unknown[]>()
  const copyOf = (source: Record<string, unknown> | unknown[]) => {
    let copy = copies.get(source)
    if (copy === undefined) {
      copy = Array.isArray(source) ? new Array<unknown>(source.length) : {}
      copies.set(source, copy)
      work.push([source, copy])
    }
    return copy
  }
  const work: Array<[Record<string, unknown> | unknown[], Record<string, unknown> | unknown[]]> = []
  const rootCopy = copyOf(root)
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const [source, copy] = item
    for (const [key, value] of Object.entries(source)) {
      const safe = typeof value === 'string' ? redact(value) : isContainer(value) ? copyOf(value) : value
      // defineProperty, so a `__proto__` key stays a key.
      Object.defineProperty(copy, Array.isArray(copy) ? key : redact(key), {
        value: safe,
        writable: true,
        enumerable: true,
        configurable: true,
      })
    }
  }
  return rootCopy
}

function holdsSecret(
  root: Record<string, unknown> | unknown[],
  redact: (text: string) => string,
  queue: (error: Error) => void,
): boolean {
  const seen = new Set<object>([root])
  const pending: Array<Record<string, unknown> | unknown[]> = [root]
  let found = false
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const [key, value] of Object.entries(current)) {
      if (redact(key) !== key || (typeof value === 'string' && redact(value) !== value)) found = true
      else if (value instanceof Error) queue(value)
      else if (isContainer(value) && !seen.has(value)) {
        seen.add(value)
        pending.push(value)
      }
    }
  }
  return found
}
