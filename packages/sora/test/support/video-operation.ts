import type { Sora, SoraCapabilities, SoraHandle } from '../../src/index.js'

/** A public first frame for image-to-video calls; the mocks and stub servers never fetch it. */
export const sampleImageUrl = 'https://example.com/first-frame.png'

/**
 * The video operation a provider-wide test drives: textToVideo where the provider has a default model for it, else
 * imageToVideo (fal's vendored endpoints are all image-to-video). Read from the capabilities the table gives.
 */
export function videoOperation(capabilities: SoraCapabilities): 'textToVideo' | 'imageToVideo' {
  return capabilities.defaultModels.textToVideo !== undefined ? 'textToVideo' : 'imageToVideo'
}

/** The input of {@link videoOperation}: `input` plus a first frame when it is imageToVideo. */
export function videoInput<T extends object>(capabilities: SoraCapabilities, input: T): T {
  return videoOperation(capabilities) === 'imageToVideo' ? { ...input, imageUrl: sampleImageUrl } : input
}

/** Starts a video on the provider's {@link videoOperation}. */
export function startVideo(sora: Sora, input: { prompt: string } & Record<string, unknown>): Promise<SoraHandle> {
  const operation = videoOperation(sora.capabilities)
  return sora[operation](videoInput(sora.capabilities, input) as never)
}
