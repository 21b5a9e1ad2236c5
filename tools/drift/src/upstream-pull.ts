import { loadManifests, sha256Hex, type ManifestDocument, type ProviderManifest, type UpstreamRecord } from '@sorakit/codegen'
import { DriftError } from './drift-error.js'
import { extractUpstream, sourceUrl, type Extraction } from './upstream-extract.js'
import { fetchUpstream, type FetchOptions } from './upstream-fetch.js'

export type PullStatus =
  /** The upstream text hashes to the manifest's sha256. */
  | 'unchanged'
  /** The upstream text differs; `--write` would take it. */
  | 'changed'
  /** `--write` took the new text: vendored copy, manifest and packages regenerated. */
  | 'written'
  /** `--write` did not take a changed text (reason given); nothing was written for it. */
  | 'refused'
  /** The page could not be fetched (offline, refused, unknown host, timeout, HTTP error). */
  | 'unreachable'
  /** The page was fetched but its block is missing or malformed. */
  | 'malformed'
  /** Written by hand in this repository: there is no upstream to compare. */
  | 'hand-authored'
  /** Another provider's document: checked in the row of the provider that owns it. */
  | 'reused'

export interface PullRow {
  provider: string
  /** Repository-relative document path. */
  file: string
  status: PullStatus
  /** The page fetched, for vendored documents. */
  url?: string
  /** Why: the failure, the refusal, or what owns a reused document. */
  reason?: string
  recordedSha256?: string
  upstreamSha256?: string
  /** The extracted upstream text, kept in memory for `--write`. */
  upstreamText?: string
}

export interface PullOptions extends FetchOptions {
  /** Only these provider ids. Default: every provider in specs/. */
  providers?: readonly string[]
}

/** Checks every vendored document of the selected providers against its upstream page. */
export async function checkUpstreams(repositoryRoot: string, options: PullOptions = {}): Promise<{ manifests: ProviderManifest[]; rows: PullRow[] }> {
  const manifests = await loadManifests(repositoryRoot)
  const known = manifests.map((manifest) => manifest.id)
  const unknown = (options.providers ?? []).filter((id) => !known.includes(id))
  if (unknown.length > 0) throw new DriftError(`unknown provider ${unknown.join(', ')}; known: ${known.join(', ')}`)
  const selected = manifests.filter((manifest) => options.providers === undefined || options.providers.length === 0 || options.providers.includes(manifest.id))
  const owners = new Map(manifests.flatMap((manifest) => manifest.documents.filter((document) => document.origin !== 'reused').map((document) => [document.file, manifest.id] as const)))
  const rows = await Promise.all(
    selected.flatMap((manifest) => manifest.documents.map((document) => checkDocument(manifest, document, owners, options))),
  )
  return { manifests, rows }
}

async function checkDocument(manifest: ProviderManifest, document: ManifestDocument, owners: Map<string, string>, options: FetchOptions): Promise<PullRow> {
  const base = { provider: manifest.id, file: document.file }
  if (document.origin === 'hand-authored') return { ...base, status: 'hand-authored', reason: 'written here; no upstream document to compare' }
  if (document.origin === 'reused') return { ...base, status: 'reused', reason: `provenance in specs/${owners.get(document.file) ?? '?'}/manifest.json` }
  const upstream = document.upstream
  if (upstream === undefined) return { ...base, status: 'malformed', reason: 'vendored document without an upstream record in the manifest' }
  const fetched = await fetchAndExtract(upstream, options, upstream.repair !== undefined)
  const row = { ...base, url: fetched.url, recordedSha256: upstream.sha256 }
  if (!fetched.extraction.ok) return { ...row, status: fetched.unreachable ? 'unreachable' : 'malformed', reason: fetched.extraction.reason }
  const upstreamSha256 = sha256Hex(fetched.extraction.text)
  return { ...row, upstreamSha256, upstreamText: fetched.extraction.text, status: upstreamSha256 === upstream.sha256 ? 'unchanged' : 'changed' }
}

/** Fetches a record's page and extracts its YAML; `unreachable` tells a network failure from a bad page. */
export async function fetchAndExtract(record: Pick<UpstreamRecord, 'url' | 'form' | 'block'>, options: FetchOptions, allowUnparsable: boolean): Promise<{ url: string; unreachable: boolean; extraction: Extraction }> {
  const url = sourceUrl(record)
  const response = await fetchUpstream(url, options)
  if (!response.ok) return { url, unreachable: true, extraction: response }
  return { url, unreachable: false, extraction: extractUpstream(response.text, response.contentType, record, allowUnparsable) }
}
