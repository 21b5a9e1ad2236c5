import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mockProviders } from '../src/mock-providers.js'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { send, startCallbackSink, withLocalCallbacks, type CallbackSink } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// Prism fires the OpenAPI `callbacks` of an operation after answering it; a local HTTP server receives them.

let sink: CallbackSink
beforeAll(async () => (sink = await startCallbackSink()))
afterAll(() => sink.close())

for (const provider of mockProviders) {
  const document = readBundledDocument(repositoryRoot, provider.table.id)
  // The whole document is registered so the callback schemas' $refs resolve; OpenAPI keywords are not JSON Schema ones.
  const ajv = new Ajv2020({ strict: false, validateFormats: false })
  ajv.addSchema({ ...document, $id: 'document' })
  const withCallbacks = listOperations(document, provider.table).filter((entry) => entry.callbacks.length > 0)
  describe.runIf(withCallbacks.length > 0)(`${provider.table.displayName} callbacks`, () => {
    for (const entry of withCallbacks) {
      for (const request of requestSamples(document, entry, 'all')) {
        const callbacks = entry.callbacks.filter((callback) => callback.requestBodyField?.length === 1 && callback.requestBodyField[0]! in (request.body as object))
        if (callbacks.length === 0) continue
        it(`${entry.operationId} ${request.variant ?? ''}: Prism POSTs ${callbacks.map((callback) => callback.name).join(' and ')} to the URL in the request`, async () => {
          const path = `/${provider.table.id}/${request.variant ?? entry.operationId}`
          const answer = await send(provider.table, entry, withLocalCallbacks(entry, request, sink.url + path))
          expect(answer.status).toBe(200)
          for (const callback of callbacks) {
            const delivery = await sink.next(`${path}/${callback.name}`)
            expect(delivery.headers['content-type']).toMatch(/^application\/json/)
            const valid = ajv.validate({ $ref: `document${callback.bodySchemaPointer}` }, delivery.body)
            expect(ajv.errors ?? [], `the ${callback.name} body follows ${callback.bodySchemaPointer}`).toEqual([])
            expect(valid).toBe(true)
            // The recordInfo shape: the envelope around a task record.
            expect(delivery.body).toMatchObject({ code: expect.any(Number), msg: expect.any(String), data: { taskId: expect.any(String), state: expect.any(String) } })
          }
        })
      }
    }
  })
}

describe('callback coverage', () => {
  it('kie declares taskCompleted and taskProgress on createTask, Apikley taskCompleted', () => {
    const names = (id: string) => listOperations(readBundledDocument(repositoryRoot, id), mockProviders.find((provider) => provider.table.id === id)!.table).flatMap((entry) => entry.callbacks.map((callback) => `${entry.operationId}:${callback.name}`))
    expect(names('kie')).toEqual(['createTask:taskCompleted', 'createTask:taskProgress'])
    expect(names('apikley')).toEqual(['createTask:taskCompleted'])
  })
})
