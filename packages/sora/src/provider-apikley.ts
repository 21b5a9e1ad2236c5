import { apikleyProvider, createApikleyClient } from '@sorakit/apikley'
import { kieFamily } from './kie-family-adapter.js'
import { defineProvider } from './sora-adapter.js'

/**
 * Apikley, a white label of kie.ai, from `@sorakit/apikley`'s generated table and client; its differences are its
 * table.
 */
export const apikleyDefinition = /* @__PURE__ */ defineProvider(kieFamily, {
  table: apikleyProvider,
  createClient: createApikleyClient,
})
