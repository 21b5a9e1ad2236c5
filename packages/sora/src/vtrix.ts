import { createSoraFacade, type Sora } from './sora-facade.js'
import { vtrixDefinition } from './provider-vtrix.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade bound to vtrix.ai: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'vtrix' }): Sora {
  return createSoraFacade(vtrixDefinition, options)
}
