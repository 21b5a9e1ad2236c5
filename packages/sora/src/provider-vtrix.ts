import { createVtrixClient, vtrixProvider } from '@sorakit/vtrix'
import { defineProvider } from './sora-adapter.js'
import { vtrixFamily } from './vtrix-adapter.js'

/** vtrix.ai, from `@sorakit/vtrix`'s generated table and client. */
export const vtrixDefinition = /* @__PURE__ */ defineProvider(vtrixFamily, {
  table: vtrixProvider,
  createClient: createVtrixClient,
})
