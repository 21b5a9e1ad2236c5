import type { apikleyProvider } from '@sorakit/apikley'
import { apikleyDefinition } from './provider-apikley.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade for apikley, typed by its generated table. */
export type ApikleySora = Sora<typeof apikleyProvider>

/** The facade bound to apikley: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'apikley' }): ApikleySora {
  return createSoraFacade(apikleyDefinition, options)
}
