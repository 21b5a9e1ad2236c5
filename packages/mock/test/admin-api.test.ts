import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { isScenarioName } from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { createMockHandlers } from '@sorakit/mock-msw'
import { listOperations, readBundledDocument, type OperationEntry } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleRole, sellsModel } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// The admin API (`/__mock/`), answered by the lifecycle engine that serves both the mock server and
// `@sorakit/mock/msw`: on an engine of its own, in-process, because scripting the next outcomes and
// resetting would change the tasks of every other test on the run's shared mock host. What only the
// server adds (loopback hosts, JSON content type, no CORS) is hardening.test.ts's, against that host.

const headers = { Authorization: 'Bearer admin-test', 'Content-Type': 'application/json' }

describe('admin API', () => {
  const provider = mockProviders[0]!
  const handlers = createMockHandlers({ provider: provider.table.id as never, lifecycleMs: 400 })
  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => {
    server.close()
    handlers.engine.stop()
  })
  const ownUrls = () => ({ [provider.table.id]: provider.table.servers['api']! })
  const url = (path: string) => `${ownUrls()[provider.table.id]}/__mock${path}`
  const document = readBundledDocument(repositoryRoot, provider.table.id)
  const create = listOperations(document, provider.table).find(
    (entry: OperationEntry) => lifecycleRole(provider.table.id, document, entry) === 'create',
  )!
  const sample = requestSamples(document, create, 'required').find((candidate) => sellsModel(provider.table, candidate))

  it('scripts the outcome of the next tasks, lists requests and tasks, and resets', async () => {
    expect((await fetch(url('/reset'), { method: 'POST', headers })).status).toBe(200)
    const scripted = await fetch(url('/next'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ scenarios: ['insufficient-credits', 'fail'] }),
    })
    expect(await scripted.json()).toEqual({ scripted: ['insufficient-credits', 'fail'] })
    const refused = await fetch(`${ownUrls()[provider.table.id]}${create.path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(sample!.body),
    })
    expect(refused.status).not.toBe(200)
    const accepted = await fetch(`${ownUrls()[provider.table.id]}${create.path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(sample!.body),
    })
    expect(accepted.status).toBe(200)
    const tasks = (await (await fetch(url('/tasks'))).json()) as Array<{ scenario: string }>
    expect(tasks.map((task) => task.scenario)).toEqual(['fail'])
    const requests = (await (await fetch(url('/requests'))).json()) as Array<{
      method: string
      path: string
      status: number
    }>
    expect(requests.map((request) => [request.path, request.status])).toEqual([
      [create.path, refused.status],
      [create.path, 200],
    ])
    expect((await fetch(url('/reset'), { method: 'POST', headers })).status).toBe(200)
    expect(await (await fetch(url('/tasks'))).json()).toEqual([])
    const summary = (await (await fetch(url(''))).json()) as { scenarios: Record<string, unknown> }
    expect(Object.keys(summary.scenarios).every(isScenarioName)).toBe(true)
  })

  it.each([
    ['POST', '/next', '{"scenarios": ["explode"]}', 400, 'Unknown scenario "explode"'],
    ['POST', '/next', '{"scenarios": []}', 400, 'needs a JSON body {"scenarios"'],
    ['POST', '/next', 'not json', 400, 'not valid JSON'],
    ['GET', '/next', undefined, 400, 'use POST /__mock/next'],
    ['POST', '/tasks', '{}', 400, 'use GET /__mock/tasks'],
    ['GET', '/nothing-here', undefined, 404, 'No admin route /__mock/nothing-here'],
  ] as const)('%s /__mock%s %s answers %i saying why', async (method, path, body, statusCode, message) => {
    const answer = await fetch(url(path), { method, headers, ...(body === undefined ? {} : { body }) })
    expect(answer.status).toBe(statusCode)
    expect(((await answer.json()) as { error: string }).error).toContain(message)
  })
})
