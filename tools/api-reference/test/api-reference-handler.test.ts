import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createApiReferenceHandler } from '../src/api-reference-handler.js'
import { scalarBundle } from '../src/api-reference-scalar.js'

const document = {
  openapi: '3.1.0',
  info: { title: 'Example <API>', version: '1' },
  servers: [{ url: 'https://api.example.test' }],
  paths: {
    '/things': {
      get: { summary: 'List things </script><script>alert(1)</script>', responses: { 200: { description: 'ok' } } },
    },
  },
}

function inlinedDocument(html: string): unknown {
  const json = /<script id="sorakit-openapi-document" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1]
  expect(json, 'the inlined document').toBeDefined()
  return JSON.parse(json!)
}

describe('createApiReferenceHandler', () => {
  const handler = createApiReferenceHandler({ document })

  it('answers GET /docs and /docs/ with the page, the document inlined intact and unable to close its script element', () => {
    for (const url of ['/docs', '/docs/', '/docs?x=1']) {
      const answer = handler({ method: 'GET', url, headers: {} })!
      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
      const html = answer.body.toString('utf8')
      expect(html).toContain('<title>Example &#60;API&#62; reference</title>')
      expect(html.match(/<\/script>/g)).toHaveLength(3) // document, bundle, start-up: nothing from the document
      expect(inlinedDocument(html)).toEqual(document)
      expect(html).toContain('<script src="/docs/scalar-api-reference.js"></script>')
    }
  })

  it('serves the Scalar bundle, gzipped when asked, and a 304 for the copy the browser has', () => {
    const plain = handler({ method: 'GET', url: '/docs/scalar-api-reference.js', headers: {} })!
    expect(plain.status).toBe(200)
    expect(plain.body.equals(scalarBundle())).toBe(true)
    expect(plain.headers['content-length']).toBe(String(scalarBundle().length))
    const gzipped = handler({
      method: 'GET',
      url: '/docs/scalar-api-reference.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })!
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2)
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true)
    const again = handler({
      method: 'GET',
      url: '/docs/scalar-api-reference.js',
      headers: { 'if-none-match': plain.headers['etag']! },
    })!
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })

  it('answers HEAD with the headers and no body', () => {
    const answer = handler({ method: 'HEAD', url: '/docs', headers: {} })!
    expect(answer.status).toBe(200)
    expect(answer.headers['content-length']).toBe(
      handler({ method: 'GET', url: '/docs', headers: {} })!.headers['content-length'],
    )
    expect(answer.body.length).toBe(0)
  })

  it('leaves everything else to the server it sits in', () => {
    expect(handler({ method: 'OPTIONS', url: '/docs', headers: { origin: 'http://localhost:5173' } })).toBeUndefined()
    expect(handler({ method: 'POST', url: '/docs', headers: {} })).toBeUndefined()
    expect(handler({ method: 'GET', url: '/docs/other.js', headers: {} })).toBeUndefined()
    expect(handler({ method: 'GET', url: '/docsx', headers: {} })).toBeUndefined()
    expect(handler({ method: 'GET', url: '/api/v1/jobs/recordInfo', headers: {} })).toBeUndefined()
  })

  it('puts the mocks first in every server list naming their upstream, as they are when the page is asked for', () => {
    let mocks: Record<string, string> = {}
    const withMocks = createApiReferenceHandler({ document, mockServerUrls: () => mocks, basePath: '/reference' })
    const before = inlinedDocument(
      withMocks({ method: 'GET', url: '/reference', headers: {} })!.body.toString('utf8'),
    ) as typeof document
    expect(before.servers).toEqual(document.servers)
    mocks = { 'https://api.example.test': 'http://127.0.0.1:5010' }
    const after = inlinedDocument(
      withMocks({ method: 'GET', url: '/reference', headers: {} })!.body.toString('utf8'),
    ) as typeof document
    expect(after.servers).toEqual([
      { url: 'http://127.0.0.1:5010', description: 'sorakit mock of https://api.example.test' },
      { url: 'https://api.example.test' },
    ])
    expect(document.servers).toHaveLength(1) // the caller's document is not changed
  })
})
