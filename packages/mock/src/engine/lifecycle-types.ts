// The shapes the lifecycle engine works on. No Node built-ins anywhere under src/engine: the MSW entry
// (`@sorakit/mock/msw`) runs the same engine in a browser service worker.

/** The parts of a generated provider table (`kieProvider`, `vtrixProvider`, ...) the engine reads. */
export interface LifecycleProviderTable {
  id: string
  displayName: string
  /** API family (`kie`, `vtrix`): picks the family definition that knows its lifecycle. */
  family: string
  servers: Readonly<Record<string, string>>
  operations: Readonly<Record<string, { method: string; path: string }>>
  modelOperation: { method: string; path: string; discriminator: string; parametersPath: readonly string[] }
  /** Callbacks the provider sends: the request field naming the URL, and the headers it adds (a signature header means signed). */
  callbacks: Readonly<Record<string, { urlField: string; headers: readonly string[] }>>
  models: Readonly<Record<string, { operation: string }>>
}

/** A bundled OpenAPI document, read for its named examples and schemas. */
export interface LifecycleDocument {
  paths: Record<string, Record<string, unknown>>
  components?: Record<string, Record<string, unknown>>
}

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
