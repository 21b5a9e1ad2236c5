import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One answer: status (default 200), content type, body and extra headers. */
export type Answer = { status?: number; contentType: string; body: string; headers?: Record<string, string> }

/**
 * What the fixture server answers on one path; `hang` never answers (for timeouts); a `sequence`
 * answers its entries in turn, the last one for ever (a throttled route that recovers, or not).
 */
export type Route = Answer | 'hang' | { sequence: Answer[] }

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  routes: Map<string, Route>
  /** Paths requested, in order. */
  requested: string[]
  /** The Authorization header of each request, in the order of `requested`. */
  authorizations: Array<string | undefined>
  close(): Promise<void>
}

/** A real node:http server on loopback serving fixture pages; unknown paths get 404. */
export async function startLoopbackServer(routes: Record<string, Route> = {}): Promise<LoopbackServer> {
  const table = new Map(Object.entries(routes))
  const requested: string[] = []
  const authorizations: Array<string | undefined> = []
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const served = requested.filter((earlier) => earlier === path).length
    requested.push(path)
    authorizations.push(request.headers.authorization)
    const route = table.get(path)
    if (route === 'hang') return
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    const answer = 'sequence' in route ? route.sequence[Math.min(served, route.sequence.length - 1)]! : route
    response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType, ...answer.headers }).end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    routes: table,
    requested,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A port on loopback that nothing listens on: a server is started, its port noted, and closed. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
