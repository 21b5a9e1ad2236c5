import { loadManifests, type ManifestDocument, type ProviderManifest, type UpstreamRecord } from '@sorakit/codegen'
import { checkCatalog, requireCatalog, type CatalogPullOptions } from './catalog-pull.js'
import { compareWithRecord, type PullRow } from './pull-row.js'
import { DriftError } from './drift-error.js'
import { extractUpstream, sourceUrl, type Extraction } from './upstream-extract.js'
import { fetchUpstream, type FetchOptions } from './upstream-fetch.js'

export type { PullRow, PullStatus } from './pull-row.js'

export interface PullOptions extends CatalogPullOptions {
  /** Only these provider ids. Default: every provider in specs/. */
  providers?: readonly string[]
}

/**
 * Checks every vendored document of the selected providers against its upstream page, and each
 * provider's catalog (its model list and schema-endpoint documents, see catalog-pull.ts).
 */
export async function checkUpstreams(
  repositoryRoot: string,
  options: PullOptions = {},
): Promise<{ manifests: ProviderManifest[]; rows: PullRow[] }> {
  const manifests = await loadManifests(repositoryRoot)
  const known = manifests.map((manifest) => manifest.id)
  const unknown = (options.providers ?? []).filter((id) => !known.includes(id))
  if (unknown.length > 0) throw new DriftError(`unknown provider ${unknown.join(', ')}; known: ${known.join(', ')}`)
  const selected = manifests.filter(
    (manifest) =>
      options.providers === undefined || options.providers.length === 0 || options.providers.includes(manifest.id),
  )
  for (const manifest of selected) requireCatalog(manifest)
  const owners = new Map(
    manifests.flatMap((manifest) =>
      manifest.documents
        .filter((document) => document.origin !== 'reused')
        .map((document) => [document.file, manifest.id] as const),
    ),
  )
  const perProvider = await Promise.all(
    selected.map((manifest) => checkProvider(repositoryRoot, manifest, owners, options)),
  )
  return { manifests, rows: perProvider.flat() }
}

/**
 * Docs pages are fetched all at once; the catalog routes (schema-endpoint documents and the model
 * list) one after the other, since the provider throttles them. Rows keep the manifest's order,
 * the model list's rows last.
 */
async function checkProvider(
  repositoryRoot: string,
  manifest: ProviderManifest,
  owners: Map<string, string>,
  options: PullOptions,
): Promise<PullRow[]> {
  const fromCatalog = (document: ManifestDocument) =>
    document.origin === 'vendored' && document.upstream?.form === 'schema-endpoint'
  const [pageRows, catalog] = await Promise.all([
    Promise.all(
      manifest.documents.map((document) =>
        fromCatalog(document) ? undefined : checkDocument(manifest, document, owners, options),
      ),
    ),
    checkCatalog(repositoryRoot, manifest, manifest.documents.filter(fromCatalog), options),
  ])
  const documentRows = manifest.documents.map(
    (document, index) => pageRows[index] ?? catalog.documentRows.get(document)!,
  )
  return [...documentRows, ...catalog.listingRows]
}

async function checkDocument(
  manifest: ProviderManifest,
  document: ManifestDocument,
  owners: Map<string, string>,
  options: FetchOptions,
): Promise<PullRow> {
  const base = { provider: manifest.id, file: document.file }
  if (document.origin === 'hand-authored')
    return { ...base, status: 'hand-authored', reason: 'written here; no upstream document to compare' }
  if (document.origin === 'reused')
    return {
      ...base,
      status: 'reused',
      reason: `provenance in specs/${owners.get(document.file) ?? '?'}/manifest.json`,
    }
  const upstream = document.upstream
  if (upstream === undefined)
    return { ...base, status: 'malformed', reason: 'vendored document without an upstream record in the manifest' }
  const fetched = await fetchAndExtract(upstream, options, upstream.repair !== undefined)
  return compareWithRecord({ ...base, url: fetched.url }, upstream, fetched)
}

/** Fetches a record's page and extracts its YAML; `unreachable` tells a network failure from a bad page. */
export async function fetchAndExtract(
  record: Pick<UpstreamRecord, 'url' | 'form' | 'block'>,
  options: FetchOptions,
  allowUnparsable: boolean,
): Promise<{ url: string; unreachable: boolean; extraction: Extraction }> {
  const url = sourceUrl(record)
  const response = await fetchUpstream(url, options)
  if (!response.ok) return { url, unreachable: true, extraction: response }
  return {
    url,
    unreachable: false,
    extraction: extractUpstream(response.text, response.contentType, record, allowUnparsable),
  }
}
