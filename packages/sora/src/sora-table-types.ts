import type { CommonParameter, ModelOperation, ProviderTable } from '@sorakit/provider'
import type {
  AspectRatio,
  ImageToVideoInput,
  ProviderOptionsInput,
  Resolution,
  SoraHandle,
  StoryboardShot,
} from './sora-types.js'

/**
 * Input types narrowed by a provider's generated table: `model` is the union of the operation's
 * model ids and aliases, each common option the union of the values its models accept (vtrix
 * `durationSeconds: 4 | 8 | 12`), `never` when no model of the operation maps it. A table typed
 * only as `ProviderTable` (a white label passed at run time) gets the wide types.
 */

type Models<T extends ProviderTable> = T['models']
type IsWide<T extends ProviderTable> = string extends keyof T['models'] ? true : false

// A model serves `Op` when its `operations` list names it.
type Serves<Model, Op> = Model extends { readonly operations: readonly (infer O)[] }
  ? Op extends O
    ? true
    : false
  : false

type OperationModelId<T extends ProviderTable, Op> = {
  [K in keyof Models<T>]: Serves<Models<T>[K], Op> extends true ? K : never
}[keyof Models<T>] &
  string
type OperationAlias<T extends ProviderTable, Op> = {
  [K in keyof Models<T>]: Serves<Models<T>[K], Op> extends true
    ? Models<T>[K] extends { readonly aliases: readonly (infer A)[] }
      ? A
      : never
    : never
}[keyof Models<T>]

/** The model ids and aliases of the provider's `Op` models. */
export type ModelChoice<T extends ProviderTable, Op extends ModelOperation> =
  IsWide<T> extends true ? string : OperationModelId<T, Op> | OperationAlias<T, Op>

/** The operations the provider's models perform. */
export type TableOperation<T extends ProviderTable> =
  IsWide<T> extends true
    ? ModelOperation
    : {
        [K in keyof Models<T>]: Models<T>[K] extends { readonly operations: readonly (infer O)[] } ? O : never
      }[keyof Models<T>]

type ModelsMapping<T extends ProviderTable, Op, P extends string> = {
  [K in keyof Models<T>]: Serves<Models<T>[K], Op> extends true
    ? Models<T>[K] extends { readonly commonParameters: infer Mappings }
      ? P extends keyof Mappings
        ? Models<T>[K]
        : never
      : never
    : never
}[keyof Models<T>]

// Distributes over the models: the union of the values each accepts.
type MappedValue<Model, P extends string, Base> = Model extends {
  readonly commonParameters: infer Mappings
  readonly parameters: infer Parameters
}
  ? P extends keyof Mappings
    ? Mappings[P] extends { readonly values: infer Values }
      ? Values[keyof Values] extends readonly (infer Common)[]
        ? Common
        : Base
      : Mappings[P] extends { readonly field: infer Field }
        ? Field extends keyof Parameters
          ? Parameters[Field] extends { readonly enum: readonly (infer Value)[] }
            ? Mappings[P] extends { readonly encoding: 'number-as-string' }
              ? Value extends `${infer Count extends number}`
                ? Count
                : never
              : Value
            : Base
          : Base
        : Base
    : never
  : never

/** What the common parameter `P` of `Op` takes on this provider; `never` when none of its `Op` models maps it. */
export type CommonValueOf<T extends ProviderTable, Op extends ModelOperation, P extends CommonParameter, Base> =
  IsWide<T> extends true ? Base : MappedValue<ModelsMapping<T, Op, P>, P, Base>

type Callbacks<T extends ProviderTable, Op extends ModelOperation> = {
  /** Completion callback (`callBackUrl`); verify it with `@sorakit/sora/webhooks`. */
  callbackUrl?: CommonValueOf<T, Op, 'callbackUrl', string>
  /** Progress callback (kie.ai Sora 2 video models only). */
  progressCallbackUrl?: CommonValueOf<T, Op, 'progressCallbackUrl', string>
  /** Model parameters no common option covers, keyed by provider: `{ kie: { upload_method: 'oss' } }`. */
  providerOptions?: ProviderOptionsInput
}

/** The video options one model takes: each common option narrowed to that model's values, `never` where it has none. */
type VideoFields<Model> = {
  prompt: string
  /** What the video should not show. */
  negativePrompt?: MappedValue<Model, 'negativePrompt', string>
  durationSeconds?: MappedValue<Model, 'durationSeconds', number>
  aspectRatio?: MappedValue<Model, 'aspectRatio', AspectRatio>
  resolution?: MappedValue<Model, 'resolution', Resolution>
  /** A seed for reproducible results. */
  seed?: MappedValue<Model, 'seed', number>
  /** Generate sound with the video. Default: the model's. */
  audio?: MappedValue<Model, 'audio', boolean>
  /** Completion callback (`callBackUrl`); verify it with `@sorakit/sora/webhooks`. */
  callbackUrl?: MappedValue<Model, 'callbackUrl', string>
  /** Progress callback (kie.ai Sora 2 video models only). */
  progressCallbackUrl?: MappedValue<Model, 'progressCallbackUrl', string>
  /** The model's other parameters, keyed by provider: `{ kie: { mode: 'std' } }`. */
  providerOptions?: ProviderOptionsInput
}

type ImageFields<Model> = {
  /** Public URL of the first frame (see `upload`). */
  imageUrl: string
  /** Public URL of the last frame. */
  lastFrameImageUrl?: MappedValue<Model, 'lastFrameImageUrl', string>
}

type AliasOf<Model> = Model extends { readonly aliases: readonly (infer A)[] } ? A : never
type DefaultModelOf<T extends ProviderTable, Op extends ModelOperation> = T['defaultModels'] extends {
  readonly [O in Op]: infer D
}
  ? D extends keyof Models<T>
    ? D
    : never
  : never

/**
 * One branch per model of `Op`, told apart by `model` (its id or an alias), plus a branch without
 * `model` typed by the default model: `durationSeconds` takes Kling 3.0's durations with
 * `model: 'kling-3.0/video'` and Veo's with `model: 'veo-3-1'`.
 */
type PerModel<T extends ProviderTable, Op extends ModelOperation, Extra> =
  | {
      [K in OperationModelId<T, Op>]: {
        /** A model id or alias of the provider for this operation. */ model: K | AliasOf<Models<T>[K]>
      } & VideoFields<Models<T>[K]> &
        (Extra extends true ? ImageFields<Models<T>[K]> : unknown)
    }[OperationModelId<T, Op>]
  | ([DefaultModelOf<T, Op>] extends [never]
      ? never
      : { /** Default: the manifest's default model for the operation. */ model?: undefined } & VideoFields<
          Models<T>[DefaultModelOf<T, Op>]
        > &
          (Extra extends true ? ImageFields<Models<T>[DefaultModelOf<T, Op>]> : unknown))

type WideVideoInput<T extends ProviderTable, Op extends ModelOperation> = Callbacks<T, Op> & {
  prompt: string
  /** A model id or alias of the provider for this operation. Default: the manifest's default model. */
  model?: string
  negativePrompt?: string
  durationSeconds?: number
  aspectRatio?: AspectRatio
  resolution?: Resolution
  seed?: number
  audio?: boolean
}

export type TextToVideoInputFor<T extends ProviderTable> =
  IsWide<T> extends true ? WideVideoInput<T, 'textToVideo'> : PerModel<T, 'textToVideo', false>

export type ImageToVideoInputFor<T extends ProviderTable> =
  IsWide<T> extends true
    ? WideVideoInput<T, 'imageToVideo'> & Pick<ImageToVideoInput, 'imageUrl' | 'lastFrameImageUrl'>
    : PerModel<T, 'imageToVideo', true>

export type StoryboardInputFor<T extends ProviderTable> = Callbacks<T, 'storyboard'> & {
  model?: ModelChoice<T, 'storyboard'>
  shots?: CommonValueOf<T, 'storyboard', 'shots', StoryboardShot[]>
  /** Total length. */
  durationSeconds?: CommonValueOf<T, 'storyboard', 'durationSeconds', number>
  aspectRatio?: CommonValueOf<T, 'storyboard', 'aspectRatio', AspectRatio>
  imageUrl?: CommonValueOf<T, 'storyboard', 'imageUrl', string>
}

export type CreateCharacterInputFor<T extends ProviderTable> = Callbacks<T, 'createCharacter'> & {
  model?: ModelChoice<T, 'createCharacter'>
  /** Public URL of a 1-4 s video of the character (see `upload`). */
  videoUrl: string
  prompt?: CommonValueOf<T, 'createCharacter', 'prompt', string>
  safetyInstruction?: CommonValueOf<T, 'createCharacter', 'safetyInstruction', string>
}

export type CreateCharacterFromTaskInputFor<T extends ProviderTable> = Callbacks<T, 'createCharacterFromTask'> & {
  model?: ModelChoice<T, 'createCharacterFromTask'>
  /** The generated video task to take the character from. */
  originTask: SoraHandle | string
  /** The segment of that video showing the character. */
  clip: { startSeconds: number; endSeconds: number }
  prompt: string
  /** A unique handle usable as `@name` in prompts. */
  userName?: CommonValueOf<T, 'createCharacterFromTask', 'userName', string>
  safetyInstruction?: CommonValueOf<T, 'createCharacterFromTask', 'safetyInstruction', string>
}

export type RemoveWatermarkInputFor<T extends ProviderTable> = Callbacks<T, 'removeWatermark'> & {
  model?: ModelChoice<T, 'removeWatermark'>
  /** A public Sora share link. */
  videoUrl: string
}

/**
 * The facade services the provider's table offers (`services` in its manifest). Any table (`Sora` alone) has every
 * service but `cancel`, added later: a facade of a provider without it (kie.ai) stays a `Sora`.
 */
export type TableService<T extends ProviderTable> =
  IsWide<T> extends true
    ? 'getCredits' | 'getDownloadUrl' | 'upload'
    :
        | (T['services'] extends { readonly credits: string } ? 'getCredits' : never)
        | (T['services'] extends { readonly downloadUrl: string } ? 'getDownloadUrl' : never)
        | (T['services'] extends { readonly cancel: string } ? 'cancel' : never)
        | (T['services'] extends { readonly upload: object } ? 'upload' : never)
