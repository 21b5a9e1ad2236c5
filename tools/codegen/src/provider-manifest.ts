import { readdir } from 'node:fs/promises'
import type {
  AuthScheme,
  CommonValue,
  ModelAvailability,
  ModelOperationShape,
  ProviderServices,
} from '@sorakit/provider'
import path from 'node:path'
import { CodegenError } from './codegen-error.js'
import { readJsonFile } from './json-file.js'
import { toPointer } from './json-pointer.js'
import { checkAgainstSchema } from './schema-check.js'

type DocumentOrigin = 'vendored' | 'hand-authored' | 'reused'

/** A common-parameter mapping as a manifest writes it: `values` may give one common value instead of a list. */
export interface ManifestParameterMapping {
  field: string
  values?: Record<string, CommonValue | CommonValue[]>
  encoding?: string
  itemFields?: Record<string, string>
  position?: number
}

/** An operation-wide mapping: one, or alternatives of which each model takes the first its fields accept. */
export type ManifestMappingChoice = ManifestParameterMapping | ManifestParameterMapping[]

/** What a model does in the unified facade (`model` of a manifest document); names are checked against the contract. */
export interface ModelRole {
  /** One facade operation or several, as the manifest writes it; read it through `roleOperations`. */
  operation: string | string[]
  /** Whether the provider sells this model now, since when, and who says so. */
  availability: ModelAvailability
  aliases?: string[]
  commonParameters?: Record<string, ManifestParameterMapping>
}

export interface UpstreamRecord {
  url: string
  sha256: string
  retrieved: string
  form: 'mintlify-block' | 'apidog-export' | 'page-text' | 'openapi-file' | 'schema-endpoint'
  block?: string
  repair?: string
  /** The intact document a flattened upstream text was repaired against. */
  repairReference?: Pick<UpstreamRecord, 'url' | 'sha256' | 'form' | 'block'>
}

/** One document of a provider, with every path made relative to the repository root. */
export interface ManifestDocument {
  file: string
  origin: DocumentOrigin
  server: string
  overlays: string[]
  model?: ModelRole
  upstream?: UpstreamRecord
  sources?: string[]
  fieldSources?: Record<string, string>
  mirrors?: string
  note?: string
  /** Where this entry sits in the manifest, for error messages. */
  manifestPointer: string
}

export type ModelOperation = ModelOperationShape

/** A provider's own model list (kie.ai's `GET /api/v1/models`) and per-model OpenAPI route. */
export interface ProviderCatalog {
  /** The list route. */
  url: string
  /** The per-model document route; `{model}` stands for the model id, inserted unencoded. */
  schemaUrl: string
  /** The environment variable holding the Bearer key both routes need. */
  apiKeyVariable: string
}

export interface ProviderManifest {
  id: string
  displayName: string
  family: string
  apiVersion: string
  docsUrl?: string
  /** The provider's list of models and per-model document route, read by the drift check (`specs:pull`). */
  catalog?: ProviderCatalog
  servers: Record<string, string>
  /** Default mock port of each server (`pnpm mock`). */
  mockPorts: Record<string, number>
  auth: AuthScheme & { keyPage: string }
  modelOperation: ModelOperation
  /** Operation ids behind the facade's services. */
  services?: ProviderServices
  /** Per facade operation, the model a call without `model` runs. */
  defaultModels: Record<string, string>
  /** Per facade operation, the mappings every model of it gets where it has the field. */
  commonParameters: Record<string, Record<string, ManifestMappingChoice>>
  documents: ManifestDocument[]
  /** Repository-relative path of the manifest file. */
  manifestPath: string
  /** Repository-relative provider folder, e.g. `specs/kie`. */
  directory: string
}

/** The operations a model role names, as a list. */
export function roleOperations(role: ModelRole): string[] {
  return Array.isArray(role.operation) ? role.operation : [role.operation]
}

export const specsDirectory = 'specs'
const manifestFileName = 'manifest.json'

/** Loads and checks every `specs/<provider>/manifest.json`, in folder-name order. */
export async function loadManifests(repositoryRoot: string): Promise<ProviderManifest[]> {
  const schema = await readJsonFile(
    path.join(repositoryRoot, specsDirectory, 'manifest.schema.json'),
    `${specsDirectory}/manifest.schema.json`,
  )
  const entries = await readdir(path.join(repositoryRoot, specsDirectory), { withFileTypes: true })
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  const manifests: ProviderManifest[] = []
  for (const folder of folders) {
    const manifestPath = `${specsDirectory}/${folder}/${manifestFileName}`
    const raw = await readJsonFile(path.join(repositoryRoot, manifestPath), manifestPath)
    checkAgainstSchema(schema, raw, manifestPath)
    manifests.push(resolveManifest(raw as unknown as RawManifest, folder, manifestPath))
  }
  checkReuse(manifests)
  checkMockPorts(manifests)
  return manifests
}

type RawDocument = Omit<ManifestDocument, 'server' | 'overlays' | 'manifestPointer'> & {
  server?: string
  overlays?: string[]
}
type RawManifest = Omit<ProviderManifest, 'documents' | 'manifestPath' | 'directory'> & { documents: RawDocument[] }

function resolveManifest(raw: RawManifest, folder: string, manifestPath: string): ProviderManifest {
  const directory = `${specsDirectory}/${folder}`
  if (raw.id !== folder) {
    throw new CodegenError({
      file: manifestPath,
      pointer: '/id',
      message: `id '${raw.id}' must equal its folder name '${folder}'`,
    })
  }
  const documents = raw.documents.map((document, index): ManifestDocument => {
    const manifestPointer = toPointer(['documents', index])
    const file = path.posix.normalize(`${directory}/${document.file}`)
    const server = document.server ?? 'api'
    if (!Object.hasOwn(raw.servers, server)) {
      throw new CodegenError({
        file: manifestPath,
        pointer: `${manifestPointer}/server`,
        message: `unknown server '${server}'; declare it under /servers (known: ${Object.keys(raw.servers).join(', ')})`,
      })
    }
    const insideOwnFolder = file.startsWith(`${directory}/`)
    if (insideOwnFolder === (document.origin === 'reused')) {
      const expected =
        document.origin === 'reused'
          ? "a reused document must live in another provider's folder"
          : `a ${document.origin} document must live in ${directory}/`
      throw new CodegenError({ file: manifestPath, pointer: `${manifestPointer}/file`, message: expected })
    }
    return {
      ...document,
      file,
      server,
      overlays: (document.overlays ?? []).map((overlay) => path.posix.normalize(`${directory}/${overlay}`)),
      manifestPointer,
    }
  })
  return { ...raw, documents, manifestPath, directory }
}

// Every server has a mock port, no port is given twice: two mocks cannot listen on one port.
function checkMockPorts(manifests: readonly ProviderManifest[]): void {
  const owners = new Map<number, string>()
  for (const manifest of manifests) {
    const servers = Object.keys(manifest.servers)
    for (const server of servers) {
      if (manifest.mockPorts[server] === undefined)
        throw new CodegenError({
          file: manifest.manifestPath,
          pointer: '/mockPorts',
          message: `no mock port for the '${server}' server`,
        })
    }
    for (const [server, port] of Object.entries(manifest.mockPorts)) {
      const pointer = `/mockPorts/${server}`
      if (!servers.includes(server))
        throw new CodegenError({
          file: manifest.manifestPath,
          pointer,
          message: `'${server}' is not a server of this provider (servers: ${servers.join(', ')})`,
        })
      const owner = owners.get(port)
      if (owner !== undefined)
        throw new CodegenError({
          file: manifest.manifestPath,
          pointer,
          message: `mock port ${port} is already ${owner}'s`,
        })
      owners.set(port, `${manifest.id} ${server}`)
    }
  }
}

// A reused document keeps its provenance in the manifest of the provider it belongs to.
function checkReuse(manifests: readonly ProviderManifest[]): void {
  const owned = new Set(
    manifests.flatMap((manifest) =>
      manifest.documents.filter((document) => document.origin !== 'reused').map((document) => document.file),
    ),
  )
  for (const manifest of manifests) {
    for (const document of manifest.documents) {
      if (document.origin === 'reused' && !owned.has(document.file)) {
        throw new CodegenError({
          file: manifest.manifestPath,
          pointer: `${document.manifestPointer}/file`,
          message: `reused document ${document.file} is not listed as vendored or hand-authored in its own provider's manifest`,
        })
      }
    }
  }
}
