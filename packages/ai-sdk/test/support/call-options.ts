import type { VideoCallOptions } from '../../src/index.js'

/** A model call as the AI SDK makes it, every setting unset but those given. */
export function callOptions(options: Partial<VideoCallOptions>): VideoCallOptions {
  return {
    prompt: undefined,
    n: 1,
    aspectRatio: undefined,
    resolution: undefined,
    duration: undefined,
    fps: undefined,
    seed: undefined,
    image: undefined,
    frameImages: undefined,
    inputReferences: undefined,
    generateAudio: undefined,
    providerOptions: {},
    ...options,
  }
}
