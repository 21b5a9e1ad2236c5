import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { CodegenError } from './codegen-error.js'
import { readJsonFile } from './json-file.js'
import { toPointer } from './json-pointer.js'
import { checkAgainstSchema } from './schema-check.js'

export type DocumentOrigin = 'vendored' | 'hand-authored' | 'reused'

/** What a model does in the unified facade. */
export interface ModelRole {
  operation: 'textToVideo' | 'imageToVideo' | 'createCharacter' | 'createCharacterFromTask' | 'storyboard' | 'removeWatermark'
  tier?: 'sora-2' | 'sora-2-pro'
}

export interface UpstreamRecord {
  url: string
  sha256: string
  retrieved: string
  form: 'mintlify-block' | 'apidog-export' | 'page-text' | 'openapi-file'
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

export interface ModelOperation {
  method: 'get' | 'put' | 'post' | 'delete' | 'patch'
  path: string
  operationId: string
  discriminator: string
  parametersPath: string[]
}

export interface ProviderManifest {
  id: string
  displayName: string
  family: string
  apiVersion: string
  docsUrl?: string
  servers: Record<string, string>
  /** Default mock port of each server (`pnpm mock`). */
  mockPorts: Record<string, number>
  auth: { scheme: 'bearer'; keyPage: string }
  modelOperation: ModelOperation
  documents: ManifestDocument[]
  /** Repository-relative path of the manifest file. */
  manifestPath: string
  /** Repository-relative provider folder, e.g. `specs/kie`. */
  directory: string
}

export const specsDirectory = 'specs'
const manifestFileName = 'manifest.json'

/** Loads and checks every `specs/<provider>/manifest.json`, in folder-name order. */
export async function loadManifests(repositoryRoot: string): Promise<ProviderManifest[]> {
  const schema = await readJsonFile(path.join(repositoryRoot, specsDirectory, 'manifest.schema.json'), `${specsDirectory}/manifest.schema.json`)
  const entries = await readdir(path.join(repositoryRoot, specsDirectory), { withFileTypes: true })
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
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

type RawDocument = Omit<ManifestDocument, 'server' | 'overlays' | 'manifestPointer'> & { server?: string; overlays?: string[] }
type RawManifest = Omit<ProviderManifest, 'documents' | 'manifestPath' | 'directory'> & { documents: RawDocument[] }

function resolveManifest(raw: RawManifest, folder: string, manifestPath: string): ProviderManifest {
  const directory = `${specsDirectory}/${folder}`
  if (raw.id !== folder) {
    throw new CodegenError({ file: manifestPath, pointer: '/id', message: `id '${raw.id}' must equal its folder name '${folder}'` })
  }
  const documents = raw.documents.map((document, index): ManifestDocument => {
    const manifestPointer = toPointer(['documents', index])
    const file = path.posix.normalize(`${directory}/${document.file}`)
    const server = document.server ?? 'api'
    if (!Object.hasOwn(raw.servers, server)) {
      throw new CodegenError({ file: manifestPath, pointer: `${manifestPointer}/server`, message: `unknown server '${server}'; declare it under /servers (known: ${Object.keys(raw.servers).join(', ')})` })
    }
    const insideOwnFolder = file.startsWith(`${directory}/`)
    if (insideOwnFolder === (document.origin === 'reused')) {
      const expected = document.origin === 'reused' ? "a reused document must live in another provider's folder" : `a ${document.origin} document must live in ${directory}/`
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
      if (manifest.mockPorts[server] === undefined) throw new CodegenError({ file: manifest.manifestPath, pointer: '/mockPorts', message: `no mock port for the '${server}' server` })
    }
    for (const [server, port] of Object.entries(manifest.mockPorts)) {
      const pointer = `/mockPorts/${server}`
      if (!servers.includes(server)) throw new CodegenError({ file: manifest.manifestPath, pointer, message: `'${server}' is not a server of this provider (servers: ${servers.join(', ')})` })
      const owner = owners.get(port)
      if (owner !== undefined) throw new CodegenError({ file: manifest.manifestPath, pointer, message: `mock port ${port} is already ${owner}'s` })
      owners.set(port, `${manifest.id} ${server}`)
    }
  }
}

// A reused document keeps its provenance in the manifest of the provider it belongs to.
function checkReuse(manifests: readonly ProviderManifest[]): void {
  const owned = new Set(manifests.flatMap((manifest) => manifest.documents.filter((document) => document.origin !== 'reused').map((document) => document.file)))
  for (const manifest of manifests) {
    for (const document of manifest.documents) {
      if (document.origin === 'reused' && !owned.has(document.file)) {
        throw new CodegenError({ file: manifest.manifestPath, pointer: `${document.manifestPointer}/file`, message: `reused document ${document.file} is not listed as vendored or hand-authored in its own provider's manifest` })
      }
    }
  }
}
