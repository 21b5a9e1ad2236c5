import type { ProviderTable } from './provider-table.js'
import type { FamilyMappings } from './sora-capabilities.js'
import type { ModelRequest } from './sora-request.js'
import type { SoraTask, UploadedFile, UploadInput } from './sora-types.js'
import type { Transport } from './transport-retry.js'

/** What an openapi-fetch call resolves to, as an adapter reads it. */
export type ClientAnswer = { data?: unknown; error?: unknown; response: Response }

/** What an adapter gets from the facade. */
export interface AdapterContext {
  apiKey: string
  baseUrl: string
  uploadBaseUrl: string | undefined
  transport: Transport
  now: () => number
}

/**
 * One provider family behind the facade's call shape. The facade has already checked the input
 * against the capabilities, so an adapter only translates and reads answers.
 */
export interface ProviderAdapter {
  /** Returns the new task's id. */
  createTask(request: ModelRequest, signal: AbortSignal | undefined): Promise<string>
  getTask(taskId: string, signal: AbortSignal | undefined): Promise<SoraTask>
  getCredits?(signal: AbortSignal | undefined): Promise<number>
  getDownloadUrl?(url: string, signal: AbortSignal | undefined): Promise<string>
  upload?(input: UploadInput, signal: AbortSignal | undefined): Promise<UploadedFile>
}

/** A provider as the facade needs it: its generated table, its family's names, and its adapter. */
export interface ProviderDefinition {
  table: ProviderTable
  mappings: FamilyMappings
  /** The status that decides retries when the family hides errors in HTTP 200 bodies. */
  effectiveStatus?: (httpStatus: number, body: unknown) => number
  createAdapter(context: AdapterContext): ProviderAdapter
}
