import { createSoraFacade, type Sora } from './sora-facade.js'
import { kieDefinition } from './provider-kie.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade bound to kie.ai: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'kie' }): Sora {
  return createSoraFacade(kieDefinition, options)
}
