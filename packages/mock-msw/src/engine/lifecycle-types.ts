// The shapes the lifecycle engine works on. No Node built-ins anywhere under src/engine: the MSW entry
// (`@sorakit/mock/msw`) runs the same engine in a browser service worker.
import type { ProviderDocument, ProviderTable } from '@sorakit/provider'

/**
 * The parts of a generated provider table (`kieProvider`, `vtrixProvider`, ...) the engine reads: the
 * provider contract's `ProviderTable`, narrowed so a hand-made table for a test needs only these.
 * `family` picks the family definition that knows the lifecycle; a callback whose headers include a
 * signature header is signed.
 */
export type LifecycleProviderTable = Pick<
  ProviderTable,
  'id' | 'displayName' | 'family' | 'auth' | 'servers' | 'operations' | 'modelOperation' | 'callbacks' | 'models'
>

/** A bundled OpenAPI document, read for its named examples and schemas: the provider contract's. */
export type LifecycleDocument = ProviderDocument

/** An HTTP request as the engine sees it, whatever server or worker received it. */
export interface EngineRequest {
  method: string
  /** Absolute URL of the request; its origin is where the mock's media URLs point. */
  url: string
  headers: Readonly<Record<string, string | undefined>>
  /** Parsed JSON body, the text of any other body, or undefined. */
  body: unknown
}

/** What to answer. */
export interface EngineAnswer {
  status: number
  headers?: Record<string, string>
  /** JSON body (serialised by the caller); undefined for no body. */
  body?: unknown
}

/** One validation problem, as a validator reports it: the field's path and what is wrong. */
export interface Violation {
  path: readonly (string | number)[]
  message: string
}
