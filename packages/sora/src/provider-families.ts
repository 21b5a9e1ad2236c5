import type { GeneratedProvider } from '@sorakit/provider'
import { falFamily } from './fal-family-adapter.js'
import { kieFamily } from './kie-family-adapter.js'
import { defineProvider, type FamilyDefinition, type ProviderDefinition } from './sora-adapter.js'
import { ValidationError } from './sora-errors.js'
import { vtrixFamily } from './vtrix-family-adapter.js'

export type { GeneratedProvider } from '@sorakit/provider'

/**
 * One adapter per API family; a table's `family` (from its manifest) picks it. Also read by scripts/retry-table.mjs.
 * @public
 */
export const apiFamilies: readonly FamilyDefinition[] = [kieFamily, vtrixFamily, falFamily]

/** The facade's definition of any generated provider package of a known API family (a white label needs no code). */
export function definitionForProvider(provider: GeneratedProvider): ProviderDefinition {
  const family = provider?.table?.family
  const definition = apiFamilies.find((candidate) => candidate.family === family)
  if (definition === undefined || typeof provider.createClient !== 'function') {
    const known = apiFamilies.map((candidate) => candidate.family)
    throw new ValidationError(
      `No facade adapter for the API family ${String(family)}; the facade speaks ${known.join(', ')} (pass { table, createClient } of a generated provider package)`,
      { field: 'provider.table.family', supported: known },
    )
  }
  return defineProvider(definition, provider)
}
