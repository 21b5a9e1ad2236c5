import type { CreateRejection } from './lifecycle-scenarios.js'
import type { FamilyTaskStates } from '@sorakit/provider'
import type { TimelinePoint } from './lifecycle-timeline.js'
import type { LifecycleDocument, LifecycleProviderTable } from './lifecycle-types.js'

/** A task the mock created. */
export interface MockTask {
  id: string
  model: string
  /** The create request body as received. */
  request: Record<string, unknown>
  /** The model's parameters object (kie `input`, vtrix `input[0].params`). */
  parameters: Record<string, unknown>
  /** Unix ms. */
  createdAt: number
  lifecycleMs: number
  outcome: import('./lifecycle-scenarios.js').TaskOutcome
  scenario: string
  /** Origin of the server that created it: where its result URLs point. */
  origin: string
  /** UTF-8 bytes of the create body's JSON: what the task store's byte bound counts. */
  bytes: number
  /** Ids and names made up once for the result, stable across polls. */
  resultIds: { media: string; character: string; record: string }
  /** The URL each of the table's callbacks goes to, by name: its request field, in the body or the query. */
  callbackUrls: Record<string, string>
  /** Unix ms the task was cancelled at, while it ran: from then on it is failed. */
  cancelledAt?: number
}

export interface FamilyContext {
  table: LifecycleProviderTable
  document: LifecycleDocument
}

/** What a family signs its callbacks with: the engine's keys. */
export interface CallbackKeys {
  /** The HMAC key (kie.ai's scheme). */
  webhookKey: string
  /** The engine's Ed25519 key pair (fal's scheme), made on first use; its public key is served at /__mock/jwks.json. */
  ed25519(): Promise<CryptoKeyPair>
}

/** Everything the engine needs to know of one API family; the tables and documents give the rest. */
export interface LifecycleFamily {
  /** Operation ids (of the generated table) the engine answers itself. */
  operations: {
    create: string
    status: string
    /** The operation that answers a finished task's result, for a family that reads it apart from its status (fal). */
    result?: string
    /** The operation that cancels a task (fal's queue); the family's `cancelAnswer` answers it. */
    cancel?: string
    downloadUrl?: string
    uploads: readonly string[]
  }
  /** The family's task states, declared once in `@sorakit/provider`: the running ones are played in order. */
  states: FamilyTaskStates
  /** The field of an error envelope that holds its text. */
  messageField: string
  /** Whether error bodies repeat the HTTP status as `code` (kie.ai, vtrix; fal's `{detail}` does not). Default: true. */
  statusCodeInBody?: boolean
  /** The documented answer (status and example name of the create operation) for each refusal. */
  rejections: Readonly<Record<CreateRejection, { status: string; example: string; note?: string }>>
  /** The id the provider would give a new task. */
  newTaskId(model: string, randomHex: (length: number) => string): string
  /** The model's parameters inside a create body. */
  parametersOf(body: Record<string, unknown>): Record<string, unknown>
  /** The task id a status request asks about (from its query or path). */
  statusTaskId(url: URL, pathParameters: Readonly<Record<string, string>>): string | undefined
  /** The create answer for a new task; `example` is the documented success answer. */
  createAnswer(context: FamilyContext, task: MockTask, example: unknown, now: number): unknown
  /** The status answer (and, unless `callbackBody` says otherwise, callback body) of a task at one point of its timeline. */
  statusAnswer(context: FamilyContext, task: MockTask, point: TimelinePoint, at: number): unknown
  /** The body of a callback at one point of a task's timeline, where it is not the status answer (fal's webhook). */
  callbackBody?(context: FamilyContext, task: MockTask, point: TimelinePoint, at: number): unknown
  /** The headers that sign a callback's body, where the family has its own scheme. Default: kie.ai's HMAC. */
  signCallback?(keys: CallbackKeys, task: MockTask, body: string): Promise<Record<string, string>>
  /** The answer of the `result` operation at one point of a task's timeline (fal's result route). */
  resultAnswer?(context: FamilyContext, task: MockTask, point: TimelinePoint): { status: number; body: unknown }
  /** The answer to a cancel: `stopped` when the task was running and is now failed, false when it had finished. */
  cancelAnswer?(context: FamilyContext, task: MockTask, stopped: boolean): unknown
  /** Status and body for a status request about an id the mock does not know. */
  unknownTask(context: FamilyContext, taskId: string): { status: number; body: unknown }
}

/** The result media of a task, served by the mock. */
export function mediaUrl(task: MockTask, suffix = ''): string {
  return `${task.origin}/__mock/media/${task.resultIds.media}${suffix}.mp4`
}
