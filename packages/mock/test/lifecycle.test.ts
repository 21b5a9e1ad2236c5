import { sampleVideoBytes } from '@sorakit/mock-msw'
import { describe, expect, inject, it } from 'vitest'
import {
  createLifecycleEngine,
  lifecycleFamilies,
  lifecycleScenarios,
  portraitMediaMarker,
  retryAfterSeconds,
  scenarioNames,
  type LifecycleDocument,
  type ScenarioName,
} from '@sorakit/mock-msw/engine'
import { mockProviders, mockServerSpecs } from '../src/mock-providers.js'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleApi, withMarker } from './lifecycle-api.js'
import { lifecycleRole, mockUrls, sellsModel, unknownModelCreate } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// What a request without `Prefer` gets: tasks created, walked through the provider's states over the
// suite's short lifecycle, scenarios by marker or script, the admin API, errors naming the real field.

const headers = { Authorization: 'Bearer lifecycle-test', 'Content-Type': 'application/json' }
const lifecycleMs = () => inject('mockLifecycleMs')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

for (const provider of mockProviders) {
  const { table } = provider
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const baseUrl = () => mockUrls()[table.id]!
  const {
    create,
    post,
    statusUrl,
    taskIdOf,
    stateOf,
    modelOf,
    resultOf,
    isFinal: finalStates,
  } = lifecycleApi(table, document, baseUrl)
  async function poll(
    taskId: string,
    until: (answer: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Array<Record<string, unknown>>> {
    const seen: Array<Record<string, unknown>> = []
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const answer = await fetch(statusUrl(taskId), { headers })
      expect(answer.status).toBe(200)
      seen.push((await answer.json()) as Record<string, unknown>)
      if (until(seen.at(-1)!) || Date.now() > deadline) return seen
      await sleep(lifecycleMs() / 40)
    }
  }
  const allSamples = requestSamples(document, create, 'required')
  const samples = allSamples.filter((sample) => sellsModel(table, sample))
  const unavailable = allSamples.filter((sample) => !sellsModel(table, sample))

  // Concurrent: each test waits on its own tasks' lifecycles.
  describe.concurrent(`${table.displayName} lifecycle`, () => {
    it.each(samples.map((sample) => [modelOf(sample)!, sample] as const))(
      '%s: a fresh task walks the states in order and ends with media the mock serves',
      async (_model, sample) => {
        const first = await post(sample.body)
        const second = await post(sample.body)
        expect(first.status).toBe(200)
        const [one, two] = [
          (await first.json()) as Record<string, unknown>,
          (await second.json()) as Record<string, unknown>,
        ]
        expect(taskIdOf(one)).not.toBe(taskIdOf(two))
        const seen = await poll(taskIdOf(one), finalStates, lifecycleMs() * 5)
        const states = seen.map(stateOf).filter((state, index, all) => all[index - 1] !== state)
        const order = family.states.running.map((phase) => phase.state)
        expect(
          states
            .slice(0, -1)
            .every((state, index, all) => index === 0 || order.indexOf(state) > order.indexOf(all[index - 1]!)),
        ).toBe(true)
        expect(finalStates(seen.at(-1)!)).toBe(true)
        // The final status, with the result a family serves apart (fal's result route).
        const last = JSON.stringify([seen.at(-1), await resultOf(taskIdOf(one))])
        expect(last).toContain(taskIdOf(one))
        const media = /"(http:[^"\\]+\/__mock\/media\/[^"\\]+\.mp4)/.exec(last.replaceAll('\\"', '"'))?.[1]
        if (media !== undefined) {
          const video = await fetch(media)
          expect(video.status).toBe(200)
          expect(video.headers.get('content-type')).toBe('video/mp4')
          expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000)
        } else {
          expect(last).toMatch(/character_id/)
        }
      },
    )

    it.each(unavailable.map((sample) => [sample.variant!, sample] as const))(
      '%s (not sold now): the create is refused as the provider refuses it, and no task is made',
      async (_model, sample) => {
        const answer = await post(sample.body)
        const documented = family.rejections['model-unavailable']
        expect(answer.status).toBe(Number(documented.status))
        const tasks = (await (await fetch(`${baseUrl()}/__mock/tasks`)).json()) as Array<{ model: string }>
        expect(tasks.some((task) => task.model === sample.variant)).toBe(false)
      },
    )

    it('answers an id it never created as the provider does', async () => {
      const answer = await fetch(statusUrl('task_never_created'), { headers })
      expect(answer.status).toBe(404)
      expect(JSON.stringify(await answer.json())).toContain('task_never_created')
    })

    for (const sample of samples) {
      // The model's required parameters: the sample may carry optional ones from the document's example.
      const model = table.models[modelOf(sample)!]
      const requiredParameters = Object.keys(family.parametersOf(sample.body as Record<string, unknown>)).filter(
        (name) => model === undefined || model.required.includes(name),
      )
      for (const field of requiredParameters) {
        it(`${modelOf(sample)} without ${field}: the error names that field of that model`, async () => {
          const body = structuredClone(sample.body) as Record<string, unknown>
          delete family.parametersOf(body)[field]
          const answer = await post(body)
          expect([400, 422]).toContain(answer.status)
          const error = (await answer.json()) as Record<string, unknown>
          expect(error['code']).toBe(family.statusCodeInBody === false ? undefined : answer.status)
          expect(String(error[family.messageField])).toMatch(new RegExp(`(^|\\.)${field}: This field is required`))
        })
      }
    }

    it('names an unknown model and lists the real ones', async () => {
      const engine = createLifecycleEngine({ table, document: document as LifecycleDocument })
      const unknown = unknownModelCreate(table, samples[0]!, create, 'sora-99-imaginary', engine.validationStatus)
      const answer = await post(unknown.body, unknown.path)
      expect(answer.status).toBe(unknown.status)
      const error = (await answer.json()) as Record<string, unknown>
      expect(String(error[family.messageField])).toContain('"sora-99-imaginary" is not a model of')
      for (const model of Object.keys(table.models)) expect(String(error[family.messageField])).toContain(model)
    })

    it('answers bad JSON and unknown paths in its envelope', async () => {
      const bad = await post('{"model": ')
      expect([400, 422]).toContain(bad.status)
      expect(String(((await bad.json()) as Record<string, unknown>)[family.messageField])).toContain('not valid JSON')
      const unknown = await fetch(`${baseUrl()}/no/such/path`, { headers })
      expect(unknown.status).toBe(404)
      expect(String(((await unknown.json()) as Record<string, unknown>)[family.messageField])).toContain(
        '/no/such/path is not an operation',
      )
    })

    describe('scenarios by marker', () => {
      const sample = samples[0]!
      it.each(scenarioNames.map((name) => [name]))('#mock:%s', async (name: ScenarioName) => {
        const declaration: { rejection?: string; outcome?: string; lifecycleFactor?: number } = lifecycleScenarios[name]
        const answer = await post(withMarker(sample.body, name))
        if (declaration.rejection !== undefined) {
          const documented = family.rejections[declaration.rejection as keyof typeof family.rejections]
          expect(answer.status).toBe(Number(documented.status))
          if (declaration.rejection === 'rate-limited')
            expect(answer.headers.get('retry-after')).toBe(String(retryAfterSeconds))
          const tasks = (await (await fetch(`${baseUrl()}/__mock/tasks`)).json()) as Array<{ scenario: string }>
          expect(tasks.some((task) => task.scenario === name)).toBe(false)
          return
        }
        expect(answer.status).toBe(200)
        const taskId = taskIdOf((await answer.json()) as Record<string, unknown>)
        if (declaration.outcome === 'stuck' || declaration.lifecycleFactor !== undefined) {
          const seen = await poll(taskId, finalStates, lifecycleMs() * 3)
          expect(finalStates(seen.at(-1)!), `${name} is still running after three lifecycles`).toBe(false)
          return
        }
        const final = (await poll(taskId, finalStates, lifecycleMs() * 5)).at(-1)!
        // The final status, with the result a family serves apart (fal's result route).
        const failed = JSON.stringify([final, await resultOf(taskId)])
        if (declaration.outcome === 'success') expect(failed).toContain('__mock/media')
        else expect(failed).toMatch(name === 'content-policy' ? /moderation|prohibited/ : /generation/i)
      })

      it('refuses an unknown marker naming the scenarios', async () => {
        const answer = await post(withMarker(sample.body, 'explode'))
        expect([400, 422]).toContain(answer.status)
        const message = String(((await answer.json()) as Record<string, unknown>)[family.messageField])
        expect(message).toContain('#mock:explode is not a mock scenario')
        for (const name of scenarioNames) expect(message).toContain(`#mock:${name}`)
      })
    })
  })
}

describe('mock media', () => {
  it('serves the sample video with byte ranges, on every server', async () => {
    for (const spec of mockServerSpecs()) {
      const whole = await fetch(`${mockUrls()[spec.key]}/__mock/media/anything.mp4`)
      expect(whole.status).toBe(200)
      const size = (await whole.arrayBuffer()).byteLength
      const part = await fetch(`${mockUrls()[spec.key]}/__mock/media/anything.mp4`, {
        headers: { Range: 'bytes=0-99' },
      })
      expect(part.status).toBe(206)
      expect(part.headers.get('content-range')).toBe(`bytes 0-99/${size}`)
      expect((await part.arrayBuffer()).byteLength).toBe(100)
      // A portrait task's media name (`portraitMediaMarker`) plays the portrait video.
      const portrait = await fetch(`${mockUrls()[spec.key]}/__mock/media/task_1${portraitMediaMarker}.mp4`)
      expect(Buffer.from(await portrait.arrayBuffer()).equals(sampleVideoBytes('portrait'))).toBe(true)
    }
  })
})

describe('uploads and download links point at the mock', () => {
  for (const provider of mockProviders) {
    const document = readBundledDocument(repositoryRoot, provider.table.id)
    for (const entry of listOperations(document, provider.table).filter(
      (candidate) =>
        ['upload', 'download-url'].includes(lifecycleRole(provider.table.id, document, candidate)) &&
        candidate.body?.contentType === 'application/json',
    )) {
      it(`${provider.table.displayName} ${entry.operationId}`, async () => {
        const [sample] = requestSamples(document, entry, 'required')
        const server = mockServerSpecs().find(
          (spec) => spec.provider.id === provider.table.id && spec.server === entry.server,
        )!
        const answer = await fetch(`${mockUrls()[server.key]}${entry.path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(sample!.body),
        })
        expect(answer.status).toBe(200)
        const text = JSON.stringify(await answer.json())
        const url = /"(http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/[^"]+)"/.exec(text)?.[1]
        expect(url, text).toBeDefined()
        expect((await fetch(url!)).status).toBe(200)
      })
    }
  }
})
