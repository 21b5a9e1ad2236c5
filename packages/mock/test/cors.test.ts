import { describe, expect, it } from 'vitest'
import { mockServerSpecs } from '../src/mock-providers.js'
import { mockUrls } from './mock-client.js'

// A page served from another origin (a dev server) calls the mocks with Authorization and Prefer headers.
const pageOrigin = 'http://localhost:5173'

describe.each(mockServerSpecs().map((spec) => spec.key))('CORS on the %s mock', (key) => {
  it('answers a preflight from another origin, allowing the method and headers asked for', async () => {
    const response = await fetch(`${mockUrls()[key]}/any/path`, {
      method: 'OPTIONS',
      headers: {
        Origin: pageOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,prefer',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin)
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    expect(response.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'prefer']),
    )
  })

  it('lets the page read the answer of the actual request', async () => {
    const response = await fetch(`${mockUrls()[key]}/any/path`, { headers: { Origin: pageOrigin } })
    await response.body?.cancel()
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin)
  })
})
