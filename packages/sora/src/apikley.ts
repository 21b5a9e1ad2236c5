import { createSoraFacade, type Sora } from './sora-facade.js'
import { apikleyDefinition } from './provider-apikley.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade bound to Apikley: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'apikley' }): Sora {
  return createSoraFacade(apikleyDefinition, options)
}
