import type { SoraCapabilities } from '@sorakit/sora'

/** A public first frame for image-to-video calls; the mocks never fetch it. */
export const sampleImageUrl = 'https://example.com/first-frame.png'

/**
 * What a provider-wide test asks for: the default textToVideo model, else (fal's vendored endpoints are all
 * image-to-video) the default imageToVideo model with a first frame. Read from the capabilities the table gives.
 */
export function defaultVideoCall(capabilities: SoraCapabilities): { model: string; imageUrl?: string } {
  const { textToVideo, imageToVideo } = capabilities.defaultModels
  if (textToVideo !== undefined) return { model: textToVideo }
  if (imageToVideo !== undefined) return { model: imageToVideo, imageUrl: sampleImageUrl }
  throw new Error(`${capabilities.displayName} declares no default textToVideo or imageToVideo model`)
}
