import type { vtrixProvider } from '@sorakit/vtrix'
import { vtrixDefinition } from './provider-vtrix.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade for vtrix, typed by its generated table. */
export type VtrixSora = Sora<typeof vtrixProvider>

/** The facade bound to vtrix: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'vtrix' }): VtrixSora {
  return createSoraFacade(vtrixDefinition, options)
}
