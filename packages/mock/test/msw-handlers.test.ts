import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { providerIds } from '@sorakit/provider-registry'
import { lifecycleFamilies } from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { createMockHandlers, sampleVideoBytes, type MockHandlers } from '@sorakit/mock-msw'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
// The committed videos the embedded ones are made from (packages/mock-msw/scripts/embed-sample-video.mjs).
const mediaFile = (name: string) => new URL(`../../mock-msw/media/${name}`, import.meta.url)
import { lifecycleRole, sellsModel, unknownModelCreate } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// `@sorakit/mock/msw` on its own: what Prism checks in server mode (fields of the chosen model, credentials,
// paths, JSON) is checked in-process and answered in the provider's envelope, at the provider's real URLs.

const headers = { Authorization: 'Bearer msw-test', 'Content-Type': 'application/json' }
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

describe('the MSW entry bundles for the browser', () => {
  it('has no Node built-in and no Prism in its import graph (esbuild, platform browser)', async () => {
    const result = await build({
      stdin: {
        contents: "export { createMockHandlers } from '@sorakit/mock/msw'",
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      metafile: true,
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((input) => /(^|[/\\])(node:|@stoplight[/\\]prism)/.test(input))).toEqual([])
    expect(inputs.some((input) => input.includes('msw-handlers'))).toBe(true)
  })

  it('refuses a Node built-in: the same build with one fails, so the check above can fail', async () => {
    const failing = build({
      stdin: {
        contents: "import 'node:fs'; export { createMockHandlers } from '@sorakit/mock/msw'",
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    await expect(failing).rejects.toThrow(/node:fs/)
  })

  it('serves media/sample.mp4 byte for byte (src/sample-video.gen.ts is current)', () => {
    expect(Buffer.from(sampleVideoBytes()).equals(readFileSync(mediaFile('sample.mp4')))).toBe(true)
    expect(Buffer.from(sampleVideoBytes('portrait')).equals(readFileSync(mediaFile('sample-portrait.mp4')))).toBe(true)
  })
})

describe('createMockHandlers', () => {
  it('names what to pass for an unknown provider', () => {
    expect(() => createMockHandlers({ provider: 'sora-cloud' as never })).toThrow(
      `provider must be one of ${providerIds.join(', ')}, or { table, document }`,
    )
  })

  it('intercepts another base URL when given one, and only that', async () => {
    const [first] = mockProviders
    const own = createMockHandlers({
      provider: first!.table.id as never,
      baseUrl: 'http://localhost:9999',
      lifecycleMs: 0,
    })
    server.use(...own)
    const answer = await fetch('http://localhost:9999/__mock')
    expect(((await answer.json()) as { provider: string }).provider).toBe(first!.table.id)
    server.resetHandlers()
    own.engine.stop()
  })
})

for (const provider of mockProviders) {
  const { table } = provider
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const entries = listOperations(document, table)
  const create = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'create')!
  const api = table.servers['api']!
  const post = (body: unknown, extra: Record<string, string> = {}) =>
    fetch(`${api}${create.path}`, {
      method: 'POST',
      headers: { ...headers, ...extra },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const message = async (answer: Response) =>
    String(((await answer.json()) as Record<string, unknown>)[family.messageField])
  const samples = requestSamples(document, create, 'required')

  describe(`${table.displayName} at ${api}`, () => {
    it('creates a fresh task for every model it sells, refuses the others as the provider does, and serves the video with ranges', async () => {
      const ids = new Set<string>()
      for (const sample of samples) {
        const answer = await post(sample.body)
        if (!sellsModel(table, sample)) {
          expect(answer.status, sample.variant).toBe(Number(family.rejections['model-unavailable'].status))
          continue
        }
        expect(answer.status, sample.variant).toBe(200)
        const body = (await answer.json()) as Record<string, unknown>
        ids.add(
          String((body['data'] as Record<string, unknown> | undefined)?.['taskId'] ?? body['id'] ?? body['request_id']),
        )
      }
      expect(ids.size).toBe(samples.filter((sample) => sellsModel(table, sample)).length)
      const range = await fetch(`${api}/__mock/media/any.mp4`, { headers: { Range: 'bytes=0-99' } })
      expect(range.status).toBe(206)
      expect(range.headers.get('content-range')).toBe(`bytes 0-99/${sampleVideoBytes().length}`)
      expect((await range.arrayBuffer()).byteLength).toBe(100)
    })

    for (const sample of samples.slice(0, 3)) {
      for (const field of Object.keys(family.parametersOf(sample.body as Record<string, unknown>))) {
        it(`${sample.variant} without ${field}: the error names that field of that model`, async () => {
          const body = structuredClone(sample.body) as Record<string, unknown>
          delete family.parametersOf(body)[field]
          const answer = await post(body)
          expect([400, 422]).toContain(answer.status)
          expect(await message(answer)).toMatch(new RegExp(`(^|\\.)${field}: This field is required`))
        })
      }
    }

    it('names an unknown model, answers bad JSON, unknown paths and missing credentials in its envelope', async () => {
      const { validationStatus } = handlers.get(table.id)!.engine
      const unknown = unknownModelCreate(table, samples[0]!, create, 'sora-99-imaginary', validationStatus)
      const unknownModel = await fetch(`${api}${unknown.path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(unknown.body),
      })
      expect(unknownModel.status).toBe(unknown.status)
      expect(await message(unknownModel)).toContain('"sora-99-imaginary" is not a model of')
      const bad = await post('{"model": ')
      expect([400, 422]).toContain(bad.status)
      expect(await message(bad)).toContain('not valid JSON')
      const unknownPath = await fetch(`${api}/no/such/path`, { headers })
      expect(unknownPath.status).toBe(404)
      expect(await message(unknownPath)).toContain('/no/such/path is not an operation')
      const anonymous = await fetch(`${api}${create.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(samples[0]!.body),
      })
      expect(anonymous.status).toBe(401)
    })

    it('answers a bad admin request with a 400 that says why', async () => {
      const answer = await fetch(`${api}/__mock/next`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ scenarios: ['nope'] }),
      })
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: string }).error).toContain('Unknown scenario "nope"')
    })

    const upload = table.servers['upload']
    if (upload !== undefined) {
      it(`serves its upload operations at ${upload}, not at the API URL`, async () => {
        const uploadEntry = entries.find(
          (entry) => lifecycleRole(table.id, document, entry) === 'upload' && entry.path.includes('url'),
        )!
        const body = JSON.stringify({ fileUrl: 'https://example.com/cat.png', uploadPath: 'images' })
        const atUpload = await fetch(`${upload}${uploadEntry.path}`, { method: 'POST', headers, body })
        expect(atUpload.status).toBe(200)
        const data = ((await atUpload.json()) as { data: { downloadUrl: string } }).data
        expect(data.downloadUrl.startsWith(`${new URL(upload).origin}/__mock/media/`)).toBe(true)
        expect((await fetch(`${api}${uploadEntry.path}`, { method: 'POST', headers, body })).status).toBe(404)
      })
    }
  })
}
