// The light entry (no codegen): what a server needs to answer /docs. The static site is `@sorakit/api-reference/site`.
export {
  createApiReferenceHandler,
  type ApiReferenceAnswer,
  type ApiReferenceHandler,
  type ApiReferenceHandlerOptions,
  type ApiReferenceRequest,
} from './api-reference-handler.js'
export { renderApiReferencePage, type ApiReferencePageOptions, type ReferenceDocument } from './api-reference-page.js'
export { scalarBundleFileName, scalarBundlePath, scalarConfiguration } from './api-reference-scalar.js'
export { withMockServers } from './api-reference-servers.js'
