import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mockProviders } from '../src/mock-providers.js'
import {
  listOperations,
  readBundledDocument,
  responseExamples,
  successStatus,
  validationErrorStatus,
} from '../src/openapi-operations.js'
import { invalidRequests, requestSamples, type InvalidRequest } from '../src/request-samples.js'
import { send, startCallbackSink, withLocalCallbacks, type CallbackSink, type MockAnswer } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// Every operation of every bundled document, requests derived from the documents themselves (every model of a
// oneOf body), sent through the generated clients to Prism started with --errors by the global setup.
// Each request carries `Prefer: code=<status>`: it asks Prism for the documented example, past the lifecycle
// layer (lifecycle.test.ts covers what a request without it gets).

let sink: CallbackSink
beforeAll(async () => (sink = await startCallbackSink()))
afterAll(() => sink.close())

function expectDocumented(answer: MockAnswer, examples: ReadonlyArray<{ value: unknown }>): void {
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
  expect(examples.map((example) => example.value)).toContainEqual(answer.body)
}

function describeInvalid(request: InvalidRequest): string {
  return `${request.variant ?? ''} ${request.kind}${request.field ? ` (${request.field})` : ''}`.trim()
}

for (const provider of mockProviders) {
  const document = readBundledDocument(repositoryRoot, provider.table.id)
  describe(`${provider.table.displayName} contract`, () => {
    for (const entry of listOperations(document, provider.table)) {
      describe(`${entry.method.toUpperCase()} ${entry.path} (${entry.operationId})`, () => {
        const success = successStatus(entry)
        for (const fields of ['required', 'all'] as const) {
          for (const request of requestSamples(document, entry, fields)) {
            it(`accepts ${request.variant ?? 'a request'} with ${fields} fields`, async () => {
              const answer = await send(provider.table, entry, withLocalCallbacks(entry, request, sink.url), {
                prefer: `code=${success}`,
              })
              expect(answer.headers.get('sl-violations'), 'Prism found violations').toBeNull()
              expect(answer.status).toBe(Number(success))
              expectDocumented(answer, responseExamples(entry.responses[success]!))
            })
          }
        }
        for (const request of invalidRequests(document, entry)) {
          it(`answers ${describeInvalid(request)} with the provider's error shape`, async () => {
            const status = request.kind === 'missing-credentials' ? '401' : validationErrorStatus(entry)
            expect(
              status,
              `${entry.operationId} documents no 422 or 400 response, so Prism would answer problem+json`,
            ).toBeDefined()
            const answer = await send(provider.table, entry, withLocalCallbacks(entry, request, sink.url), {
              withoutCredentials: request.kind === 'missing-credentials',
              prefer: `code=${status}`,
            })
            expect(answer.headers.get('sl-violations'), 'Prism saw no violation').not.toBeNull()
            expect(answer.status).toBe(Number(status))
            expectDocumented(answer, responseExamples(entry.responses[status!]!))
          })
        }
      })
    }
  })
}
