import { kieFamilyDefinition, type KieFamilyClientFactory } from './kie-family-adapter.js'
import type { ProviderTable } from './provider-table.js'
import type { ProviderDefinition } from './sora-adapter.js'
import { ValidationError } from './sora-errors.js'
import { vtrixFamilyDefinition, type VtrixFamilyClientFactory } from './vtrix-adapter.js'

/**
 * A generated provider package the facade can drive: its table (`<id>Provider`) and its client
 * factory (`create<Id>Client`). A provider of a known API family (a white label) needs no facade code.
 */
export interface GeneratedProvider {
  table: ProviderTable
  createClient: (options: { apiKey: string; baseUrl?: string; uploadBaseUrl?: string; fetch?: (request: Request) => Promise<Response> }) => unknown
}

// One adapter per API family; a table's `family` (from its manifest) picks it.
const families: Record<string, (provider: GeneratedProvider) => ProviderDefinition> = {
  kie: ({ table, createClient }) => kieFamilyDefinition(table, createClient as KieFamilyClientFactory),
  vtrix: ({ table, createClient }) => vtrixFamilyDefinition(table, createClient as VtrixFamilyClientFactory),
}

export function definitionForProvider(provider: GeneratedProvider): ProviderDefinition {
  const family = provider?.table?.family
  const define = typeof family === 'string' && Object.hasOwn(families, family) ? families[family] : undefined
  if (define === undefined) {
    throw new ValidationError(`No facade adapter for the API family ${String(family)}; the facade speaks ${Object.keys(families).join(', ')}`, { field: 'provider.table.family', supported: Object.keys(families) })
  }
  return define(provider)
}
