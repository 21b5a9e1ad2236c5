import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failureFraction, lifecycleFamilies, requestsPortrait, type PhaseDeclaration } from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { createMockHandlers, sampleVideoBytes } from '@sorakit/mock-msw'
import { readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleApi, withMarker } from './lifecycle-api.js'
import { sellsModel } from './mock-client.js'
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

for (const { table } of mockProviders) {
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const api = lifecycleApi(table, document, () => table.servers['api']!)
  const sample = requestSamples(document, api.create, 'required').find((each) => sellsModel(table, each))!

  /** Creates a task at the current clock, then reads its status every `step` ms of fake time up to `untilMs`. */
  async function walk(body: unknown, untilMs: number): Promise<Array<{ elapsed: number; answer: Answer }>> {
    const created = await api.post(body)
    expect(created.status).toBe(200)
    const taskId = api.taskIdOf((await created.json()) as Answer)
    const start = clock
    const seen: Array<{ elapsed: number; answer: Answer }> = []
    for (let elapsed = 0; elapsed <= untilMs; elapsed += step) {
      clock = start + elapsed
      const answer = await fetch(api.statusUrl(taskId), { headers: { Authorization: 'Bearer timeline-test' } })
      expect(answer.status).toBe(200)
      seen.push({ elapsed, answer: (await answer.json()) as Answer })
    }
    return seen
  }
  const firstFinal = (seen: Array<{ elapsed: number; answer: Answer }>) =>
    seen.find((point) => api.isFinal(point.answer))

  describe(`${table.displayName} timeline on a fake clock`, () => {
    it('walks the declared states at their declared shares and succeeds at the lifecycle end, with media', async () => {
      const seen = await walk(sample.body, lifecycleMs)
      for (const { elapsed, answer } of seen) {
        const expected = declaredState(family.states.running, elapsed)
        if (expected === undefined) expect(api.isFinal(answer), `final at ${elapsed} ms`).toBe(true)
        else expect(api.stateOf(answer), `state at ${elapsed} ms`).toBe(expected)
      }
      expect(firstFinal(seen)?.elapsed).toBe(lifecycleMs)
      expect(JSON.stringify(seen.at(-1)!.answer)).toContain('__mock/media')
    })

    it(`a failing task fails ${failureFraction * 100} % of the way through, without media`, async () => {
      const seen = await walk(withMarker(sample.body, 'fail'), lifecycleMs)
      const final = firstFinal(seen)!
      expect(final.elapsed).toBe(failureFraction * lifecycleMs)
      expect(JSON.stringify(final.answer)).not.toContain('__mock/media')
    })

    it('a portrait request plays the portrait sample video, a landscape one the landscape video', async () => {
      // A model on sale whose aspect-ratio field (the table's mapping) offers a portrait value.
      const portraitCase = requestSamples(document, api.create, 'required')
        .filter((each) => sellsModel(table, each) && each.variant !== undefined)
        .flatMap((each) => {
          const mapping = table.models[each.variant!]!.commonParameters.aspectRatio
          const values =
            mapping === undefined ? [] : (table.models[each.variant!]!.parameters[mapping.field]?.enum ?? [])
          const portrait = values.find((value) => requestsPortrait(mapping, { [mapping!.field]: value }))
          return portrait === undefined ? [] : [{ sample: each, field: mapping!.field, portrait }]
        })[0]
      expect(portraitCase, `${table.displayName} sells a model with a portrait ratio`).toBeDefined()
      const body = structuredClone(portraitCase!.sample.body) as Record<string, unknown>
      family.parametersOf(body)[portraitCase!.field] = portraitCase!.portrait
      for (const [request, orientation] of [
        [body, 'portrait'],
        [sample.body, 'landscape'],
      ] as const) {
        const final = firstFinal(await walk(request, lifecycleMs))!
        const media = /https?:[^"\\]+\/__mock\/media\/[^"\\?]+\.mp4/.exec(JSON.stringify(final.answer))?.[0]
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
