import type { ManifestDocument, ProviderCatalog, ProviderManifest } from '@sorakit/codegen'
import { fetchCatalogRoute, type CatalogFetchOptions, type WaitBudget } from './catalog-fetch.js'
import {
  declaredModels,
  parseListing,
  schemaRouteUrl,
  type DeclaredModel,
  type ListedModel,
} from './catalog-listing.js'
import { DriftError } from './drift-error.js'
import { compareWithRecord, type PullRow } from './pull-row.js'
import { extractUpstream } from './upstream-extract.js'

export interface CatalogPullOptions extends CatalogFetchOptions {
  /** Where the catalog's key variable (`catalog.apiKeyVariable`) is read. Default: process.env. */
  environment?: Readonly<Record<string, string | undefined>>
}

export interface CatalogCheck {
  /** The row of each schema-endpoint document. */
  documentRows: Map<ManifestDocument, PullRow>
  /** The model list's rows: its failure, or the models disappeared and listed but not vendored. */
  listingRows: PullRow[]
}

/**
 * Checks a provider's catalog: its model list against the models the manifest declares, and each
 * schema-endpoint document against its route. Requests go one at a time (the provider throttles
 * them). Without the key, nothing is requested: every row says which variable to set.
 */
export async function checkCatalog(
  repositoryRoot: string,
  manifest: ProviderManifest,
  documents: readonly ManifestDocument[],
  options: CatalogPullOptions,
): Promise<CatalogCheck> {
  const catalog = manifest.catalog
  if (catalog === undefined) {
    requireCatalog(manifest)
    return { documentRows: new Map(), listingRows: [] }
  }
  const apiKey = (options.environment ?? process.env)[catalog.apiKeyVariable]
  if (apiKey === undefined || apiKey === '') return withoutKey(manifest, catalog, documents)
  const budget: WaitBudget = { waitedMs: 0 }
  const listingRows = await checkListing(repositoryRoot, manifest, catalog, apiKey, options, budget)
  const documentRows = new Map<ManifestDocument, PullRow>()
  for (const document of documents)
    documentRows.set(document, await checkSchemaDocument(manifest, document, apiKey, options, budget))
  return { documentRows, listingRows }
}

/**
 * A schema-endpoint document needs its provider's catalog: it names the key variable the route needs. Checked before
 * anything is fetched.
 */
export function requireCatalog(manifest: ProviderManifest): void {
  const fromRoute = manifest.documents.find(
    (document) => document.origin === 'vendored' && document.upstream?.form === 'schema-endpoint',
  )
  if (manifest.catalog === undefined && fromRoute !== undefined) {
    throw new DriftError(
      `${manifest.manifestPath}: ${fromRoute.file} is read from a schema endpoint (upstream.form "schema-endpoint"), but the manifest declares no "catalog" naming the key variable its route needs`,
    )
  }
}

function withoutKey(
  manifest: ProviderManifest,
  catalog: ProviderCatalog,
  documents: readonly ManifestDocument[],
): CatalogCheck {
  const reason = `needs ${catalog.apiKeyVariable}: the provider's catalog routes answer only with Authorization: Bearer <key>; set the variable to check this`
  const documentRows = new Map(
    documents.map(
      (document) =>
        [
          document,
          {
            provider: manifest.id,
            file: document.file,
            url: document.upstream!.url,
            recordedSha256: document.upstream!.sha256,
            status: 'needs-key',
            reason,
          } satisfies PullRow,
        ] as const,
    ),
  )
  return {
    documentRows,
    listingRows: [
      {
        provider: manifest.id,
        file: manifest.manifestPath,
        url: catalog.url,
        status: 'needs-key',
        reason: `${reason} (the model list)`,
      },
    ],
  }
}

async function checkSchemaDocument(
  manifest: ProviderManifest,
  document: ManifestDocument,
  apiKey: string,
  options: CatalogFetchOptions,
  budget: WaitBudget,
): Promise<PullRow> {
  const upstream = document.upstream!
  const fetched = await fetchCatalogRoute(upstream.url, apiKey, options, budget)
  const extraction = fetched.ok ? extractUpstream(fetched.text, fetched.contentType, upstream) : fetched
  return compareWithRecord({ provider: manifest.id, file: document.file, url: upstream.url }, upstream, {
    unreachable: !fetched.ok,
    extraction,
  })
}

async function checkListing(
  repositoryRoot: string,
  manifest: ProviderManifest,
  catalog: ProviderCatalog,
  apiKey: string,
  options: CatalogFetchOptions,
  budget: WaitBudget,
): Promise<PullRow[]> {
  const base = { provider: manifest.id, file: manifest.manifestPath, url: catalog.url }
  const fetched = await fetchCatalogRoute(catalog.url, apiKey, options, budget)
  if (!fetched.ok) return [{ ...base, status: 'unreachable', reason: fetched.reason }]
  const listing = parseListing(fetched.text)
  if (!listing.ok) return [{ ...base, status: 'malformed', reason: listing.reason }]
  return compareListing(manifest, catalog, listing.models, await declaredModels(repositoryRoot, manifest))
}

/**
 * The differences between the provider's list and the manifest: declared models no longer listed
 * (`disappeared`, unless the manifest already records them paused or withdrawn: kie.ai drops its
 * paused models from the list) and listed models no
 * document declares (`listed-not-vendored`: reported only; vendoring one is a decision).
 */
function compareListing(
  manifest: ProviderManifest,
  catalog: ProviderCatalog,
  listed: readonly ListedModel[],
  declared: readonly DeclaredModel[],
): PullRow[] {
  const listedIds = new Set(listed.map((entry) => entry.model))
  const declaredIds = new Set(declared.map((entry) => entry.model))
  const disappeared = declared
    .filter(
      (entry) =>
        !listedIds.has(entry.model) && (entry.document.model?.availability.status ?? 'available') === 'available',
    )
    .map(
      (entry): PullRow => ({
        provider: manifest.id,
        file: entry.document.file,
        model: entry.model,
        status: 'disappeared',
        url: catalog.url,
        reason: `no longer in the provider's model list: if it was paused or withdrawn, record model.availability (status "paused" or "withdrawn", with since and source) in ${manifest.manifestPath}`,
      }),
    )
  const notVendored = listed
    .filter((entry) => !declaredIds.has(entry.model))
    .map(
      (entry): PullRow => ({
        provider: manifest.id,
        file: manifest.manifestPath,
        model: entry.model,
        status: 'listed-not-vendored',
        url: schemaRouteUrl(catalog, entry.model),
        reason: describeListed(entry),
      }),
    )
  return [...disappeared, ...notVendored]
}

function describeListed(entry: ListedModel): string {
  const maker = entry.maker === undefined ? '' : ` by ${entry.maker}`
  const tasks = entry.taskTypes.length === 0 ? '' : ` (${entry.taskTypes.join(', ')})`
  return `${entry.title ?? entry.model}${maker}${tasks}`
}
