import type { ProviderTable } from './provider-table.js'

/** Options every generated client factory (`create<Id>Client`) takes. */
export interface ClientOptions {
  /** The provider's API key, sent as its `auth` scheme says. */
  apiKey: string
  /** Base URL of the `api` server. Default: the table's. */
  baseUrl?: string
  /** Base URL of the upload server, for providers that have one. Default: the table's. */
  uploadBaseUrl?: string
  /** The fetch every request goes through. Default: `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>
}

/** What an openapi-fetch call resolves to, as a family adapter reads it. */
export interface ClientAnswer {
  data?: unknown
  error?: unknown
  response: Response
}

/**
 * Every generated client (openapi-fetch over the provider's `paths`) as a family adapter calls it.
 * The `init` parameter is `never` on purpose: each generated client types its own paths and bodies,
 * which no common type can name; an adapter passes the init its family's documents define.
 */
export interface GeneratedClient {
  GET(path: string, init: never): Promise<ClientAnswer>
  POST(path: string, init: never): Promise<ClientAnswer>
  /** Any method and path of the document, for callers that walk operations read from it (contract tests). */
  request(method: string, path: string, init: never): Promise<ClientAnswer>
}

/**
 * A generated provider package as consumers take it: its table and its client factory
 * (`{ table: kieProvider, createClient: createKieClient }`).
 */
export interface GeneratedProvider<
  Table extends ProviderTable = ProviderTable,
  Client extends GeneratedClient = GeneratedClient,
> {
  readonly table: Table
  readonly createClient: (options: ClientOptions) => Client
}

/**
 * A provider's bundled OpenAPI document (`@sorakit/<id>/openapi.json`) as the mock and the contract
 * tests walk it. Only the parts they read are named; the rest is whatever the document holds.
 */
export interface ProviderDocument {
  readonly openapi: string
  readonly paths: { readonly [path: string]: { readonly [method: string]: unknown } }
  readonly components?: { readonly [kind: string]: { readonly [name: string]: unknown } }
}

/** Name of the client factory a provider's package exports: `create<Id>Client`. */
export type ClientFactoryName<Id extends string> = `create${Capitalize<Id>}Client`

/** Name of the table constant a provider's package exports: `<id>Provider`. */
export type ProviderConstantName<Id extends string> = `${Id}Provider`

/** The names a provider's generated package has, derived from its id: the one place this rule lives. */
export function providerNaming<Id extends string>(id: Id) {
  const pascal = (id.charAt(0).toUpperCase() + id.slice(1)) as Capitalize<Id>
  return {
    packageName: `@sorakit/${id}` as const,
    directory: `packages/${id}` as const,
    pascal,
    clientFactory: `create${pascal}Client` as ClientFactoryName<Id>,
    clientOptions: `${pascal}ClientOptions` as const,
    clientType: `${pascal}Client` as const,
    providerConstant: `${id}Provider` as ProviderConstantName<Id>,
    providerApiConstant: `${id}ProviderApi` as const,
    modelIdType: `${pascal}ModelId` as const,
  }
}

/**
 * The names of a model's own module, derived from its id: the one place this rule lives. Model ids
 * hold slashes and dots (`kling-3.0/video`, `bytedance/seedance-1.5-pro`): the subpath keeps dots and
 * turns each slash into a dash (`@sorakit/kie/models/kling-3.0-video`); the constant is the id in
 * camelCase (`kling30Video`), prefixed `model` when it would start with a digit. Codegen refuses two
 * models of one provider that would get the same names.
 */
export function modelNaming(modelId: string) {
  const fileName = modelId
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  const words = modelId.split(/[^A-Za-z0-9]+/).filter((word) => word !== '')
  const camel = words
    .map((word, index) =>
      index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('')
  return {
    /** The module's file name without extension, and its subpath under `models/`. */
    fileName,
    subpath: `models/${fileName}` as const,
    /** The constant the module exports. */
    constant: /^[0-9]/.test(camel) ? `model${camel.charAt(0).toUpperCase()}${camel.slice(1)}` : camel,
  }
}
