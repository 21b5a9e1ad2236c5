// What every entry point exports besides its createSora: errors, types, capability types.
export * from './sora-errors.js'
export type * from './sora-types.js'
export type { Sora } from './sora-facade.js'
export type {
  ModelCapabilities,
  OptionCapability,
  SoraCapabilities,
  SoraOperation,
  UploadSource,
} from './sora-capabilities.js'
export type * from './sora-table-types.js'
export type { ModelEntry, ParameterMapping, ParameterSchema, ProviderTable } from '@sorakit/provider'
export { checkWaitOptions, defaultPollSchedule, taskFailedError } from './task-poller.js'
