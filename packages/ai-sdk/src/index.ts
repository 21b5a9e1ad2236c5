export {
  createSorakit,
  createSorakitV3,
  type SorakitModelId,
  type SorakitProvider,
  type SorakitProviderChoice,
  type SorakitProviderSettings,
  type SorakitProviderV3,
} from './sorakit-provider.js'
export type { SorakitWaitSettings } from './sorakit-video-model.js'
export { providerOptionsKey, type SorakitTaskMetadata } from './sorakit-metadata.js'
export type * from './ai-sdk-specification.js'
