import { createKieClient, kieProvider } from '@sorakit/kie'
import { kieFamily } from './kie-family-adapter.js'
import { defineProvider } from './sora-adapter.js'

/** kie.ai, from `@sorakit/kie`'s generated table and client. */
export const kieDefinition = /* @__PURE__ */ defineProvider(kieFamily, {
  table: kieProvider,
  createClient: createKieClient,
})
