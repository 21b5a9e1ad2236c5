import { describe, expect, it } from 'vitest'
import { mockServerSpecs } from '../src/mock-providers.js'
import { mockUrls } from './mock-client.js'

// Every mock serves its provider's rendered reference at /docs (@sorakit/api-reference); the browser test
// in tools/demo checks what the page shows. Here: what the server answers.
const pageOrigin = 'http://localhost:5173'

describe.each(mockServerSpecs().map((spec) => [spec.key, spec] as const))('/docs on the %s mock', (key, spec) => {
  it('serves the reference page of its provider, its own URL first among the servers and the Scalar bundle from the mock itself', async () => {
    const base = mockUrls()[key]!
    const response = await fetch(`${base}/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await response.text()
    expect(html).toContain(`<title>${spec.provider.displayName} API reference</title>`)
    expect(html).toContain(
      `{"url":"${base}","description":"sorakit mock of ${spec.upstreamUrl}"},{"url":"${spec.upstreamUrl}"`,
    )
    const script = /<script src="([^"]+)"><\/script>/.exec(html)?.[1]
    expect(script).toBe('/docs/scalar-api-reference.js')
    const bundle = await fetch(`${base}${script}`)
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await bundle.text()).toContain('createApiReference')
  })

  it('has the same CORS headers as any other answer of the same mock', async () => {
    const base = mockUrls()[key]!
    const headers = { Origin: pageOrigin, 'Access-Control-Expose-Headers': 'etag' }
    const [docs, prism] = await Promise.all([
      fetch(`${base}/docs`, { headers }),
      fetch(`${base}/no/such/path`, { headers }),
    ])
    await Promise.all([docs.body?.cancel(), prism.body?.cancel()])
    const cors = (response: Response) => {
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => void (name.startsWith('access-control-') && (headers[name] = value)))
      return headers
    }
    expect(cors(prism)).toMatchObject({ 'access-control-allow-origin': pageOrigin })
    expect(cors(docs)).toEqual(cors(prism))
  })

  it('leaves other methods and other /docs paths to the mock, which does not serve them', async () => {
    const base = mockUrls()[key]!
    const unknown = await fetch(`${base}/no/such/path`)
    const expected = { status: unknown.status, contentType: unknown.headers.get('content-type') }
    await unknown.body?.cancel()
    expect(expected.status).toBe(404)
    for (const [path, method] of [
      ['/docs', 'POST'],
      ['/docs/other.js', 'GET'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method })
      expect(
        { status: response.status, contentType: response.headers.get('content-type') },
        `${method} ${path}`,
      ).toEqual(expected)
      await response.body?.cancel()
    }
  })
})
