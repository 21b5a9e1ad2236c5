import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultMaxBodyBytes, lifecycleFamilies, maxBodyDepth, maxLoggedBodyBytes } from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { createMockHandlers, type MockHandlers } from '@sorakit/mock-msw'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleRole, sellsModel } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// Issue 19 in-process: the MSW handlers refuse what the servers refuse, in the provider's envelope.

const headers = { Authorization: 'Bearer msw-hardening', 'Content-Type': 'application/json' }
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const handlers = new Map<string, MockHandlers>(
  mockProviders.map((provider) => [
    provider.table.id,
    createMockHandlers({ provider: provider.table.id as never, lifecycleMs: 0 }),
  ]),
)
const server = setupServer(...[...handlers.values()].flat())
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  for (const each of handlers.values()) each.engine.stop()
})

describe('createMockHandlers base URLs', () => {
  it.each(['127.0.0.1:4129', 'localhost:4129/api', 'ftp://127.0.0.1:4129', '/relative'])(
    'refuses %j, which would intercept nothing',
    (baseUrl) => {
      const provider = mockProviders[0]!.table.id as never
      expect(() => createMockHandlers({ provider, baseUrl })).toThrow(
        'baseUrl must be an absolute http: or https: URL such as http://127.0.0.1:4129',
      )
      expect(() => createMockHandlers({ provider, uploadBaseUrl: baseUrl })).toThrow(
        'uploadBaseUrl must be an absolute http: or https: URL',
      )
    },
  )
})

for (const provider of mockProviders) {
  const { table } = provider
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const engine = handlers.get(table.id)!.engine
  const entries = listOperations(document, table)
  const create = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'create')!
  const status = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'status')!
  const sample = requestSamples(document, create, 'required').find((candidate) => sellsModel(table, candidate))!
  const api = table.servers['api']!
  const post = (body: string) => fetch(`${api}${create.path}`, { method: 'POST', headers, body })
  const envelopeMessage = async (answer: Response) => {
    const body = (await answer.json()) as Record<string, unknown>
    expect(body['code']).toBe(family.statusCodeInBody === false ? undefined : answer.status)
    return String(body[family.messageField])
  }

  describe(`${table.displayName} MSW handlers: hostile requests`, () => {
    it(`answer a create nested 5,000 deep with ${engine.validationStatus} in the envelope`, async () => {
      const answer = await post(JSON.stringify(sample.body).replace(/^\{/, `{"nested": ${nestedArrays(5_000)},`))
      expect(answer.status).toBe(engine.validationStatus)
      expect(await envelopeMessage(answer)).toContain(`deeper than ${maxBodyDepth} levels`)
    })

    it('answer POST /__mock/next nested 100,000 deep with 400', async () => {
      const answer = await fetch(`${api}/__mock/next`, {
        method: 'POST',
        headers,
        body: `{"scenarios": ${nestedArrays(100_000)}}`,
      })
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: string }).error).toContain(`deeper than ${maxBodyDepth} levels`)
    })

    it(`refuse a body over ${defaultMaxBodyBytes} bytes with 413 in the envelope`, async () => {
      const answer = await post(
        JSON.stringify({ ...(sample.body as Record<string, unknown>), padding: 'x'.repeat(defaultMaxBodyBytes) }),
      )
      expect(answer.status).toBe(413)
      expect(await envelopeMessage(answer)).toContain(`limit of ${defaultMaxBodyBytes} bytes`)
    })

    it(`keep a body over ${maxLoggedBodyBytes} bytes out of /__mock/requests, noting its size`, async () => {
      engine.reset()
      const answer = await post(
        JSON.stringify({ ...(sample.body as Record<string, unknown>), padding: 'x'.repeat(maxLoggedBodyBytes) }),
      )
      await answer.text()
      const [recorded] = (await (await fetch(`${api}/__mock/requests`)).json()) as Array<{ body: unknown }>
      expect(recorded!.body).toMatch(
        new RegExp(`^\\(body of \\d+ bytes, over the log's ${maxLoggedBodyBytes}; not kept\\)$`),
      )
    })

    if (/\{[^}]+\}/.test(status.path)) {
      it('answer a malformed percent-encoded task id as an unknown task, in the envelope', async () => {
        const answer = await fetch(`${api}${status.path.replace(/\{[^}]+\}/, '%ZZ')}`, { headers })
        expect(answer.status).toBe(404)
        expect(await envelopeMessage(answer)).toContain('%ZZ')
      })
    }

    it('need Content-Type: application/json for admin writes (415 naming the header)', async () => {
      const answer = await fetch(`${api}/__mock/next`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: '{"scenarios": ["fail"]}',
      })
      expect(answer.status).toBe(415)
      expect(((await answer.json()) as { error: string }).error).toContain(
        'POST /__mock/next needs the header Content-Type: application/json',
      )
    })
  })
}
