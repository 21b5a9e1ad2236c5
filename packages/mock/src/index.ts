export * from '@sorakit/mock-msw/engine'
export {
  MockStartError,
  startMocks,
  type HostExit,
  type MockStartErrorKind,
  type RunningMocks,
  type RunningServer,
  type StartMocksOptions,
} from './mock-launcher.js'
export {
  lifecycleOptions,
  requestedServers,
  serverArgumentOptions,
  serverOptionsUsage,
  type RequestedServers,
} from './mock-server-options.js'
export {
  mockProviders,
  mockServerSpecs,
  primaryServer,
  type MockProvider,
  type MockServerSpec,
  type ProviderTable,
} from './mock-providers.js'
export { scenarios, scenarioTableMarkdown, type Scenario } from './mock-scenarios.js'
export { mockApiKey, renderSummary, type SummaryFeatures } from './mock-summary.js'
export {
  dereference,
  listOperations,
  readBundledDocument,
  responseExamples,
  successStatus,
  validationErrorStatus,
  type HttpMethod,
  type OpenApiDocument,
  type OperationEntry,
  type ResponseObject,
  type SchemaObject,
} from './openapi-operations.js'
export {
  encodeBody,
  invalidEnumValue,
  invalidRequests,
  requestSamples,
  type FieldSelection,
  type InvalidKind,
  type InvalidRequest,
  type RequestSample,
} from './request-samples.js'
export type { PrismLogLevel } from './prism-host-protocol.js'
