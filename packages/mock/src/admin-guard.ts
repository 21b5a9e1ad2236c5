// Who may call the admin API (`/__mock/`) of a server: it resets and scripts the mock and lists every
// request, so a web page open in the same browser must not reach it. The provider routes stay CORS-open.

/** Host names the admin API answers by default: the loopback names a DNS-rebinding page cannot take. */
const loopbackHostNames: readonly string[] = ['localhost', '*.localhost', '127.0.0.0/8', '[::1]']

/** The host name of a `Host` header (no port), or undefined when it is not a host[:port]. */
function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined
  try {
    const url = new URL(`http://${hostHeader}`)
    // `a/b`, `a?b` or `u@a` parse into a path, query or user: only a bare host[:port] is a Host header.
    const bare =
      url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && !hostHeader.includes('/')
    return bare ? url.hostname : undefined
  } catch {
    return undefined
  }
}

function isLoopback(hostName: string): boolean {
  return (
    hostName === 'localhost' ||
    hostName.endsWith('.localhost') ||
    hostName === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostName)
  )
}

/**
 * Why an admin request is refused, or undefined when it may go on: its Host must be a loopback name or one
 * of `extraHosts` (`*` allows any), and a request a browser marks as coming from a page (`Origin`) must come
 * from the mock's own origin.
 */
export function adminRefusal(
  headers: Readonly<Record<string, string | undefined>>,
  extraHosts: readonly string[],
): string | undefined {
  const hostName = hostNameOf(headers['host'])
  const allowed =
    hostName !== undefined &&
    (isLoopback(hostName) || extraHosts.includes('*') || extraHosts.some((extra) => extra.toLowerCase() === hostName))
  if (!allowed) {
    return `The admin API answers Host names ${loopbackHostNames.join(', ')}${extraHosts.length > 0 ? `, ${extraHosts.join(', ')}` : ''} only; got Host ${JSON.stringify((headers['host'] ?? '').slice(0, 100))}. Call it through a loopback address, or allow this name with --admin-host (SORAKIT_MOCK_ADMIN_HOSTS, startMocks adminHosts)`
  }
  const origin = headers['origin']
  if (origin !== undefined && origin !== `http://${headers['host']}`) {
    return `The admin API does not answer requests from web pages of another origin (Origin ${JSON.stringify(origin.slice(0, 100))}); call it from your tests or a terminal`
  }
  return undefined
}
