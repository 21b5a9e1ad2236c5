import type { ClientAnswer, GeneratedClient, GeneratedProvider, ProviderTable } from '@sorakit/provider'
import type { ErrorCodeTable, ErrorKindReader } from './error-kinds.js'
import type { ModelRequest } from './sora-request.js'
import type { SoraTask, UploadedFile, UploadInput } from './sora-types.js'
import type { Transport } from './transport-retry.js'

/**
 * The family adapter contract, in one place: a new API family is one module exporting a
 * `FamilyDefinition` (plus its spec files). Everything model- or provider-specific comes from the
 * generated table; an adapter only sends requests and reads answers.
 */

export type { ClientAnswer } from '@sorakit/provider'

/** What an adapter gets from the facade. */
export interface AdapterContext {
  apiKey: string
  baseUrl: string
  uploadBaseUrl: string | undefined
  transport: Transport
  now: () => number
}

/**
 * One provider behind the facade's call shape. The facade has already checked the input against
 * the capabilities, so an adapter only translates and reads answers.
 */
export interface ProviderAdapter {
  /** Returns the new task's id. */
  createTask(request: ModelRequest, signal: AbortSignal | undefined): Promise<string>
  getTask(taskId: string, signal: AbortSignal | undefined): Promise<SoraTask>
  getCredits?(signal: AbortSignal | undefined): Promise<number>
  getDownloadUrl?(url: string, signal: AbortSignal | undefined): Promise<string>
  /** True when the provider stopped the task, false when it had already finished. */
  cancel?(taskId: string, signal: AbortSignal | undefined): Promise<boolean>
  upload?(input: UploadInput, signal: AbortSignal | undefined): Promise<UploadedFile>
}

/** An API family: how the facade talks to every provider whose table names it. */
export interface FamilyDefinition {
  /** The `family` of the manifests it serves (`kie`, `vtrix`). */
  family: string
  /**
   * The header carrying the family's callback signature, when it signs callbacks; the family's
   * verifier lives in `@sorakit/sora/webhooks` (kept out of the client bundles).
   */
  callbackSignatureHeader?: string
  /** The family's own error codes and what each means (the README's retry table lists them). */
  errorCodes: ErrorCodeTable
  /** What an answer means: its HTTP status and body read with the family's codes; undefined when it is no error. */
  errorKind: ErrorKindReader
  createAdapter(provider: GeneratedProvider<ProviderTable, GeneratedClient>, context: AdapterContext): ProviderAdapter
}

/** A provider as the facade drives it: its generated package and its family. */
export interface ProviderDefinition {
  table: ProviderTable
  family: FamilyDefinition
  createAdapter(context: AdapterContext): ProviderAdapter
}

/** Binds a generated provider to its family. */
export function defineProvider(family: FamilyDefinition, provider: GeneratedProvider): ProviderDefinition {
  return { table: provider.table, family, createAdapter: (context) => family.createAdapter(provider, context) }
}

/** What an adapter's client calls resolve to. */
export type AnswerPromise = Promise<ClientAnswer>
