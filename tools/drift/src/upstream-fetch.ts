/**
 * What fetching one upstream page gave: its text, or why there is none. A failed HTTP answer keeps
 * its status and Retry-After header, so a caller can tell throttling (429) from other failures.
 */
export type FetchOutcome =
  | { ok: true; text: string; contentType: string; retryAfter?: string }
  | { ok: false; reason: string; status?: number; retryAfter?: string }

export interface FetchOptions {
  /** Milliseconds before the request is abandoned. Default 15000. */
  timeoutMs?: number
  /** The fetch implementation. Default: the global fetch. */
  fetch?: typeof globalThis.fetch
}

const defaultTimeoutMs = 15_000

/**
 * Fetches a page for the drift check. Never throws: an offline machine, a refused connection, an
 * unknown host, a timeout or an HTTP error status all come back as a reason a maintainer can act on.
 */
export async function fetchUpstream(
  url: string,
  options: FetchOptions = {},
  headers: Record<string, string> = {},
): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  const fetchImplementation = options.fetch ?? globalThis.fetch
  try {
    const response = await fetchImplementation(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
      headers: {
        accept: 'text/markdown, text/plain, text/html, application/yaml, application/json;q=0.9, */*;q=0.5',
        ...headers,
      },
    })
    const retryAfter = response.headers.get('retry-after') ?? undefined
    if (!response.ok) {
      await response.body?.cancel()
      return {
        ok: false,
        reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}`,
        status: response.status,
        retryAfter,
      }
    }
    return {
      ok: true,
      text: await response.text(),
      contentType: response.headers.get('content-type') ?? '',
      retryAfter,
    }
  } catch (error) {
    return { ok: false, reason: describeFailure(error, url, timeoutMs) }
  }
}

function describeFailure(error: unknown, url: string, timeoutMs: number): string {
  const name = (error as { name?: string }).name
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer from ${url} within ${timeoutMs} ms (timeout)`
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const code = cause?.code
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found (offline, or the name does not resolve)',
    EAI_AGAIN: 'name lookup failed (offline?)',
    ECONNRESET: 'connection reset',
    ENETUNREACH: 'network unreachable (offline?)',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_HEADERS_TIMEOUT: 'no answer (headers timeout)',
  }
  if (code !== undefined) return `${known[code] ?? 'request failed'} (${code}) for ${url}`
  return `request failed for ${url}: ${cause?.message ?? (error as Error).message ?? String(error)}`
}
