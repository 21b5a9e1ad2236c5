import { createKieClient, kieProvider } from '@sorakit/kie'
import { kieFamilyDefinition } from './kie-family-adapter.js'

/** kie.ai, from `@sorakit/kie`'s generated table and client. */
export const kieDefinition = /* @__PURE__ */ kieFamilyDefinition(kieProvider, createKieClient)
