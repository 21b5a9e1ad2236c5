import { readFile } from 'node:fs/promises'
import path from 'node:path'
import parseChangesetFile from '@changesets/parse'
import { bumpCovers, type Bump } from './change-rules.js'
import type { ContractChange } from './contract-change.js'
import { bundledDocumentsAtRef, bundledDocumentsInTree, isBundledDocumentPath } from './bundled-documents.js'
import { diffBundledSets, type DiffReport } from './diff-report.js'
import { DriftError } from './drift-error.js'
import { changedFilesSince, defaultBase, verifyRef } from './git-repository.js'

interface ChangesetFile {
  file: string
  releases: Array<{ name: string; type: Bump | 'none' }>
}

interface PackageVerdict {
  provider: string
  package: string
  /** The smallest bump the changes need. */
  needed: Bump
  /** The largest bump a changeset added since the base gives this package; `null` for none. */
  offered: Bump | null
  changesetFiles: string[]
  ok: boolean
  changes: ContractChange[]
}

export interface ChangesetVerification {
  format: 'sorakit-changeset-check'
  version: 1
  base: string
  /** Files under specs/ or bundled documents that differ from the base. */
  specFiles: string[]
  diff: DiffReport | null
  verdicts: PackageVerdict[]
  ok: boolean
}

export interface VerifyOptions {
  /** The git ref to compare with. Default: the merge base of HEAD with main. */
  base?: string
}

/**
 * The CI gate: when specs/ or a bundled document differs from the base, every package whose
 * contract changed needs a changeset added since the base with a bump at least as large as its
 * changes (breaking → major, additions → minor, anything else → patch).
 */
export async function verifyChangesets(
  repositoryRoot: string,
  options: VerifyOptions = {},
): Promise<ChangesetVerification> {
  const base = options.base ?? (await defaultBase(repositoryRoot))
  await verifyRef(repositoryRoot, base)
  const changed = await changedFilesSince(repositoryRoot, base)
  const specFiles = changed.filter((file) => file.startsWith('specs/') || isBundledDocumentPath(file))
  const result = { format: 'sorakit-changeset-check', version: 1, base, specFiles } as const
  if (specFiles.length === 0) return { ...result, diff: null, verdicts: [], ok: true }
  const diff = diffBundledSets(
    await bundledDocumentsAtRef(repositoryRoot, base),
    await bundledDocumentsInTree(repositoryRoot),
    { before: base, after: 'working tree' },
  )
  const changesets = await readChangesets(
    repositoryRoot,
    changed.filter((file) => /^\.changeset\/[^/]+\.md$/.test(file) && file !== '.changeset/README.md'),
  )
  const verdicts = diff.providers
    .filter((provider) => provider.bump !== null)
    .map((provider): PackageVerdict => {
      const offering = changesets.flatMap((changeset) =>
        changeset.releases
          .filter((release) => release.name === provider.package && release.type !== 'none')
          .map((release) => ({ file: changeset.file, type: release.type as Bump })),
      )
      const offered = offering.reduce<Bump | null>(
        (largest, release) => (largest === null || bumpCovers(release.type, largest) ? release.type : largest),
        null,
      )
      const needed = provider.bump!
      return {
        provider: provider.provider,
        package: provider.package,
        needed,
        offered,
        changesetFiles: offering.map((release) => release.file),
        ok: offered !== null && bumpCovers(offered, needed),
        changes: provider.changes,
      }
    })
  return { ...result, diff, verdicts, ok: verdicts.every((verdict) => verdict.ok) }
}

async function readChangesets(repositoryRoot: string, files: readonly string[]): Promise<ChangesetFile[]> {
  const changesets: ChangesetFile[] = []
  for (const file of files) {
    const text = await readFile(path.join(repositoryRoot, file), 'utf8').catch(() => undefined)
    if (text === undefined) continue // deleted since the base (consumed by `changeset version`)
    try {
      const parsed = parseChangesetFile(text)
      changesets.push({
        file,
        releases: parsed.releases.map((release) => ({ name: release.name, type: release.type })),
      })
    } catch (error) {
      throw new DriftError(
        `${file}: not a valid changeset (${(error as Error).message.split('\n')[0]}); its frontmatter must list "package": major|minor|patch between --- lines`,
      )
    }
  }
  return changesets
}

const shownChanges = 15

/** The failure text: which package, which changes, and the command that fixes it. */
export function renderVerification(result: ChangesetVerification): string {
  if (result.specFiles.length === 0)
    return `specs:verify-changesets: no change under specs/ or in a bundled document since ${short(result.base)}; nothing to check.\n`
  if (result.verdicts.length === 0)
    return `specs:verify-changesets: ${result.specFiles.length} spec file(s) changed since ${short(result.base)}, but no bundled document changed for consumers; no changeset needed.\n`
  const lines: string[] = []
  for (const verdict of result.verdicts) {
    const found = verdict.offered === null ? 'none' : `${verdict.offered} in ${verdict.changesetFiles.join(', ')}`
    if (verdict.ok) {
      lines.push(`ok   ${verdict.package}: needs ${verdict.needed}, found ${found}`)
      continue
    }
    lines.push(
      `FAIL ${verdict.package}: its contract changed and needs a ${verdict.needed} changeset (found: ${found}). Changes:`,
    )
    const relevant = verdict.changes.filter((change) => change.rule !== 'documentation-changed')
    const listed = relevant.length > 0 ? relevant : verdict.changes
    for (const change of listed.slice(0, shownChanges))
      lines.push(
        `       - ${change.classification} ${change.rule}: ${change.operation} ${change.location}: ${change.message}`,
      )
    if (listed.length > shownChanges)
      lines.push(
        `       … and ${listed.length - shownChanges} more (see \`pnpm specs:diff --base ${short(result.base)}\`)`,
      )
    lines.push(
      `     Fix: run \`pnpm changeset\`, select ${verdict.package}, choose "${verdict.needed}", describe the change for users, and commit the new .changeset/*.md file.`,
    )
  }
  const failed = result.verdicts.filter((verdict) => !verdict.ok).length
  const verdict =
    failed === 0 ? 'every changed package has a large enough changeset' : `${failed} package(s) need a changeset`
  return `specs:verify-changesets (base ${short(result.base)}): ${verdict}\n${lines.join('\n')}\n`
}

function short(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 12) : ref
}
