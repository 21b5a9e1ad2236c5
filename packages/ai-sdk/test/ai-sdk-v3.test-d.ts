// Type tests against the real ai 6 / @ai-sdk/provider 3 declarations (checked by `pnpm typecheck`):
// the structural copies in src/ai-sdk-specification.ts must stay assignable to the published types.
import type { Experimental_VideoModelV3, Experimental_VideoModelV3CallOptions, ProviderV3 } from '@ai-sdk/provider'
import { experimental_generateVideo } from 'ai'
import type { SorakitModelId, SorakitProvider, SorakitProviderV3, VideoCallOptions } from '../src/index.js'

declare const kie: SorakitProviderV3<SorakitModelId<'kie'>>
declare const vtrix: SorakitProviderV3<SorakitModelId<'vtrix'>>

export const asProvider: ProviderV3 = kie
export const asModel: Experimental_VideoModelV3 = kie.video('sora-2-pro-text-to-video')
export const vtrixModel: Experimental_VideoModelV3 = vtrix.videoModel('sora_2_pro_t2v')
export const generated = () => experimental_generateVideo({ model: kie('sora-2-image-to-video'), prompt: { image: new Uint8Array(), text: 'It moves' } })

// The SDK's call options are ours (ai passes them to doGenerate as they are).
export const callOptions = (options: Experimental_VideoModelV3CallOptions): VideoCallOptions => options

// @ts-expect-error: model ids are typed from the provider's generated table
kie.video('sora_2_pro_t2v')
// @ts-expect-error: kie.ai has no vtrix model ids
vtrix.video('sora-2-text-to-video')

// The V4 provider is not a V3 one (ai 6 cannot run it): the versions are distinct types.
declare const v4: SorakitProvider<SorakitModelId<'kie'>>
// @ts-expect-error: specificationVersion 'v4'
export const notV3: Experimental_VideoModelV3 = v4.video('sora-2-text-to-video')
