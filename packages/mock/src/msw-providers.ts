// The providers `createMockHandlers({ provider: '<id>' })` knows by id: each generated package's table and
// bundled document, as `@sorakit/sora`'s root entry knows its built-in providers. A white label of a known
// API family passes `{ table, document }` instead and needs no line here.
import { apikleyProvider } from '@sorakit/apikley'
import apikleyDocument from '@sorakit/apikley/openapi.json' with { type: 'json' }
import { kieProvider } from '@sorakit/kie'
import kieDocument from '@sorakit/kie/openapi.json' with { type: 'json' }
import { vtrixProvider } from '@sorakit/vtrix'
import vtrixDocument from '@sorakit/vtrix/openapi.json' with { type: 'json' }
import type { LifecycleDocument, LifecycleProviderTable } from './engine/index.js'

/** A provider the MSW handlers can serve: its generated table and its bundled OpenAPI document. */
export interface MockedProvider {
  table: LifecycleProviderTable
  document: LifecycleDocument
}

export const builtInMockedProviders = {
  kie: { table: kieProvider, document: kieDocument as unknown as LifecycleDocument },
  apikley: { table: apikleyProvider, document: apikleyDocument as unknown as LifecycleDocument },
  vtrix: { table: vtrixProvider, document: vtrixDocument as unknown as LifecycleDocument },
} satisfies Record<string, MockedProvider>

/** A provider id the handlers know without a table: one per generated package. */
export type BuiltInMockedProviderId = keyof typeof builtInMockedProviders
