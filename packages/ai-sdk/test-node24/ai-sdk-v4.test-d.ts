// Type tests against the real ai 7 / @ai-sdk/provider 4 declarations (checked by scripts/test-node24.sh):
// the structural copies in src/ai-sdk-specification.ts must stay assignable to the published types.
import type { Experimental_VideoModelV4, Experimental_VideoModelV4CallOptions, Experimental_VideoModelV4OperationStatusResult, JSONValue, ProviderV4 } from '@ai-sdk/provider'
import { experimental_generateVideo } from 'ai'
import type { SorakitModelId, SorakitProvider, SorakitProviderV3, VideoCallOptions, VideoStatusResult } from '../src/index.js'

declare const kie: SorakitProvider<SorakitModelId<'kie'>>
declare const apikley: SorakitProvider<SorakitModelId<'apikley'>>
declare const v3: SorakitProviderV3<SorakitModelId<'kie'>>

export const asProvider: ProviderV4 = kie
export const asModel: Experimental_VideoModelV4 = kie.video('kling-3.0/video')
export const apikleyModel: Experimental_VideoModelV4 = apikley.videoModel('sora-2-pro-storyboard')
// ai 7 also runs V3 models.
export const v3Model: Parameters<typeof experimental_generateVideo>[0]['model'] = v3.video('veo-3-1')
export const generated = () =>
  experimental_generateVideo({ model: kie('kling-3.0/video'), prompt: 'A lighthouse', aspectRatio: '16:9', duration: 10, generateAudio: true, poll: { intervalMs: 2000 } })

// The SDK's call options are ours, the operation it passes back is any JSON, our results are its results.
export const callOptions = (options: Experimental_VideoModelV4CallOptions): VideoCallOptions => options
export const status = (result: VideoStatusResult): Experimental_VideoModelV4OperationStatusResult => result
export const operation = (value: JSONValue) => kie.video('kling-3.0/video').doStatus({ operation: value })

// @ts-expect-error: model ids are typed from the provider's generated table
kie.video('sora_2_i2v')
