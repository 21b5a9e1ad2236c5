import { createVtrixClient, vtrixProviderApi, type vtrixProvider } from '@sorakit/vtrix'
import type { ModelDefinition } from '@sorakit/provider'
import { vtrixFamily } from './vtrix-adapter.js'
import { vtrixDefinition } from './provider-vtrix.js'
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

/** The facade for vtrix, typed by its generated table. */
export type VtrixSora = Sora<typeof vtrixProvider>

/** A model module of `@sorakit/vtrix/models/*`. */
export type VtrixModel = ModelDefinition & { readonly provider: 'vtrix' }

/** The facade for the given vtrix models only, typed by them. */
export type VtrixModelsSora<Models extends readonly VtrixModel[]> = Sora<
  TableWithModels<typeof vtrixProviderApi, Models>
>

/**
 * The facade bound to vtrix, over every model of its table: loads no other provider's code, but
 * carries every vtrix model's data. `provider` may be given for symmetry with the root entry.
 */
export function createSora(options: SoraOptions & { provider?: 'vtrix' }): VtrixSora {
  return createSoraFacade(vtrixDefinition, options)
}

/**
 * The facade bound to vtrix, over the models the app passes and no others, so a bundle carries only
 * their data however many models the provider sells:
 * `createSoraWithModels({ apiKey, models: [kling30Video] })` with `kling30Video` from
 * `@sorakit/vtrix/models/kling-3.0-video`. Same calls, errors and capabilities as `createSora`,
 * restricted to those models.
 */
export function createSoraWithModels<const Models extends readonly VtrixModel[]>(
  options: SoraOptions & ModelSelection<Models> & { provider?: 'vtrix' },
): VtrixModelsSora<Models> {
  const { models, facadeOptions } = splitModelSelection(options)
  // TypeScript cannot check the facade's methods against a table of models not yet known (generic `Models`); the table
  // built at run time holds exactly them.
  return createSoraFacade(
    definitionWithModels(vtrixFamily, vtrixProviderApi, createVtrixClient, models),
    facadeOptions,
  ) as unknown as VtrixModelsSora<Models>
}
