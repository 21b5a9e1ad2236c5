import type { ReferenceDocument } from './api-reference-page.js'

interface ServerObject {
  url: string
  description?: string
}

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/**
 * A copy of `document` where every `servers` list (document, path item, operation) that names an
 * upstream URL of `mockUrls` starts with that mock: Scalar's "Test Request" then goes to the mock
 * serving the page, and the provider's real server stays one choice away. Lists naming no mocked URL
 * are left as they are.
 */
export function withMockServers(
  document: ReferenceDocument,
  mockUrls: Readonly<Record<string, string>>,
): ReferenceDocument {
  const copy = structuredClone(document)
  const lists: unknown[] = [copy['servers']]
  for (const pathItem of Object.values((copy['paths'] ?? {}) as Record<string, Record<string, unknown>>)) {
    lists.push(pathItem['servers'])
    for (const method of httpMethods) lists.push((pathItem[method] as { servers?: unknown } | undefined)?.servers)
  }
  for (const list of lists) if (Array.isArray(list)) addMocks(list as ServerObject[], mockUrls)
  return copy
}

function addMocks(servers: ServerObject[], mockUrls: Readonly<Record<string, string>>): void {
  const mocks = servers.flatMap((server) => {
    const mockUrl = mockUrls[server.url]
    return mockUrl === undefined ? [] : [{ url: mockUrl, description: `sorakit mock of ${server.url}` }]
  })
  servers.unshift(...mocks)
}
