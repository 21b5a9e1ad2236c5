// The providers `createMockHandlers({ provider: '<id>' })` knows by id: every generated package, read from
// @sorakit/provider-registry (tables) and its `/documents` subpath (bundled documents), so a provider
// added by spec files is served after `pnpm codegen` with no line here. Another table passes `{ table, document }`.
import { providerIds, providerRegistry, type RegisteredProviderId } from '@sorakit/provider-registry'
import { providerDocuments } from '@sorakit/provider-registry/documents'
import type { LifecycleDocument, LifecycleProviderTable } from './engine/index.js'

/** A provider the MSW handlers can serve: its generated table and its bundled OpenAPI document. */
export interface MockedProvider {
  table: LifecycleProviderTable
  document: LifecycleDocument
}

/** A provider id the handlers know without a table: one per generated package. */
export type BuiltInMockedProviderId = RegisteredProviderId

function registeredProviders(): { readonly [Id in BuiltInMockedProviderId]: MockedProvider } {
  const providers = {} as Record<BuiltInMockedProviderId, MockedProvider>
  for (const id of providerIds) providers[id] = { table: providerRegistry[id].table, document: providerDocuments[id] }
  return providers
}

export const builtInMockedProviders = registeredProviders()
