import { createVtrixClient, vtrixProvider } from '@sorakit/vtrix'
import { vtrixFamilyDefinition } from './vtrix-adapter.js'

/** vtrix.ai, from `@sorakit/vtrix`'s generated table and client. */
export const vtrixDefinition = /* @__PURE__ */ vtrixFamilyDefinition(vtrixProvider, createVtrixClient)
