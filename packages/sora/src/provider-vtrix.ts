import { vtrixProvider } from '@sorakit/vtrix'
import type { ProviderDefinition } from './sora-adapter.js'
import { vtrixAdapter, vtrixMappings } from './vtrix-adapter.js'

/** vtrix.ai, from `@sorakit/vtrix`'s generated table and client. */
export const vtrixDefinition: ProviderDefinition = {
  table: vtrixProvider,
  mappings: vtrixMappings,
  createAdapter: vtrixAdapter,
}
