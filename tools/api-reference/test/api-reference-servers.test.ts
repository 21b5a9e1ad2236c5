import { describe, expect, it } from 'vitest'
import { withMockServers } from '../src/api-reference-servers.js'

describe('withMockServers', () => {
  it('adds the mock before its upstream in the document, path item and operation server lists, and leaves other lists alone', () => {
    const document = {
      info: { title: 'x' },
      servers: [{ url: 'https://api.example.test' }],
      paths: {
        '/upload': {
          servers: [{ url: 'https://upload.example.test' }],
          post: { servers: [{ url: 'https://upload.example.test', description: 'uploads' }] },
        },
        '/other': { get: { servers: [{ url: 'https://elsewhere.example.test' }] } },
      },
    }
    const mocked = withMockServers(document, {
      'https://api.example.test': 'http://127.0.0.1:1',
      'https://upload.example.test': 'http://127.0.0.1:2',
    }) as unknown as typeof document
    expect(mocked.servers.map((server) => server.url)).toEqual(['http://127.0.0.1:1', 'https://api.example.test'])
    expect(mocked.paths['/upload'].servers.map((server) => server.url)).toEqual([
      'http://127.0.0.1:2',
      'https://upload.example.test',
    ])
    expect(mocked.paths['/upload'].post.servers.map((server) => server.url)).toEqual([
      'http://127.0.0.1:2',
      'https://upload.example.test',
    ])
    expect(mocked.paths['/other'].get.servers).toEqual([{ url: 'https://elsewhere.example.test' }])
  })
})
