import type { TaskStatus } from '@sorakit/provider'
import type { RegisteredProviderId } from '@sorakit/provider-registry'

/** Every provider generated from specs/ (`@sorakit/provider-registry`): the root entry's `provider` names one. */
export type BuiltInProviderId = RegisteredProviderId

/**
 * A provider's id: a built-in one, or the id of another generated provider package of a known API
 * family (a white label), driven through `createSora({ provider: { table, createClient } })`.
 */
export type ProviderId = BuiltInProviderId | (string & {})

/**
 * A ratio such as `16:9` or `9:16` (or the orientation `landscape` / `portrait`); each model's values are in
 * `sora.capabilities`.
 */
export type AspectRatio = string

/** A resolution value of the model (`720p`, `1080p`, `4k`...); each model's values are in `sora.capabilities`. */
export type Resolution = string

/**
 * Model parameters no common option covers, keyed by provider (the AI SDK convention):
 * `{ kie: { upload_method: 'oss' } }`. Each provider reads its own entry, checked against the model's schema.
 */
export type ProviderOptionsInput = Record<string, Record<string, unknown>>

/** One state vocabulary for every provider (declared with the API families' task states). */
export type { TaskStatus }

/**
 * Everything needed to find a task again, as plain JSON: store it, send it to another process,
 * pass `JSON.parse(JSON.stringify(handle))` to any `createSora` for the same provider and base URL.
 */
export interface SoraHandle {
  provider: ProviderId
  taskId: string
  /** The provider's model id the task runs on, e.g. `sora-2-text-to-video` or `sora_2_pro_t2v`. */
  model: string
  /** The API base URL the task was created on (without trailing slash). */
  baseUrl: string
  /** ISO 8601 time the facade created the task. */
  createdAt: string
}

/** Why a task failed. */
export interface SoraTaskFailure {
  /** The provider's code as a string (kie `failCode`, vtrix `error.code`). */
  code: string
  message: string
  /**
   * `content-policy`: the prompt or image was refused; `validation`: the input was wrong; `generation`: the model
   * failed (may work on retry).
   */
  kind: 'content-policy' | 'validation' | 'generation'
}

export interface SoraCost {
  /** In `currency`; for kie.ai-family providers, `credits` at kie.ai's list price ($0.005 a credit). */
  amount: number
  currency: 'USD'
  /** The provider's own unit, when it bills in credits (kie.ai `creditsConsumed`). */
  credits?: number
}

/** A task in one shape whatever the provider. */
export interface SoraTask {
  provider: ProviderId
  taskId: string
  model: string | null
  status: TaskStatus
  /** 0..1, or null when the provider reports none. 1 once succeeded. */
  progress: number | null
  /** Result videos (without watermark when removal was asked). */
  videoUrls: string[]
  /** Watermarked copies kie.ai/Apikley return next to `videoUrls` when watermark removal was asked. */
  watermarkedVideoUrls: string[]
  /** The character id of a succeeded character task (kie.ai/Apikley). */
  characterId: string | null
  /**
   * What the task cost, when the provider reports it (vtrix `usage.cost`, kie.ai `creditsConsumed` at its list price).
   */
  cost: SoraCost | null
  failure: SoraTaskFailure | null
  /** ISO 8601 times the provider reports. */
  createdAt: string | null
  completedAt: string | null
  /** The model parameters the provider recorded for the task (kie.ai `param.input`), when it reports them. */
  parameters: Record<string, unknown> | null
  /** The provider's payload, unchanged. */
  raw: unknown
}

/** Options every call takes. */
export interface RequestOptions {
  /** Cancels the call (requests and sleeps between retries); rejects with `AbortedError`. */
  signal?: AbortSignal
}

/** Where the provider should POST the result (kie.ai, Apikley). */
export interface CallbackInput {
  /** Completion callback (`callBackUrl`); verify it with `@sorakit/sora/webhooks`. */
  callbackUrl?: string
  /** Progress callback (kie.ai Sora 2 video models only). */
  progressCallbackUrl?: string
}

export interface TextToVideoInput extends CallbackInput {
  prompt: string
  /**
   * A model id of the provider for this operation, or one of its aliases (`kling-3.0`). Default: the manifest's default
   * model for the operation (an available one).
   */
  model?: string
  /** What the video should not show, for models that take one. */
  negativePrompt?: string
  durationSeconds?: number
  aspectRatio?: AspectRatio
  resolution?: Resolution
  /** A seed for reproducible results, for models that take one. */
  seed?: number
  /** Generate sound with the video (kie.ai Kling `sound`, Seedance `generate_audio`). Default: the model's. */
  audio?: boolean
  /** The model's other parameters, keyed by provider: `{ kie: { mode: 'std' } }`. */
  providerOptions?: ProviderOptionsInput
}

export interface ImageToVideoInput extends TextToVideoInput {
  /** Public URL of the first frame (see `upload`). */
  imageUrl: string
  /** Public URL of the last frame, for models that take one (kie.ai Kling 3.0, Veo 3.1). */
  lastFrameImageUrl?: string
}

export interface CreateCharacterInput extends CallbackInput {
  /** A model id or alias of the provider for this operation. Default: the manifest's default model for it. */
  model?: string
  /** Public URL of a 1-4 s video of the character (see `upload`). */
  videoUrl: string
  prompt?: string
  safetyInstruction?: string
  providerOptions?: ProviderOptionsInput
}

export interface CreateCharacterFromTaskInput extends CallbackInput {
  /** A model id or alias of the provider for this operation. Default: the manifest's default model for it. */
  model?: string
  /** The generated video task to take the character from. */
  originTask: SoraHandle | string
  /** The segment of that video showing the character. */
  clip: { startSeconds: number; endSeconds: number }
  prompt: string
  /** A unique handle usable as `@name` in prompts. */
  userName?: string
  safetyInstruction?: string
  providerOptions?: ProviderOptionsInput
}

export interface StoryboardShot {
  prompt: string
  durationSeconds: number
}

export interface StoryboardInput extends CallbackInput {
  shots?: StoryboardShot[]
  /** A storyboard model id or alias. Default: the manifest's default storyboard model. */
  model?: string
  /** Total length. */
  durationSeconds?: number
  aspectRatio?: AspectRatio
  imageUrl?: string
  providerOptions?: ProviderOptionsInput
}

export interface RemoveWatermarkInput extends CallbackInput {
  /** A model id or alias of the provider for this operation. Default: the manifest's default model for it. */
  model?: string
  /** A public Sora share link. */
  videoUrl: string
  providerOptions?: ProviderOptionsInput
}

interface UploadTarget {
  /** Folder on the upload server, without leading or trailing slash. Default: `sorakit`. */
  uploadPath?: string
  /** Default: chosen by the provider. The same name overwrites. */
  fileName?: string
}

/** A file to upload: bytes, a public URL to copy, or base64 (kie.ai only). */
export type UploadInput =
  | (UploadTarget & { file: Blob })
  | (UploadTarget & { url: string })
  | (UploadTarget & { base64: string })

export interface UploadedFile {
  /** Download URL, usable as `imageUrl` or `videoUrl`. Providers keep uploads for a limited time. */
  url: string
  fileName: string | null
  size: number | null
  mimeType: string | null
  raw: unknown
}

/** One step of the polling schedule: until `untilMs` after `wait` started, sleep a random time in [minMs, maxMs]. */
export interface PollStep {
  untilMs: number
  minMs: number
  maxMs: number
}

export interface WaitOptions extends RequestOptions {
  /** Give up after this long (PollDeadlineExceededError). Default: 900000 (15 min). */
  deadlineMs?: number
  /** Called with the task whenever its status or progress changes. */
  onProgress?: (task: SoraTask) => void
  /**
   * Steps of sleeps, or a function giving the next sleep from the progress seen so far: pass
   * `adaptivePollDelayMs` of `@sorakit/sora/polling` for progress-aware polling (about 10 status
   * requests for a 3-minute task where kie.ai's schedule sends 28; see @sorakit/queue's README).
   * Default: kie.ai's guidance: 2-3 s for 30 s, 5-10 s until 2 min, then 15-30 s. The last step applies for ever.
   */
  pollSchedule?: readonly PollStep[] | PollDelayFunction
}

/** A task's progress seen by a status request, `elapsedMs` after the create. */
export interface ProgressSample {
  elapsedMs: number
  /** 0..1, or null when the provider reports none. */
  progress: number | null
}

/**
 * The next sleep in ms, from the samples so far and the time since the create (or since `wait` began, for a bare task
 * id).
 */
export type PollDelayFunction = (samples: readonly ProgressSample[], elapsedMs: number) => number

/** Time as the facade sees it; tests pass a fake one. */
export interface SoraClock {
  now(): number
  /** Resolves after `ms`; rejects with `AbortedError` when `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Options of `createSora`. */
export interface SoraOptions {
  /** The provider's API key. Never appears in an error. */
  apiKey: string
  /**
   * API base URL. Default: the provider's (kie.ai `https://api.kie.ai`, Apikley `https://api.apikley.ru`, vtrix
   * `https://cloud.vtrix.ai`).
   */
  baseUrl?: string
  /** Upload server base URL (kie.ai, Apikley). Default: the provider's; set it too when `baseUrl` points at a mock. */
  uploadBaseUrl?: string
  /** The fetch every request goes through. Default: `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>
  /**
   * Retries after the first attempt, where the retry table (README, `src/transport-retry-policy.ts`) allows one.
   * Default: 2.
   */
  maxRetries?: number
  /** Time limit of each attempt, body included. Default: 60000. */
  timeoutMs?: number
  /**
   * Longest `Retry-After` the facade waits for; a longer one fails at once with `RateLimitedError.retryAfterMs`.
   * Default: 60000.
   */
  maxRetryAfterMs?: number
  /** Default: the real clock (`Date.now`, `setTimeout`). */
  clock?: SoraClock
  /** Source of jitter in [0, 1). Default: `Math.random`. */
  random?: () => number
}
