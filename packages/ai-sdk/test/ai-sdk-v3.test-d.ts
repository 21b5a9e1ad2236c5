// Type tests against the real ai 6 / @ai-sdk/provider 3 declarations (checked by `pnpm typecheck`):
// the structural copies in src/ai-sdk-specification.ts must stay assignable to the published types.
import type { Experimental_VideoModelV3, Experimental_VideoModelV3CallOptions, ProviderV3 } from '@ai-sdk/provider'
import type { BuiltInProviderId } from '@sorakit/sora'
import { experimental_generateVideo } from 'ai'
import type { SorakitModelId, SorakitProvider, SorakitProviderV3, VideoCallOptions } from '../src/index.js'

declare const kie: SorakitProviderV3<SorakitModelId<'kie'>>
declare const vtrix: SorakitProviderV3<SorakitModelId<'vtrix'>>

export const asProvider: ProviderV3 = kie
export const asModel: Experimental_VideoModelV3 = kie.video('kling-3.0/video')
export const vtrixModel: Experimental_VideoModelV3 = vtrix.videoModel('sora_2_pro_t2v')
// One id, both operations: an image makes the call image-to-video.
export const generated = () =>
  experimental_generateVideo({ model: kie('veo-3-1'), prompt: { image: new Uint8Array(), text: 'It moves' }, providerOptions: { sorakit: { negativePrompt: 'No text' } } })
export const framed = () =>
  experimental_generateVideo({
    model: kie.video('veo-3-1'),
    prompt: 'The harbour from dawn to dusk',
    frameImages: [{ frameType: 'first_frame', image: 'https://example.com/dawn.png' }, { frameType: 'last_frame', image: new Uint8Array() }],
    resolution: '1920x1080',
    duration: 8,
  })
export const seeded = () => experimental_generateVideo({ model: kie('bytedance/v1-lite-text-to-video'), prompt: 'A lighthouse', seed: 7, resolution: '1920x1080' })

// The SDK's call options are ours (ai passes them to doGenerate as they are).
export const callOptions = (options: Experimental_VideoModelV3CallOptions): VideoCallOptions => options

// The manifest's aliases select their model too.
export const aliased: Experimental_VideoModelV3 = kie('kling-3.0')
// The aliases the facade and the CLI accept compile here too (a paused model's alias included: it fails at its create).
export const sora2Alias: Experimental_VideoModelV3 = kie('sora-2')
// @ts-expect-error: model ids are typed from the provider's generated table
kie.video('sora_2_pro_t2v')
// @ts-expect-error: nor is an alias of no model
kie.video('kling-3')
// @ts-expect-error: vtrix.ai has no kie.ai model ids
vtrix.video('kling-3.0/video')

// The V4 provider is not a V3 one (ai 6 cannot run it): the versions are distinct types.
declare const v4: SorakitProvider<SorakitModelId<'kie'>>
// @ts-expect-error: specificationVersion 'v4'
export const notV3: Experimental_VideoModelV3 = v4.video('kling-3.0/video')

// Every provider of @sorakit/provider-registry (a white label added to specs/ included) types its model ids:
// none is `never`, with no list of providers in this package.
type ProvidersWithoutModelIds = {
  [Id in BuiltInProviderId]: [SorakitModelId<Id>] extends [never] ? Id : never
}[BuiltInProviderId]
export const everyProviderHasModelIds: [ProvidersWithoutModelIds] extends [never] ? true : false = true
