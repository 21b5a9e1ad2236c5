import { describe, expect, it } from 'vitest'
import {
  createLifecycleEngine,
  defaultMaxBodyBytes,
  defaultMaxUploadBytes,
  lifecycleFamilies,
  maxBodyDepth,
  maxEchoLength,
  type LifecycleDocument,
} from '@sorakit/mock-msw/engine'
import { mockProviders } from '../src/mock-providers.js'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleRole, mockUrls, rawRequest, sellsModel, unknownModelCreate } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// Issue 19 against the real servers (the suite's mocks, started by the launcher): hostile or broken
// requests are answered in the provider's envelope, bodies are bounded, the admin API is closed to pages.

const headers = { Authorization: 'Bearer hardening-test', 'Content-Type': 'application/json' }
const pageOrigin = 'http://localhost:5173'

/** `[[[…]]]` nested `depth` deep, as JSON text (built as text: the value itself would not stringify). */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

for (const provider of mockProviders) {
  const { table } = provider
  const document = readBundledDocument(repositoryRoot, table.id)
  const family = lifecycleFamilies[table.family]!
  const { validationStatus } = createLifecycleEngine({ table, document: document as LifecycleDocument })
  const entries = listOperations(document, table)
  const create = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'create')!
  const status = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'status')!
  const sample = requestSamples(document, create, 'required').find((candidate) => sellsModel(table, candidate))!
  const baseUrl = () => mockUrls()[table.id]!
  const post = (body: string, path = create.path) => fetch(`${baseUrl()}${path}`, { method: 'POST', headers, body })
  /** The answer's text in the provider's envelope: the field its errors put the message in. */
  const envelopeMessage = async (answer: Response) => {
    const body = (await answer.json()) as Record<string, unknown>
    // The family's envelope repeats the status as `code` (kie, vtrix), or carries only its message (fal).
    expect(body['code']).toBe(family.statusCodeInBody === false ? undefined : answer.status)
    return String(body[family.messageField])
  }

  describe(`${table.displayName} server: hostile requests get the provider's envelope`, () => {
    it(`answers a create with a field nested 5,000 deep with ${validationStatus}, naming the ${maxBodyDepth}-level limit`, async () => {
      const body = JSON.stringify(sample.body).replace(/^\{/, `{"nested": ${nestedArrays(5_000)},`)
      const answer = await post(body)
      expect(answer.status).toBe(validationStatus)
      expect(await envelopeMessage(answer)).toContain(`deeper than ${maxBodyDepth} levels`)
    })

    it(`refuses a body over ${defaultMaxBodyBytes} bytes with 413 in the envelope, before reading it`, async () => {
      const padding = 'x'.repeat(defaultMaxBodyBytes)
      const answer = await post(JSON.stringify({ ...(sample.body as Record<string, unknown>), padding }))
      expect(answer.status).toBe(413)
      expect(await envelopeMessage(answer)).toContain(`limit of ${defaultMaxBodyBytes} bytes`)
    })

    const upload = entries.find((entry) => lifecycleRole(table.id, document, entry) === 'upload')
    if (upload !== undefined) {
      it(`lets upload operations take ${defaultMaxUploadBytes} bytes, every other operation ${defaultMaxBodyBytes}`, () => {
        const engine = createLifecycleEngine({ table, document: document as LifecycleDocument })
        expect(engine.bodyLimitOf(upload.method, `http://mock${upload.path}`)).toBe(defaultMaxUploadBytes)
        expect(engine.bodyLimitOf(create.method, `http://mock${create.path}`)).toBe(defaultMaxBodyBytes)
      })
    }

    it(`cuts an echoed model name to ${maxEchoLength} characters`, async () => {
      // A model in the path stays within the server's request-line limit (16 KiB); one in the body need not.
      const length = table.modelOperation.modelIn === 'path' ? 10_000 : 100_000
      const unknown = unknownModelCreate(table, sample, create, 'm'.repeat(length), validationStatus)
      const answer = await post(JSON.stringify(unknown.body), unknown.path)
      expect(answer.status).toBe(unknown.status)
      const message = await envelopeMessage(answer)
      expect(message).toContain(`(${length + 2} characters)`)
      expect(message.length).toBeLessThan(maxEchoLength + 2_000)
    })

    if (/\{[^}]+\}/.test(status.path)) {
      it('answers a malformed percent-encoded or empty task id as an unknown task or path, in the envelope', async () => {
        const malformed = await fetch(`${baseUrl()}${status.path.replace(/\{[^}]+\}/, '%ZZ')}`, { headers })
        expect(malformed.status).toBe(404)
        expect(await envelopeMessage(malformed)).toContain('%ZZ')
        const empty = await fetch(`${baseUrl()}${status.path.replace(/\{[^}]+\}/, '')}`, { headers })
        expect(empty.status).toBe(404)
        expect(empty.headers.get('content-type')).not.toContain('problem+json')
        await envelopeMessage(empty)
      })
    }

    it('answers a Host header that is not a host with 400 in the envelope', async () => {
      const answer = await rawRequest(`${baseUrl()}${create.path}`, {
        method: 'POST',
        headers: { ...headers, Host: '[::1' },
        body: JSON.stringify(sample.body),
      })
      expect(answer.status).toBe(400)
      const body = JSON.parse(answer.text) as Record<string, unknown>
      expect(body['code']).toBe(family.statusCodeInBody === false ? undefined : 400)
      expect(String(body[family.messageField])).toContain('The Host header "[::1" is not a host')
    })
  })
}

describe('the admin API of the servers', () => {
  const [provider] = mockProviders
  const admin = (path: string) => `${mockUrls()[provider!.table.id]}/__mock${path}`

  it(`answers POST /__mock/next nested 100,000 deep with 400 naming the ${maxBodyDepth}-level limit`, async () => {
    const answer = await fetch(admin('/next'), {
      method: 'POST',
      headers,
      body: `{"scenarios": ${nestedArrays(100_000)}}`,
    })
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { error: string }).error).toContain(`deeper than ${maxBodyDepth} levels`)
  })

  it('cuts an unknown scenario name of 500,000 characters in its error', async () => {
    const answer = await fetch(admin('/next'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ scenarios: ['s'.repeat(500_000)] }),
    })
    expect(answer.status).toBe(400)
    const { error } = (await answer.json()) as { error: string }
    expect(error).toContain('Unknown scenario')
    expect(error.length).toBeLessThan(2_000)
  })

  it('needs Content-Type: application/json for writes (415 naming the header), so no simple cross-origin POST resets it', async () => {
    for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await fetch(admin('/reset'), {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'Content-Type': contentType },
      })
      expect(answer.status, String(contentType)).toBe(415)
      expect(((await answer.json()) as { error: string }).error).toContain(
        'needs the header Content-Type: application/json',
      )
    }
    const next = await fetch(admin('/next'), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{"scenarios": ["fail"]}',
    })
    expect(next.status).toBe(415)
  })

  it('gives a page on another origin no CORS headers: its preflight is refused and its reads are refused', async () => {
    const preflight = await fetch(admin('/reset'), {
      method: 'OPTIONS',
      headers: {
        Origin: pageOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const read = await fetch(admin('/requests'), { headers: { Origin: pageOrigin } })
    expect(read.status).toBe(403)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    expect(((await read.json()) as { error: string }).error).toContain(
      'does not answer requests from web pages of another origin',
    )
  })

  it('keeps the provider routes and the media CORS-open', async () => {
    const media = await fetch(admin('/media/any.mp4'), { headers: { Origin: pageOrigin, Range: 'bytes=0-9' } })
    expect(media.status).toBe(206)
    expect(media.headers.get('access-control-allow-origin')).toBe(pageOrigin)
    await media.body?.cancel()
  })

  it('answers only loopback Host names (DNS rebinding); the provider routes answer any Host', async () => {
    const port = new URL(mockUrls()[provider!.table.id]!).port
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'app.localhost']) {
      expect((await rawRequest(admin(''), { headers: { Host: `${host}:${port}` } })).status, host).toBe(200)
    }
    const rebound = await rawRequest(admin('/requests'), { headers: { Host: `attacker.example:${port}` } })
    expect(rebound.status).toBe(403)
    expect(JSON.parse(rebound.text).error).toContain('--admin-host')
    const providerRoute = await rawRequest(`${mockUrls()[provider!.table.id]}/no/such/path`, {
      headers: { ...headers, Host: `attacker.example:${port}` },
    })
    expect(providerRoute.status).toBe(404)
  })
})
