// The provider for the getTask bench: a node:http server on loopback answering recordInfo with
// kie.ai's documented `success` example. Runs in its own process so its work is not billed to
// the client being measured. Prints its port, then serves until killed.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const document = JSON.parse(readFileSync(require.resolve('@sorakit/kie/openapi.json'), 'utf8'))
const success =
  document.paths['/api/v1/jobs/recordInfo'].get.responses['200'].content['application/json'].examples.success.value
const body = Buffer.from(JSON.stringify(success))
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) }

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    response.writeHead(200, headers)
    response.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
