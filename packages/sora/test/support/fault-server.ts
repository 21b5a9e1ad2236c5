import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SeenRequest {
  method: string
  path: string
  body: string
}

export type FaultHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  seen: SeenRequest,
  index: number,
) => void

/** A real HTTP server on loopback that answers each request with the handler's chosen fault. */
export interface FaultServer {
  url: string
  port: number
  requests: SeenRequest[]
  close(): Promise<void>
}

export async function startFaultServer(handler: FaultHandler, port = 0): Promise<FaultServer> {
  const requests: SeenRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const seen = {
        method: request.method ?? '',
        path: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(seen)
      handler(request, response, seen, requests.length - 1)
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendJson(
  response: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

/** Sends headers and half a body, then stalls until the client gives up. */
export function stallBody(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
  response.write('{"code":200,"msg":"succ')
}

/** A port nothing listens on (for connection-refused cases). */
export async function freePort(): Promise<number> {
  const server = await startFaultServer(() => undefined)
  await server.close()
  return server.port
}
