import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failureFraction, lifecycleFamilies, requestsPortrait, type PhaseDeclaration } from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { createMockHandlers, sampleVideoBytes } from '@sorakit/mock-msw'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleApi, withMarker } from './lifecycle-api.js'
import { lifecycleRole, sellsModel } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// The timeline of a task, walked on a fake clock (the handlers' `now` option) instead of waited for:
// every state begins when the family's declared shares say, a failing task fails `failureFraction` of
// the way through, a stuck one never ends. The real-time walk against the server is lifecycle.test.ts.

const lifecycleMs = 1000
const step = 10
let clock = Date.UTC(2026, 11, 3)
const handlers = mockProviders.map((provider) =>
  createMockHandlers({ provider: provider.table.id as never, lifecycleMs, now: () => clock }),
)
const server = setupServer(...handlers.flat())
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  for (const each of handlers) each.engine.stop()
})

/** The running state the declared shares put `elapsed` ms into a lifecycle, or undefined once past them all. */
function declaredState(phases: readonly PhaseDeclaration[], elapsed: number): string | undefined {
  let start = 0
  for (const phase of phases) {
    const end = start + phase.share * lifecycleMs
    if (elapsed < end) return phase.state
    start = end
  }
  return undefined
}

type Answer = Record<string, unknown>
type Seen = { elapsed: number; answer: Answer; result?: unknown }

for (const { table } of mockProviders) {
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const api = lifecycleApi(table, document, () => table.servers['api']!)
  const sample = requestSamples(document, api.create, 'required').find((each) => sellsModel(table, each))!
  const createPaths = listOperations(document, table)
    .filter((entry) => lifecycleRole(table.id, document, entry) === 'create')
    .map((entry) => entry.path)

  /**
   * Creates a task at the current clock, then reads its status every `step` ms of fake time up to `untilMs`; a final
   * answer carries the result a family serves apart (fal's result route).
   */
  async function walk(body: unknown, untilMs: number, on = api): Promise<Seen[]> {
    const created = await on.post(body)
    expect(created.status).toBe(200)
    const taskId = on.taskIdOf((await created.json()) as Answer)
    const start = clock
    const seen: Seen[] = []
    for (let elapsed = 0; elapsed <= untilMs; elapsed += step) {
      clock = start + elapsed
      const answer = await fetch(on.statusUrl(taskId), { headers: { Authorization: 'Bearer timeline-test' } })
      expect(answer.status).toBe(200)
      const read = (await answer.json()) as Answer
      const result = on.isFinal(read) ? await on.resultOf(taskId) : undefined
      seen.push({ elapsed, answer: read, ...(result === undefined ? {} : { result }) })
    }
    return seen
  }
  const firstFinal = (seen: Seen[]) => seen.find((point) => api.isFinal(point.answer))

  describe(`${table.displayName} timeline on a fake clock`, () => {
    it('walks the declared states at their declared shares and succeeds at the lifecycle end, with media', async () => {
      const seen = await walk(sample.body, lifecycleMs)
      for (const { elapsed, answer } of seen) {
        const expected = declaredState(family.states.running, elapsed)
        if (expected === undefined) expect(api.isFinal(answer), `final at ${elapsed} ms`).toBe(true)
        else expect(api.stateOf(answer), `state at ${elapsed} ms`).toBe(expected)
      }
      expect(firstFinal(seen)?.elapsed).toBe(lifecycleMs)
      expect(JSON.stringify(seen.at(-1)!)).toContain('__mock/media')
    })

    it(`a failing task fails ${failureFraction * 100} % of the way through, without media`, async () => {
      const seen = await walk(withMarker(sample.body, 'fail'), lifecycleMs)
      const final = firstFinal(seen)!
      expect(final.elapsed).toBe(failureFraction * lifecycleMs)
      expect(JSON.stringify(final)).not.toContain('__mock/media')
    })

    it('a portrait request plays the portrait sample video, a landscape one the landscape video', async () => {
      // A model on sale whose aspect-ratio field (the table's mapping) offers a portrait value, of any create operation
      // (a modelIn 'path' provider has one per model).
      const portraitCase = createPaths
        .map((path) => lifecycleApi(table, document, () => table.servers['api']!, path))
        .flatMap((on) =>
          requestSamples(document, on.create, 'required').map((each) => ({ on, each, model: on.modelOf(each) })),
        )
        .filter(({ each, model }) => sellsModel(table, each) && model !== undefined)
        .flatMap(({ on, each, model }) => {
          const mapping = table.models[model!]!.commonParameters.aspectRatio
          const values = mapping === undefined ? [] : (table.models[model!]!.parameters[mapping.field]?.enum ?? [])
          const portrait = values.find((value) => requestsPortrait(mapping, { [mapping!.field]: value }))
          const landscape = values.find((value) => !requestsPortrait(mapping, { [mapping!.field]: value }))
          return portrait === undefined ? [] : [{ on, sample: each, field: mapping!.field, portrait, landscape }]
        })[0]
      expect(portraitCase, `${table.displayName} sells a model with a portrait ratio`).toBeDefined()
      const { on, field } = portraitCase!
      const request = (value: unknown) => {
        const body = structuredClone(portraitCase!.sample.body) as Record<string, unknown>
        if (value !== undefined) family.parametersOf(body)[field] = value
        return body
      }
      for (const [body, orientation] of [
        [request(portraitCase!.portrait), 'portrait'],
        [request(portraitCase!.landscape), 'landscape'],
      ] as const) {
        const final = firstFinal(await walk(body, lifecycleMs, on))!
        const media = /https?:[^"\\]+\/__mock\/media\/[^"\\?]+\.mp4/.exec(JSON.stringify(final))?.[0]
        expect(media).toBeDefined()
        const video = Buffer.from(await (await fetch(media!)).arrayBuffer())
        expect(video.equals(sampleVideoBytes(orientation)), `${media} is the ${orientation} video`).toBe(true)
      }
    })

    it('a stuck task is still running after three lifecycles', async () => {
      const seen = await walk(withMarker(sample.body, 'stuck'), 3 * lifecycleMs)
      expect(firstFinal(seen)).toBeUndefined()
    })
  })
}
