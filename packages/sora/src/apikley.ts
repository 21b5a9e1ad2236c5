import { createApikleyClient, apikleyProviderApi, type apikleyProvider } from '@sorakit/apikley'
import type { ModelDefinition } from '@sorakit/provider'
import { kieFamily } from './kie-family-adapter.js'
import { apikleyDefinition } from './provider-apikley.js'
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

/** The facade for apikley, typed by its generated table. */
export type ApikleySora = Sora<typeof apikleyProvider>

/** A model module of `@sorakit/apikley/models/*`. */
export type ApikleyModel = ModelDefinition & { readonly provider: 'apikley' }

/** The facade for the given apikley models only, typed by them. */
export type ApikleyModelsSora<Models extends readonly ApikleyModel[]> = Sora<
  TableWithModels<typeof apikleyProviderApi, Models>
>

/**
 * The facade bound to apikley, over every model of its table: loads no other provider's code, but
 * carries every apikley model's data. `provider` may be given for symmetry with the root entry.
 */
export function createSora(options: SoraOptions & { provider?: 'apikley' }): ApikleySora {
  return createSoraFacade(apikleyDefinition, options)
}

/**
 * The facade bound to apikley, over the models the app passes and no others, so a bundle carries only
 * their data however many models the provider sells:
 * `createSoraWithModels({ apiKey, models: [kling30Video] })` with `kling30Video` from
 * `@sorakit/apikley/models/kling-3.0-video`. Same calls, errors and capabilities as `createSora`,
 * restricted to those models.
 */
export function createSoraWithModels<const Models extends readonly ApikleyModel[]>(
  options: SoraOptions & ModelSelection<Models> & { provider?: 'apikley' },
): ApikleyModelsSora<Models> {
  const { models, facadeOptions } = splitModelSelection(options)
  // TypeScript cannot check the facade's methods against a table of models not yet known (generic `Models`); the table
  // built at run time holds exactly them.
  return createSoraFacade(
    definitionWithModels(kieFamily, apikleyProviderApi, createApikleyClient, models),
    facadeOptions,
  ) as unknown as ApikleyModelsSora<Models>
}
