/**
 * The parts of the AI SDK's video model specification this package implements
 * (`Experimental_VideoModelV4` of @ai-sdk/provider 4 for ai 7, `Experimental_VideoModelV3` of
 * @ai-sdk/provider 3 for ai 6), declared here instead of imported because:
 * - @ai-sdk/provider 4 requires Node >= 22 while this package supports Node >= 20.19, and one
 *   package cannot depend on both majors under one name;
 * - the specification is types only (`ai` dispatches on `specificationVersion`), so a structural
 *   copy costs no runtime code and keeps the package free of AI SDK dependencies.
 * Type tests assign these shapes to the real packages' types (test/ai-sdk-v3.test-d.ts on
 * Node 20 against @ai-sdk/provider 3, test-node24/ against @ai-sdk/provider 4), so a drift fails
 * the build.
 */

export type JsonValue = null | string | number | boolean | JsonObject | JsonValue[]
export interface JsonObject {
  [key: string]: JsonValue | undefined
}

/** JSON the AI SDK hands in: read-only in @ai-sdk/provider 4, mutable in 3; this accepts both. */
export type JsonInput =
  | null
  | string
  | number
  | boolean
  | { readonly [key: string]: JsonInput | undefined }
  | readonly JsonInput[]
export type JsonInputObject = { readonly [key: string]: JsonInput | undefined }

/** Options keyed by provider name; this package reads the `sorakit` key. */
export type ProviderOptionsRecord = Record<string, JsonInputObject>

/**
 * `providerOptions.sorakit` of a video call: any facade option of the operation (`negativePrompt`, `shots`,
 * `originTask`...) and, flat beside them, the model's own parameters (Kling `mode`, Seedance `camera_fixed`;
 * `provider.sora.capabilities` lists both per model).
 */
export type SorakitVideoProviderOptions = JsonInputObject

/** Metadata keyed by provider name; this package writes the `sorakit` key. */
export type ProviderMetadataRecord = Record<string, JsonObject>

export type VideoCallWarning =
  | { type: 'unsupported'; feature: string; details?: string }
  | { type: 'other'; message: string }

export type VideoInputFile =
  | { type: 'file'; mediaType: string; data: string | Uint8Array; providerOptions?: ProviderOptionsRecord }
  | { type: 'url'; url: string; mediaType?: string; providerOptions?: ProviderOptionsRecord }

/** The call options of V3 and V4 (identical in both versions). */
export interface VideoCallOptions {
  prompt: string | undefined
  n: number
  aspectRatio: `${number}:${number}` | 'adaptive' | undefined
  resolution: `${number}x${number}` | undefined
  duration: number | undefined
  fps: number | undefined
  seed: number | undefined
  image: VideoInputFile | undefined
  frameImages: Array<{ image: VideoInputFile; frameType: 'first_frame' | 'last_frame' }> | undefined
  inputReferences: Array<VideoInputFile> | undefined
  generateAudio: boolean | undefined
  providerOptions: ProviderOptionsRecord
  abortSignal?: AbortSignal
  headers?: Record<string, string | undefined>
}

/** A generated video: its URL (the AI SDK downloads it), or its bytes (the provider downloaded them). */
export type VideoUrlData =
  | { type: 'url'; url: string; mediaType: string }
  | { type: 'binary'; data: Uint8Array; mediaType: string }

export interface VideoResponseInfo {
  timestamp: Date
  modelId: string
  headers: Record<string, string> | undefined
}

export interface VideoGenerateResult {
  videos: VideoUrlData[]
  warnings: VideoCallWarning[]
  providerMetadata?: ProviderMetadataRecord
  response: VideoResponseInfo
}

export interface VideoStartResult {
  /** The sorakit handle (`SoraHandle`): plain JSON. */
  operation: JsonValue
  warnings: VideoCallWarning[]
  providerMetadata?: ProviderMetadataRecord
  response: VideoResponseInfo
}

export type VideoStatusResult =
  | {
      status: 'pending'
      warnings?: VideoCallWarning[]
      providerMetadata?: ProviderMetadataRecord
      response: VideoResponseInfo
    }
  | {
      status: 'completed'
      videos: VideoUrlData[]
      warnings: VideoCallWarning[]
      providerMetadata?: ProviderMetadataRecord
      response: VideoResponseInfo
    }
  | { status: 'error'; error: string; providerMetadata?: ProviderMetadataRecord; response: VideoResponseInfo }

/** A webhook delivery as the user's webhook factory reports it; `Body` is the AI SDK's JSON type. */
export interface VideoWebhookDelivery<Body = JsonValue> {
  headers: Record<string, string>
  body: Body
}

export interface VideoWebhookOption<Body = JsonValue> {
  webhook: () => PromiseLike<{ url: string; received: PromiseLike<VideoWebhookDelivery<Body>> }>
}

interface VideoModelIdentity<ModelId extends string> {
  /** `sorakit.<provider id>`, e.g. `sorakit.kie`. */
  readonly provider: string
  readonly modelId: ModelId
  /** 1: every task makes one video; the AI SDK splits `n` into calls. */
  readonly maxVideosPerCall: number
}

/** `Experimental_VideoModelV4` (ai 7): the start/status flow, webhooks where the provider signs callbacks. */
export interface SorakitVideoModelV4<ModelId extends string = string> extends VideoModelIdentity<ModelId> {
  readonly specificationVersion: 'v4'
  doStart(options: VideoCallOptions & { webhookUrl?: string }): PromiseLike<VideoStartResult>
  doStatus(options: {
    operation: unknown
    abortSignal?: AbortSignal
    headers?: Record<string, string | undefined>
  }): PromiseLike<VideoStatusResult>
  /** Present only when the provider signs its callbacks (`capabilities.signedCallbacks`). */
  handleWebhookOption?: <Body>(
    options: VideoWebhookOption<Body>,
  ) => PromiseLike<{ webhookUrl: string; received: PromiseLike<VideoWebhookDelivery<Body>> }>
}

/** `Experimental_VideoModelV3` (ai 6): one blocking `doGenerate` that starts the task and waits for it. */
export interface SorakitVideoModelV3<ModelId extends string = string> extends VideoModelIdentity<ModelId> {
  readonly specificationVersion: 'v3'
  doGenerate(options: VideoCallOptions): PromiseLike<VideoGenerateResult>
}
