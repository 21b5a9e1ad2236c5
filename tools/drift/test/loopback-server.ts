import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the fixture server answers on one path; `hang` never answers (for timeouts). */
export type Route = { status?: number; contentType: string; body: string } | 'hang'

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  routes: Map<string, Route>
  /** Paths requested, in order. */
  requested: string[]
  close(): Promise<void>
}

/** A real node:http server on loopback serving fixture pages; unknown paths get 404. */
export async function startLoopbackServer(routes: Record<string, Route> = {}): Promise<LoopbackServer> {
  const table = new Map(Object.entries(routes))
  const requested: string[] = []
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    requested.push(path)
    const route = table.get(path)
    if (route === 'hang') return
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    response.writeHead(route.status ?? 200, { 'content-type': route.contentType }).end(route.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    routes: table,
    requested,
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
