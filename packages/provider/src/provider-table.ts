import type { ModelOperation, UploadSource } from './provider-operations.js'
import type { ParameterMappings, ParameterSchema } from './provider-parameters.js'

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch'

/** Where an operation of the bundled document lives. */
export interface OperationLocation {
  readonly method: HttpMethod
  readonly path: string
}

/**
 * How a provider takes its API key. `bearer`: `Authorization: Bearer <key>`; `header`: any header
 * with an optional prefix (fal.ai: `Authorization: Key <key>`).
 */
export type AuthScheme = (
  | { readonly scheme: 'bearer' }
  | { readonly scheme: 'header'; readonly header: string; readonly prefix?: string }
) & {
  /** The environment variable the provider's own tools read the key from (fal.ai: `FAL_KEY`), when it has one. */
  readonly keyVariable?: string
}

/**
 * The operation every model shares. `modelIn: 'body'`: one request body per model, told apart by the
 * body field `discriminator` (kie.ai `model`); `modelIn: 'path'`: the model id is the path (fal.ai's queue,
 * `POST /alibaba/happy-horse/image-to-video`), `path` its template (`/{endpoint}`) with `discriminator` the
 * parameter, and each model keeps its own paths in the bundled document. `parametersPath` leads from a model's request body schema
 * to its parameters object (`["properties", "input"]`; `[]` when the body is the parameters).
 */
export interface ModelOperationShape extends OperationLocation {
  readonly operationId: string
  readonly modelIn: 'body' | 'path'
  readonly discriminator: string
  readonly parametersPath: readonly string[]
  /**
   * modelIn `path` only: the other operations each model has under its own path (fal.ai's status, result and cancel),
   * by operationId, each path relative to the model's (`/requests/{request_id}/status`). The table's `operations`
   * list them under the model operation's template (`/{endpoint}/requests/{request_id}/status`).
   */
  readonly modelPaths?: { readonly [operationId: string]: OperationLocation }
}

/** A callback the model operation declares: the request field holding its URL, the headers each delivery carries. */
export interface CallbackDeclaration {
  readonly urlField: string
  readonly headers: readonly string[]
}

/** Operation ids (keys of `operations`) behind the facade's services, for the ones the provider offers. */
export interface ProviderServices {
  readonly credits?: string
  readonly downloadUrl?: string
  /** Cancels a task that has not finished (fal.ai's queue). */
  readonly cancel?: string
  readonly upload?: { readonly [S in UploadSource]?: string }
}

/**
 * `available`: sold. `paused`: listed but refused (kie.ai answers 500 "temporarily paused").
 * `withdrawn`: gone from the provider. Whatever the table says, a provider's refusal of a model is a
 * `ModelUnavailableError`.
 */
export const availabilityStatuses = ['available', 'paused', 'withdrawn'] as const

export type AvailabilityStatus = (typeof availabilityStatuses)[number]

export interface ModelAvailability {
  readonly status: AvailabilityStatus
  /** The date (YYYY-MM-DD) the status began, when known. */
  readonly since?: string
  /** What says so, and how sure it is. */
  readonly source: string
}

/** One model of a provider: what it does in the facade, its parameters, and how the common parameters reach them. */
export interface ModelEntry {
  /** What the model does in the facade; empty for a model the facade does not drive (it stays in the typed client). */
  readonly operations: readonly ModelOperation[]
  /** Whether the provider sells the model now, from the manifest. */
  readonly availability: ModelAvailability
  /** Friendly names that select this model for its operation (`sora-2-pro`), unique per operation. */
  readonly aliases: readonly string[]
  readonly required: readonly string[]
  /** Request fields next to the parameters, such as `callBackUrl`. */
  readonly requestFields: readonly string[]
  /** The model's own parameters (kie.ai `input`, vtrix `input[0].params`) with enums, defaults and limits. */
  readonly parameters: { readonly [name: string]: ParameterSchema }
  /** Common parameter → the model's field, from the manifest. */
  readonly commonParameters: ParameterMappings
}

/**
 * One model as its own generated module exports it (`kling30Video` of `@sorakit/kie/models/kling-3.0-video`):
 * its table entry plus the provider and model id it belongs to, so an app can hand the facade just
 * the models it calls and leave every other model's data out of its bundle.
 */
export interface ModelDefinition extends ModelEntry {
  /** The id of the provider whose table lists it (`kie`). */
  readonly provider: string
  /** The provider's model id (`kling-3.0/video`). */
  readonly id: string
}

/**
 * A provider without its models (`kieProviderApi`): how to reach and call it. The generated table
 * is this plus `models`; a facade over a few models builds its table from this and those models.
 */
export interface ProviderApi {
  readonly id: string
  readonly displayName: string
  /** The API family: providers of one family share one facade adapter (a white label names its original's). */
  readonly family: string
  readonly auth: AuthScheme
  /** Base URL of each named server; `api` is the default one. */
  readonly servers: { readonly api: string; readonly [name: string]: string }
  /** Every operation of the bundled document, by operationId. */
  readonly operations: { readonly [operationId: string]: OperationLocation }
  readonly modelOperation: ModelOperationShape
  /** The model operation's callbacks, by name; empty for a provider that only polls. */
  readonly callbacks: { readonly [name: string]: CallbackDeclaration }
  readonly services: ProviderServices
  /** The model a call without `model` runs, per operation, from the manifest. Never guessed. */
  readonly defaultModels: { readonly [O in ModelOperation]?: string }
}

/**
 * A provider as its generated package describes it (`kieProvider` of `@sorakit/kie`...): every
 * generated table `satisfies` this, and every consumer (facade, mock, CLI, tests) reads providers
 * through it.
 */
export interface ProviderTable extends ProviderApi {
  readonly models: { readonly [modelId: string]: ModelEntry }
}
