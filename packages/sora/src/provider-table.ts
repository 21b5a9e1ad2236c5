/**
 * The shape of the generated provider tables (`kieProvider`, `apikleyProvider`, `vtrixProvider`
 * from `@sorakit/<id>`): what the facade reads from them. They come from the bundled OpenAPI
 * documents, so every enum, default and limit here is the specs', not the facade's.
 */
export interface ParameterSchema {
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly default?: unknown
  readonly format?: string
  readonly minLength?: number
  readonly maxLength?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly items?: ParameterSchema
  readonly properties?: { readonly [name: string]: ParameterSchema }
  readonly required?: readonly string[]
}

export interface ModelTable {
  readonly operation?: string
  readonly tier?: string
  readonly required: readonly string[]
  readonly requestFields: readonly string[]
  readonly parameters: { readonly [name: string]: ParameterSchema }
}

export interface ProviderTable {
  readonly id: string
  readonly displayName: string
  readonly family: string
  readonly servers: { readonly api: string; readonly upload?: string }
  readonly operations: { readonly [operationId: string]: { readonly method: string; readonly path: string } }
  /** The model operation's callbacks: the request field of each URL and the headers each delivery carries. */
  readonly callbacks: { readonly [name: string]: { readonly urlField: string; readonly headers: readonly string[] } }
  readonly models: { readonly [modelId: string]: ModelTable }
}
