import { sha256Hex, type UpstreamRecord } from '@sorakit/codegen'
import type { Extraction } from './upstream-extract.js'

export type PullStatus =
  /** The upstream text hashes to the manifest's sha256. */
  | 'unchanged'
  /** The upstream text differs; `--write` would take it. */
  | 'changed'
  /** `--write` took the new text: vendored copy, manifest and packages regenerated. */
  | 'written'
  /** `--write` did not take a changed text (reason given); nothing was written for it. */
  | 'refused'
  /**
   * The page could not be fetched (offline, refused, unknown host, timeout, HTTP error; a catalog route throttled to
   * the end or answering an error code).
   */
  | 'unreachable'
  /** The page was fetched but its block is missing or malformed. */
  | 'malformed'
  /** Written by hand in this repository: there is no upstream to compare. */
  | 'hand-authored'
  /** Another provider's document: checked in the row of the provider that owns it. */
  | 'reused'
  /** The document (or the model list) is read from the provider's catalog routes, whose key is not set: not fetched. */
  | 'needs-key'
  /** The provider's model list names a model no document of its manifest declares (reported, never vendored). */
  | 'listed-not-vendored'
  /** A model the manifest declares is no longer in the provider's model list. */
  | 'disappeared'

export interface PullRow {
  provider: string
  /** Repository-relative document path; for a model list row, the manifest declaring the catalog. */
  file: string
  /** The model id, on model list rows (`listed-not-vendored`, `disappeared`). */
  model?: string
  status: PullStatus
  /** The page fetched, for vendored documents; the model's schema route for a listed model. */
  url?: string
  /** Why: the failure, the refusal, or what owns a reused document. */
  reason?: string
  recordedSha256?: string
  upstreamSha256?: string
  /** The extracted upstream text, kept in memory for `--write`. */
  upstreamText?: string
}

/** The row of a fetched document: its failure, or its text compared by sha256 with the manifest's record. */
export function compareWithRecord(
  base: Pick<PullRow, 'provider' | 'file' | 'url'>,
  upstream: UpstreamRecord,
  fetched: { unreachable: boolean; extraction: Extraction },
): PullRow {
  const row = { ...base, recordedSha256: upstream.sha256 }
  if (!fetched.extraction.ok)
    return { ...row, status: fetched.unreachable ? 'unreachable' : 'malformed', reason: fetched.extraction.reason }
  const upstreamSha256 = sha256Hex(fetched.extraction.text)
  return {
    ...row,
    upstreamSha256,
    upstreamText: fetched.extraction.text,
    status: upstreamSha256 === upstream.sha256 ? 'unchanged' : 'changed',
  }
}
