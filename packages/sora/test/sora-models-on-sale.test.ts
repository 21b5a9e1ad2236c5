import { createMockHandlers } from '@sorakit/mock/msw'
import { providerIds, providerRegistry } from '@sorakit/provider-registry'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSora, ModelUnavailableError, type ModelCapabilities, type Sora } from '../src/index.js'
import { saysModelUnavailable } from '../src/provider-errors.js'
import { json, stubFetch } from './support/stub-fetch.js'

// Every model of every provider, read from the generated tables, through `@sorakit/mock/msw` in this
// process: a model sold today makes a video; a paused one is refused as its provider refuses it.

const lifecycleMs = 300
const fastPolls = { pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 10, maxMs: 20 }] }
const handlers = providerIds.map((id) => createMockHandlers({ provider: id, lifecycleMs }))
const server = setupServer(...handlers.flat())
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  for (const each of handlers) each.engine.stop()
})

type Create = (input: Record<string, unknown>) => ReturnType<Sora['textToVideo']>

/**
 * The least a model needs: the operation's required options, and the required provider options that have no default.
 */
function minimalInput(provider: string, model: ModelCapabilities): Record<string, unknown> {
  const samples: Record<string, unknown> = {
    prompt: 'A paper boat drifting down a rainy street',
    imageUrl: 'https://example.com/first-frame.png',
    videoUrl: 'https://example.com/clip.mp4',
    durationSeconds: 8,
    audio: false,
  }
  const input: Record<string, unknown> = { model: model.model }
  for (const [name, option] of Object.entries(model.options))
    if (option.required) input[name] = option.values?.[0] ?? samples[name]
  // Kling motion control's reference video: a required parameter no common option covers.
  const own = Object.fromEntries(
    Object.entries(model.providerOptions)
      .filter(([, option]) => option.required && option.default === undefined)
      .map(([name]) => [name, ['https://example.com/reference.mp4']]),
  )
  return Object.keys(own).length === 0 ? input : { ...input, providerOptions: { [provider]: own } }
}

const cases = providerIds.flatMap((provider) => {
  const { capabilities } = createSora({ provider, apiKey: 'k' })
  return (['textToVideo', 'imageToVideo'] as const).flatMap((operation) =>
    capabilities.operations[operation].map((model) => ({ provider, operation, model })),
  )
})

describe.concurrent('every video model of every table through @sorakit/mock/msw', () => {
  it.each(
    cases
      .filter(({ model }) => model.availability.status === 'available')
      .map((each) => [`${each.provider} ${each.operation} ${each.model.model}`, each] as const),
  )(
    '%s (sold today): makes a video, with its cost where the provider reports one',
    async (_name, { provider, operation, model }) => {
      const sora = createSora({ provider, apiKey: 'mock-key', maxRetries: 0 })
      const handle = await (sora[operation] as Create)(minimalInput(provider, model))
      expect(handle.model).toBe(model.model)
      const task = await sora.wait(handle, fastPolls)
      expect(task.status).toBe('succeeded')
      expect(task.videoUrls[0]).toMatch(/\.mp4$/)
      if (providerRegistry[provider].table.family === 'kie')
        expect(task.cost).toMatchObject({ currency: 'USD', credits: expect.any(Number) })
    },
  )

  it.each(
    cases
      .filter(({ model }) => model.availability.status !== 'available')
      .map((each) => [`${each.provider} ${each.operation} ${each.model.model}`, each] as const),
  )(
    '%s (not sold today): ModelUnavailableError from the provider, not retryable, no task made',
    async (_name, { provider, operation, model }) => {
      const sora = createSora({ provider, apiKey: 'mock-key', maxRetries: 2 })
      const error = await (sora[operation] as Create)(minimalInput(provider, model)).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(ModelUnavailableError.isInstance(error), String(error)).toBe(true)
      expect(error).toMatchObject({ kind: 'model-unavailable', retryable: false, provider })
      const tasks = (await (
        await fetch(`${providerRegistry[provider].table.servers.api}/__mock/tasks`)
      ).json()) as Array<{ model: string }>
      expect(tasks.some((task) => task.model === model.model)).toBe(false)
    },
  )

  it.each(
    cases
      .filter(({ model }) => model.availability.status === 'available')
      .map((each) => [`${each.provider} ${each.operation} ${each.model.model}`, each] as const),
  )(
    '%s: a value outside one of its own enums is refused before any request, naming the field',
    async (_name, { provider, operation, model }) => {
      const fetch = stubFetch(json({}))
      const sora = createSora({ provider, apiKey: 'k', fetch })
      const enumerated = Object.entries(model.options).find(([, option]) => option.values !== undefined)
      const own = Object.entries(model.providerOptions).find(([, option]) => option.values !== undefined)
      const input = minimalInput(provider, model)
      const [field, wrong] =
        enumerated !== undefined
          ? [
              enumerated[0],
              { ...input, [enumerated[0]]: typeof enumerated[1].values![0] === 'number' ? 999 : 'not-a-value' },
            ]
          : [
              `providerOptions.${provider}.${own![0]}`,
              { ...input, providerOptions: { [provider]: { [own![0]]: 'not-a-value' } } },
            ]
      const error = await (sora[operation] as Create)(wrong).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(error, `${model.model} ${field}`).toMatchObject({ field })
      expect(fetch.calls).toHaveLength(0)
    },
  )
})

describe('what says a model is unavailable', () => {
  it.each([
    ['This interface is temporarily paused', true],
    ['model not found', true],
    ['The model sora-2-pro does not exist', true],
    ['Model is no longer available', true],
    ['no such model: veo-9', true],
    ['Task not found', false],
    ['Internal server error', false],
    ['Credits insufficient', false],
    ['Invalid prompt: prompt contains prohibited content', false],
  ])('%s → %s', (message, expected) => expect(saysModelUnavailable(message)).toBe(expected))
})
