import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createApiReferenceHandler, type ApiReferenceHandler, type ReferenceDocument } from '@sorakit/api-reference'
import { prismCorsHeaders, type FrontHandler } from './prism-request-path.js'

/** Options of {@link mockApiReference}. */
export interface MockApiReferenceOptions {
  /** Absolute path of the bundled document the mock serves. */
  document: string
  /** Base URL of each mock server of this document by its upstream URL, once they listen. */
  mockServerUrls: () => Readonly<Record<string, string>>
}

/** The mock's `/docs`: the provider's rendered reference, with the mock first in its server lists. */
export function mockApiReference(options: MockApiReferenceOptions): FrontHandler {
  const document = JSON.parse(readFileSync(options.document, 'utf8')) as ReferenceDocument
  return nodeHandler(createApiReferenceHandler({ document, mockServerUrls: options.mockServerUrls }))
}

function nodeHandler(handler: ApiReferenceHandler): FrontHandler {
  return (request: IncomingMessage, response: ServerResponse) => {
    const answer = handler(request)
    if (answer === undefined) return false
    response.writeHead(answer.status, { ...answer.headers, ...prismCorsHeaders(request) }).end(answer.body)
    return true
  }
}
