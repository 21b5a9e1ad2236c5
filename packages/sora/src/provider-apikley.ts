import { apikleyProvider, createApikleyClient } from '@sorakit/apikley'
import { kieFamilyDefinition, type KieFamilyClientFactory } from './kie-family-adapter.js'

/**
 * Apikley, from `@sorakit/apikley`'s generated table and client. Its paths are a subset of
 * kie.ai's with the same shapes; TypeScript cannot relate the two generated `paths` types, and the
 * capability table (from Apikley's own table) already keeps out what Apikley lacks.
 */
export const apikleyDefinition = /* @__PURE__ */ kieFamilyDefinition(apikleyProvider, createApikleyClient as unknown as KieFamilyClientFactory)
