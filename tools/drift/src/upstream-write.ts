import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  buildProviders,
  CodegenError,
  CodegenErrors,
  flattenYaml,
  fromPointer,
  repairFlattenedYaml,
  runCodegenCli,
  sha256Hex,
  stringifyJson,
  vendoredJsonFromUpstream,
  writeAtomically,
  type GeneratedFile,
  type JsonObject,
  type ManifestDocument,
  type ProviderManifest,
  type UpstreamRecord,
} from '@sorakit/codegen'
import type { FetchOptions } from './upstream-fetch.js'
import { fetchAndExtract, type PullRow } from './upstream-pull.js'

export interface WriteOptions extends FetchOptions {
  /** The date recorded as `retrieved`. Default: today (UTC), `YYYY-MM-DD`. */
  today?: string
  /**
   * Regenerates packages/ after the write. Default: `pnpm codegen`'s own entry point on the same root, logging to
   * stderr.
   */
  regenerate?: (repositoryRoot: string) => Promise<number>
}

interface Accepted {
  row: PullRow
  manifest: ProviderManifest
  document: ManifestDocument
  vendoredJson: string
  /** Set when the page is no longer flattened, so the repair record no longer applies. */
  dropRepair: boolean
}

/**
 * Takes every `changed` row: converts its text to the vendored JSON (re-running the repair of a
 * flattened page against its reference), updates sha256 and date in the manifest, checks the
 * result with the codegen on a copy of specs/, and only then writes all files atomically and
 * regenerates the packages. A row that cannot be taken safely is `refused` with the reason; the
 * vendored copy is never left half-written. While a schema-endpoint document could not be fetched
 * (throttled to the end, unreachable), every changed row is refused and nothing is written.
 */
export async function writeChangedUpstreams(
  repositoryRoot: string,
  manifests: readonly ProviderManifest[],
  rows: readonly PullRow[],
  options: WriteOptions = {},
): Promise<PullRow[]> {
  const incomplete = incompleteCatalogPull(manifests, rows)
  if (incomplete !== undefined)
    return rows.map((row) => (row.status === 'changed' ? { ...row, status: 'refused', reason: incomplete } : row))
  const accepted: Accepted[] = []
  const results = new Map<PullRow, PullRow>()
  for (const row of rows.filter((candidate) => candidate.status === 'changed')) {
    const manifest = manifests.find((candidate) => candidate.id === row.provider)!
    const document = manifest.documents.find((candidate) => candidate.file === row.file)!
    const prepared = await prepare(row, document, options)
    if ('refusal' in prepared) results.set(row, { ...row, status: 'refused', reason: prepared.refusal })
    else accepted.push({ row, manifest, document, ...prepared })
  }
  if (accepted.length > 0) {
    const files = await stagedFiles(repositoryRoot, accepted, options.today ?? new Date().toISOString().slice(0, 10))
    const problem = await codegenProblem(repositoryRoot, files)
    if (problem !== undefined) {
      for (const item of accepted)
        results.set(item.row, {
          ...item.row,
          status: 'refused',
          reason: `codegen rejects the new upstream documents, nothing written: ${problem}`,
        })
    } else {
      await writeAtomically(repositoryRoot, files)
      const exitCode = await (options.regenerate ?? regenerateQuietly)(repositoryRoot)
      const regenerated =
        exitCode === 0
          ? 'packages regenerated'
          : `written, but pnpm codegen exited ${exitCode}: run it and read its errors`
      for (const item of accepted) {
        const note = item.dropRepair ? `; the page is no longer flattened, the repair record was dropped` : ''
        results.set(item.row, {
          ...item.row,
          status: 'written',
          reason: `vendored copy and manifest updated, ${regenerated}${note}`,
        })
      }
    }
  }
  return rows.map((row) => results.get(row) ?? row)
}

/**
 * A catalog route that stayed throttled or failed leaves the pull incomplete; writing the rest
 * would leave a tree pulled at two moments, so nothing is written (why the whole write: the
 * provider throttles the whole catalog, and the next pull takes every change at once).
 */
function incompleteCatalogPull(manifests: readonly ProviderManifest[], rows: readonly PullRow[]): string | undefined {
  const failed = rows.filter(
    (row) => row.status === 'unreachable' && documentOf(manifests, row)?.upstream?.form === 'schema-endpoint',
  )
  if (failed.length === 0) return undefined
  return `not written: ${failed.length} schema-endpoint document(s) could not be fetched (${failed.map((row) => row.file).join(', ')}); --write takes nothing while a catalog pull is incomplete: pull again later`
}

function documentOf(manifests: readonly ProviderManifest[], row: PullRow): ManifestDocument | undefined {
  return manifests
    .find((manifest) => manifest.id === row.provider)
    ?.documents.find((document) => document.file === row.file)
}

/** `pnpm codegen` on the same root, its log sent to stderr so stdout carries only the pull report (`--json`). */
function regenerateQuietly(repositoryRoot: string): Promise<number> {
  const toStandardError = (line: string) => void process.stderr.write(line + '\n')
  return runCodegenCli(['--root', repositoryRoot], { info: toStandardError, problem: toStandardError })
}

async function prepare(
  row: PullRow,
  document: ManifestDocument,
  options: FetchOptions,
): Promise<{ vendoredJson: string; dropRepair: boolean } | { refusal: string }> {
  const upstream = document.upstream!
  let upstreamText = row.upstreamText!
  let dropRepair = false
  if (upstream.repair !== undefined) {
    if (isFlattened(upstreamText)) {
      const repaired = await rerunRepair(upstreamText, upstream.repairReference, options)
      if ('refusal' in repaired) return repaired
      upstreamText = repaired.text
    } else {
      dropRepair = true
    }
  }
  try {
    return { vendoredJson: vendoredJsonFromUpstream(upstreamText, upstream.form, row.url ?? row.file), dropRepair }
  } catch (error) {
    return { refusal: `the new upstream text cannot be vendored: ${(error as Error).message}` }
  }
}

/** A page that lost its indentation: no line of it is indented. */
function isFlattened(text: string): boolean {
  return !text.split('\n').some((line) => /^\s+\S/.test(line))
}

async function rerunRepair(
  flattened: string,
  reference: UpstreamRecord['repairReference'],
  options: FetchOptions,
): Promise<{ text: string } | { refusal: string }> {
  if (reference === undefined) {
    return {
      refusal:
        'the page is flattened (no indentation) and the manifest names no upstream.repairReference to restore it from; repair it by hand with repairFlattenedYaml (tools/codegen/src/upstream-yaml.ts) and record the reference',
    }
  }
  const fetched = await fetchAndExtract(reference, options, false)
  if (!fetched.extraction.ok)
    return {
      refusal: `the page is flattened and its repair reference ${fetched.url} could not be read: ${fetched.extraction.reason}`,
    }
  const referenceSha256 = sha256Hex(fetched.extraction.text)
  if (referenceSha256 !== reference.sha256) {
    return {
      refusal: `the page is flattened and its repair reference changed too (${reference.sha256.slice(0, 12)}… → ${referenceSha256.slice(0, 12)}…): the repair cannot be trusted blindly; review both pages, repair by hand and record the new reference`,
    }
  }
  try {
    const text = repairFlattenedYaml(flattened, fetched.extraction.text)
    // The repair guarantees the same lines; this guards the other direction (nothing dropped).
    if (flattenYaml(text).length !== flattenYaml(flattened).length)
      return { refusal: 'the repair changed the number of lines; refusing' }
    return { text }
  } catch (error) {
    return { refusal: `the flattened page could not be repaired against ${reference.url}: ${(error as Error).message}` }
  }
}

async function stagedFiles(
  repositoryRoot: string,
  accepted: readonly Accepted[],
  today: string,
): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = accepted.map((item) => ({ path: item.document.file, content: item.vendoredJson }))
  for (const manifest of new Set(accepted.map((item) => item.manifest))) {
    const raw = JSON.parse(await readFile(path.join(repositoryRoot, manifest.manifestPath), 'utf8')) as JsonObject
    for (const item of accepted.filter((candidate) => candidate.manifest === manifest)) {
      const [, index] = fromPointer(item.document.manifestPointer)
      const entry = (raw.documents as JsonObject[])[Number(index)]!
      const upstream = entry.upstream as JsonObject
      upstream.sha256 = item.row.upstreamSha256!
      upstream.retrieved = today
      if (item.dropRepair) {
        delete upstream.repair
        delete upstream.repairReference
      }
    }
    files.push({ path: manifest.manifestPath, content: stringifyJson(raw) })
  }
  return files
}

/** Runs the codegen's load, overlay, merge and validation on a copy of specs/ with the new files. */
async function codegenProblem(repositoryRoot: string, files: readonly GeneratedFile[]): Promise<string | undefined> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'sorakit-drift-'))
  try {
    await cp(path.join(repositoryRoot, 'specs'), path.join(scratch, 'specs'), { recursive: true })
    for (const file of files) {
      await mkdir(path.dirname(path.join(scratch, file.path)), { recursive: true })
      await writeFile(path.join(scratch, file.path), file.content, 'utf8')
    }
    await buildProviders(scratch)
    return undefined
  } catch (error) {
    if (error instanceof CodegenError || error instanceof CodegenErrors) return error.message
    throw error
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
