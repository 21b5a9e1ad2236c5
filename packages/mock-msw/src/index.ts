// `@sorakit/mock-msw` (also `@sorakit/mock/msw`): the mock lifecycle as MSW 2 request handlers, for setupServer
// (Node, vitest) and setupWorker (browser, Storybook). Browser-safe: nothing here imports a Node built-in or Prism.
export { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './msw-handlers.js'
export { sampleVideoBytes } from './msw-media.js'
export { builtInMockedProviders, type BuiltInMockedProviderId, type MockedProvider } from './msw-providers.js'
export {
  defaultLifecycleMs,
  defaultWebhookKey,
  kieWebhookSignature,
  lifecycleScenarios,
  scenarioNames,
  type LifecycleEngine,
  type ScenarioName,
} from './engine/index.js'
