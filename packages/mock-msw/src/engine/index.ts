// The lifecycle engine: pure, no Node built-ins (the server mode and the MSW entry share it).
export {
  createLifecycleEngine,
  defaultLifecycleMs,
  defaultWebhookKey,
  lifecycleFamilies,
  type BodyRefusal,
  type LifecycleEngine,
  type LifecycleEngineOptions,
  type MatchedOperation,
} from './lifecycle-engine.js'
export {
  isScenarioName,
  lifecycleScenarios,
  retryAfterSeconds,
  scenarioMarker,
  scenarioNames,
  type CreateRejection,
  type ScenarioDeclaration,
  type ScenarioName,
  type TaskOutcome,
} from './lifecycle-scenarios.js'
export {
  deliverCallback,
  kieWebhookSignature,
  type CallbackDelivery,
  type CallbackDeliveryOptions,
} from './callback-delivery.js'
export { failureFraction, stuckProgress, type PhaseDeclaration } from './lifecycle-timeline.js'
export { dereference } from './document-examples.js'
export { isPortraitMediaPath, portraitMediaMarker, requestsPortrait } from './media-orientation.js'
export { TaskStore, type TaskStoreLimits } from './task-store.js'
export type { LifecycleFamily, MockTask } from './lifecycle-family.js'
export type {
  EngineAnswer,
  EngineRequest,
  LifecycleDocument,
  LifecycleProviderTable,
  Violation,
} from './lifecycle-types.js'
export {
  BodyTooLargeError,
  defaultMaxBodyBytes,
  defaultMaxUploadBytes,
  loggedBody,
  maxBodyDepth,
  maxEchoLength,
  maxLoggedBodyBytes,
  nestsDeeperThan,
  type BodyLimits,
} from './request-limits.js'
