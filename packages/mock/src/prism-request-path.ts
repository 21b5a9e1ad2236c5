import http, { type IncomingMessage, type ServerResponse } from 'node:http'

/** Answers a request before Prism sees it; returns false to leave it to Prism. */
export type FrontHandler = (request: IncomingMessage, response: ServerResponse) => boolean

/**
 * Runs `create` (prism-http-server's createServer) and puts `front` in that server's request path, before
 * Prism. prism-http-server offers no hook there and keeps its Node server private; it builds it
 * synchronously through micri with `http.createServer`, so that one call is watched for the duration of
 * `create` (no other code runs meanwhile) and the server it returns gets `front` before its own listener.
 */
export function withFrontHandler<T>(create: () => T, front: FrontHandler): T {
  const createServer = http.createServer
  const created: http.Server[] = []
  http.createServer = ((...args: Parameters<typeof http.createServer>) => {
    const server = createServer(...args)
    created.push(server)
    return server
  }) as typeof http.createServer
  let result: T
  try {
    result = create()
  } finally {
    http.createServer = createServer
  }
  const [server] = created
  if (created.length !== 1 || server === undefined) {
    throw new Error(`prism-http-server created ${created.length} servers through http.createServer instead of 1: the mock's own routes (/docs) need another hook`)
  }
  const prismListeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[]
  server.removeAllListeners('request')
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (front(request, response)) return
    for (const listener of prismListeners) listener.call(server, request, response)
  })
  return result
}

/**
 * The CORS headers Prism puts on every answer when `cors` is on (prism-http-server's setCommonCORSHeaders),
 * for the answers the mock gives itself, so that a page on another origin sees no difference.
 * Hand-written because prism-http-server does not export it; packages/mock/test/cors.test.ts compares both.
 */
export function prismCorsHeaders(request: IncomingMessage): Record<string, string> {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value)
  return {
    'access-control-allow-origin': single(request.headers.origin) || '*',
    'access-control-allow-headers': single(request.headers['access-control-request-headers']) || '*',
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': single(request.headers['access-control-expose-headers']) || '*',
  }
}
