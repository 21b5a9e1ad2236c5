import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReferenceDocument } from '@sorakit/api-reference'

/**
 * The reference renderer (@sorakit/api-reference, a workspace tool): absent from an install outside this repository,
 * which then serves no `/docs`.
 */
export type ApiReferenceRenderer = typeof import('@sorakit/api-reference')

export function loadApiReferenceRenderer(): Promise<ApiReferenceRenderer | undefined> {
  return import('@sorakit/api-reference').catch(() => undefined)
}

/** Answers a request the mock serves itself; returns false to leave it to the mock's other routes. */
export type MockRoute = (request: IncomingMessage, response: ServerResponse) => boolean

/** Options of {@link mockApiReference}. */
export interface MockApiReferenceOptions {
  /** Absolute path of the bundled document the mock serves. */
  document: string
  /** Base URL of each mock server of this document by its upstream URL, once they listen. */
  mockServerUrls: () => Readonly<Record<string, string>>
}

/**
 * The mock's `/docs`: the provider's rendered reference (@sorakit/api-reference), with the mocks first in
 * its server lists. The caller has set the mock's CORS headers on `response` already; they are kept.
 */
export function mockApiReference(
  options: MockApiReferenceOptions,
  renderer: ApiReferenceRenderer | undefined,
): MockRoute {
  if (renderer === undefined) return () => false
  const document = JSON.parse(readFileSync(options.document, 'utf8')) as ReferenceDocument
  const handler = renderer.createApiReferenceHandler({ document, mockServerUrls: options.mockServerUrls })
  return (request, response) => {
    const answer = handler(request)
    if (answer === undefined) return false
    response.writeHead(answer.status, answer.headers).end(answer.body)
    return true
  }
}
