import { apikleyDefinition } from './provider-apikley.js'
import { kieDefinition } from './provider-kie.js'
import { vtrixDefinition } from './provider-vtrix.js'
import type { ProviderDefinition } from './sora-adapter.js'
import { ValidationError } from './sora-errors.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import type { ProviderId, SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

const definitions: Record<ProviderId, ProviderDefinition> = { kie: kieDefinition, apikley: apikleyDefinition, vtrix: vtrixDefinition }

/**
 * The facade for any provider. This entry bundles all three; import `@sorakit/sora/kie`,
 * `/apikley` or `/vtrix` instead to ship one.
 */
export function createSora(options: SoraOptions & { provider: ProviderId }): Sora {
  const definition = Object.hasOwn(definitions, options?.provider) ? definitions[options.provider] : undefined
  if (definition === undefined) {
    throw new ValidationError(`provider must be one of ${Object.keys(definitions).join(', ')}`, { field: 'provider', supported: Object.keys(definitions) })
  }
  return createSoraFacade(definition, options)
}
