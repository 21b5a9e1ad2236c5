import { createKieClient, kieProviderApi, type kieProvider } from '@sorakit/kie'
import type { ModelDefinition } from '@sorakit/provider'
import { kieFamily } from './kie-family-adapter.js'
import { kieDefinition } from './provider-kie.js'
import { createSoraFacade, type Sora } from './sora-facade.js'
import {
  definitionWithModels,
  splitModelSelection,
  type ModelSelection,
  type TableWithModels,
} from './sora-model-selection.js'
import type { SoraOptions } from './sora-types.js'

export * from './sora-exports.js'
export type { ModelSelection, TableWithModels } from './sora-model-selection.js'

/** The facade for kie, typed by its generated table. */
export type KieSora = Sora<typeof kieProvider>

/** A model module of `@sorakit/kie/models/*`. */
export type KieModel = ModelDefinition & { readonly provider: 'kie' }

/** The facade for the given kie models only, typed by them. */
export type KieModelsSora<Models extends readonly KieModel[]> = Sora<TableWithModels<typeof kieProviderApi, Models>>

/**
 * The facade bound to kie, over every model of its table: loads no other provider's code, but
 * carries every kie model's data. `provider` may be given for symmetry with the root entry.
 */
export function createSora(options: SoraOptions & { provider?: 'kie' }): KieSora {
  return createSoraFacade(kieDefinition, options)
}

/**
 * The facade bound to kie, over the models the app passes and no others, so a bundle carries only
 * their data however many models the provider sells:
 * `createSoraWithModels({ apiKey, models: [kling30Video] })` with `kling30Video` from
 * `@sorakit/kie/models/kling-3.0-video`. Same calls, errors and capabilities as `createSora`,
 * restricted to those models.
 */
export function createSoraWithModels<const Models extends readonly KieModel[]>(
  options: SoraOptions & ModelSelection<Models> & { provider?: 'kie' },
): KieModelsSora<Models> {
  const { models, facadeOptions } = splitModelSelection(options)
  // TypeScript cannot check the facade's methods against a table of models not yet known (generic `Models`); the table
  // built at run time holds exactly them.
  return createSoraFacade(
    definitionWithModels(kieFamily, kieProviderApi, createKieClient, models),
    facadeOptions,
  ) as unknown as KieModelsSora<Models>
}
