import { apikleyDefinition } from './provider-apikley.js'
import { definitionForProvider, type GeneratedProvider } from './provider-families.js'
import { kieDefinition } from './provider-kie.js'
import { vtrixDefinition } from './provider-vtrix.js'
import type { ProviderDefinition } from './sora-adapter.js'
import { ValidationError } from './sora-errors.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import type { BuiltInProviderId, SoraOptions } from './sora-types.js'

export * from './sora-exports.js'
export type { GeneratedProvider } from './provider-families.js'

const definitions: Record<BuiltInProviderId, ProviderDefinition> = { kie: kieDefinition, apikley: apikleyDefinition, vtrix: vtrixDefinition }

/** The providers `createSora({ provider })` takes by id, in this entry's order (tools such as the `sorakit` CLI list them from here). */
export const builtInProviderIds: readonly BuiltInProviderId[] = Object.freeze(Object.keys(definitions) as BuiltInProviderId[])

/**
 * The facade for any provider: a built-in id, or `{ table, createClient }` of another generated
 * provider package of a known API family. This entry bundles all three built-in providers; import
 * `@sorakit/sora/kie`, `/apikley` or `/vtrix` instead to ship one.
 */
export function createSora(options: SoraOptions & { provider: BuiltInProviderId | GeneratedProvider }): Sora {
  const { provider, ...facadeOptions } = options ?? {}
  if (typeof provider === 'object' && provider !== null) return createSoraFacade(definitionForProvider(provider), facadeOptions)
  const definition = typeof provider === 'string' && Object.hasOwn(definitions, provider) ? definitions[provider as BuiltInProviderId] : undefined
  if (definition === undefined) {
    throw new ValidationError(`provider must be one of ${Object.keys(definitions).join(', ')}, or { table, createClient } of a generated provider package`, { field: 'provider', supported: Object.keys(definitions) })
  }
  return createSoraFacade(definition, options)
}
