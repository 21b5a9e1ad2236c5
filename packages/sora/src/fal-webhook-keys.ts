import { ValidationError, WebhookVerificationError } from './sora-errors.js'

/**
 * fal's public webhook keys (a JWKS of Ed25519 keys, `kty: OKP`). fal's webhook guide names this URL and
 * asks receivers to cache the set for at most 24 hours, as fal rotates its keys.
 */
export const falWebhookJwksUrl = 'https://rest.fal.ai/.well-known/jwks.json'

/**
 * Where `verifyFalWebhook` gets fal's public keys: `falWebhookKeys()` fetches them, `staticFalWebhookKeys` holds a set.
 */
export interface FalWebhookKeySource {
  /**
   * The keys to try. `refresh` is true after no cached key verified a signature: a source that can fetch
   * does so (at most once per `minRefreshIntervalMs`) to pick up a rotated key.
   */
  keys(refresh: boolean): Promise<readonly CryptoKey[]>
}

/** Options of {@link falWebhookKeys}. */
export interface FalWebhookKeysOptions {
  /** The JWKS URL. Default: {@link falWebhookJwksUrl}. */
  url?: string
  /** The fetch used. Default: `globalThis.fetch`. */
  fetch?: typeof fetch
  /** How long a fetched set is used before it is fetched again. Default: 86400000 (24 h, fal's limit). */
  cacheMs?: number
  /**
   * Shortest time between two fetches that an unknown signature asks for, so forged callbacks cannot flood fal.
   * Default: 60000.
   */
  minRefreshIntervalMs?: number
  /** Deadline of one JWKS request, body included. Default: 10000. */
  timeoutMs?: number
  /** Largest JWKS body read. Default: 65536 bytes. */
  maxBytes?: number
  /** Current time in ms. Default: `Date.now`. */
  now?: () => number
}

/** A JSON Web Key Set as fal serves it; only Ed25519 keys (`kty: OKP`, `crv: Ed25519`) are used. */
export interface FalJsonWebKeySet {
  keys: ReadonlyArray<{ kty?: string; crv?: string; x?: string }>
}

/**
 * fal's keys fetched from its JWKS, cached for `cacheMs`, fetched again when a signature matches none of
 * them (key rotation). A failed fetch is a WebhookVerificationError (`keys-unavailable`): the verifier fails
 * closed. One request at a time: concurrent callbacks share it.
 */
export function falWebhookKeys(options: FalWebhookKeysOptions = {}): FalWebhookKeySource {
  const settings = checkedKeysOptions(options)
  let cached: { keys: readonly CryptoKey[]; fetchedAt: number } | undefined
  let inFlight: Promise<readonly CryptoKey[]> | undefined
  let lastFetchAt = Number.NEGATIVE_INFINITY
  const fetchKeys = (): Promise<readonly CryptoKey[]> => {
    inFlight ??= (async () => {
      lastFetchAt = settings.now()
      try {
        const keys = await importKeySet(await downloadKeySet(settings), `The JWKS at ${settings.url}`)
        cached = { keys, fetchedAt: settings.now() }
        return keys
      } finally {
        inFlight = undefined
      }
    })()
    return inFlight
  }
  return {
    keys(refresh) {
      const nowMs = settings.now()
      if (cached === undefined || nowMs - cached.fetchedAt >= settings.cacheMs) return fetchKeys()
      if (refresh && nowMs - lastFetchAt >= settings.minRefreshIntervalMs) return fetchKeys()
      return Promise.resolve(cached.keys)
    },
  }
}

/** A fixed key set (fal's JWKS saved, or a test's): never fetched. */
export function staticFalWebhookKeys(keySet: FalJsonWebKeySet): FalWebhookKeySource {
  const keys = importKeySet(keySet, 'The key set given')
  // Reported when asked for: a bad set must not also be an unhandled rejection at construction.
  keys.catch(() => undefined)
  return { keys: () => keys }
}

type CheckedKeysOptions = Required<Omit<FalWebhookKeysOptions, 'fetch'>> & { fetch: typeof fetch }

function checkedKeysOptions(options: FalWebhookKeysOptions): CheckedKeysOptions {
  const {
    url = falWebhookJwksUrl,
    fetch = globalThis.fetch,
    cacheMs = 86_400_000,
    minRefreshIntervalMs = 60_000,
    timeoutMs = 10_000,
    maxBytes = 65_536,
    now = Date.now,
  } = options
  if (!/^https?:\/\//.test(String(url)))
    throw new ValidationError('url must be an absolute http(s) URL of a JWKS', { field: 'url' })
  if (typeof fetch !== 'function') throw new ValidationError('fetch must be a function', { field: 'fetch' })
  if (typeof now !== 'function') throw new ValidationError('now must be a function', { field: 'now' })
  for (const [field, value] of Object.entries({ cacheMs, minRefreshIntervalMs, timeoutMs, maxBytes })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new ValidationError(`${field} must be a finite number >= 0`, { field })
  }
  return { url, fetch, cacheMs, minRefreshIntervalMs, timeoutMs, maxBytes, now }
}

async function downloadKeySet(settings: CheckedKeysOptions): Promise<unknown> {
  const signal = AbortSignal.timeout(settings.timeoutMs)
  let text: string
  try {
    const answer = await settings.fetch(settings.url, { signal, headers: { accept: 'application/json' } })
    if (!answer.ok) throw new Error(`it answered HTTP ${answer.status}`)
    const length = Number(answer.headers.get('content-length') ?? 0)
    if (length > settings.maxBytes) throw new Error(`its body is over ${settings.maxBytes} bytes`)
    const bytes = new Uint8Array(await answer.arrayBuffer())
    if (bytes.byteLength > settings.maxBytes) throw new Error(`its body is over ${settings.maxBytes} bytes`)
    text = new TextDecoder().decode(bytes)
    return JSON.parse(text)
  } catch (error) {
    const why = signal.aborted ? `no answer within ${settings.timeoutMs} ms` : (error as Error).message
    throw new WebhookVerificationError(`fal's webhook keys could not be fetched from ${settings.url}: ${why}`, {
      reason: 'keys-unavailable',
      cause: error,
    })
  }
}

// WebCrypto imports an Ed25519 JWK directly (Node >= 20.19, current browsers): no JOSE library is needed,
// and fal signs a plain message, not a JWS, so a JWS verifier would not fit anyway.
async function importKeySet(keySet: unknown, source: string): Promise<readonly CryptoKey[]> {
  const entries = (keySet as FalJsonWebKeySet | null)?.keys
  const usable = Array.isArray(entries)
    ? entries.filter((key) => key?.kty === 'OKP' && key.crv === 'Ed25519' && typeof key.x === 'string')
    : []
  const keys = await Promise.all(
    usable.map((key) =>
      globalThis.crypto.subtle
        .importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: key.x }, { name: 'Ed25519' }, false, ['verify'])
        .catch(() => undefined),
    ),
  )
  const imported = keys.filter((key): key is CryptoKey => key !== undefined)
  if (imported.length === 0)
    throw new WebhookVerificationError(`${source} holds no usable Ed25519 key (kty OKP, crv Ed25519, x)`, {
      reason: 'keys-unavailable',
    })
  return imported
}
