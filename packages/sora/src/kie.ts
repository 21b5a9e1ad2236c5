import type { kieProvider } from '@sorakit/kie'
import { kieDefinition } from './provider-kie.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'

/** The facade for kie, typed by its generated table. */
export type KieSora = Sora<typeof kieProvider>

/** The facade bound to kie: loads no other provider's code. `provider` may be given for symmetry with the root entry. */
export function createSora(options: SoraOptions & { provider?: 'kie' }): KieSora {
  return createSoraFacade(kieDefinition, options)
}
