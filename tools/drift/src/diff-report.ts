import type { JsonValue } from '@sorakit/codegen'
import { changeRules, requiredBump, type Bump } from './change-rules.js'
import type { ContractChange } from './contract-change.js'
import { diffDocuments } from './contract-diff.js'
import type { BundledDocument } from './bundled-documents.js'
import { markdownTable } from './markdown-table.js'

/** The `--json` output of `specs:diff`; `format` and `version` let other CI systems check what they read. */
export interface DiffReport {
  format: 'sorakit-spec-diff'
  version: 1
  /** What was compared: a git ref or a file path. */
  before: string
  /** The working tree, or a file path. */
  after: string
  providers: ProviderDiff[]
}

export interface ProviderDiff {
  provider: string
  package: string
  /** `added`: no bundled document at the base (everything in it is an addition); `removed`: none any more. */
  packageStatus: 'added' | 'changed' | 'removed'
  /** The smallest release that may carry these changes; `null` when nothing changed. */
  bump: Bump | null
  counts: { breaking: number; 'non-breaking': number; info: number }
  changes: ContractChange[]
}

/** `before` is `undefined` for a package new since the base, `after` for one that is gone. */
export function providerDiff(
  provider: string,
  packageName: string,
  before: JsonValue | undefined,
  after: JsonValue | undefined,
): ProviderDiff {
  const changes = diffDocuments(before, after)
  const counts = { breaking: 0, 'non-breaking': 0, info: 0 }
  for (const change of changes) counts[change.classification] += 1
  const packageStatus = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'
  return {
    provider,
    package: packageName,
    packageStatus,
    bump: requiredBump(changes.map((change) => change.rule)) ?? null,
    counts,
    changes,
  }
}

/**
 * Every provider in either set. A provider new since the base has nothing a consumer relied on:
 * its operations and components are additions (no server "changed"); one that is gone, removals.
 */
export function diffBundledSets(
  before: Map<string, BundledDocument>,
  after: Map<string, BundledDocument>,
  labels: { before: string; after: string },
): DiffReport {
  const providers = [...new Set([...before.keys(), ...after.keys()])].sort()
  return {
    format: 'sorakit-spec-diff',
    version: 1,
    ...labels,
    providers: providers.map((provider) => {
      const was = before.get(provider)
      const is = after.get(provider)
      return providerDiff(provider, (is ?? was)!.packageName, was?.document, is?.document)
    }),
  }
}

const classificationOrder = { breaking: 0, 'non-breaking': 1, info: 2 } as const

/**
 * The readable form. Documentation-only changes are folded into one row per operation (the JSON
 * output keeps each of them).
 */
export function renderDiffMarkdown(report: DiffReport): string {
  const sections = [`# Spec diff: ${report.before} → ${report.after}`]
  for (const provider of report.providers) {
    const { breaking, info } = provider.counts
    const status =
      provider.packageStatus === 'changed'
        ? ''
        : ` (${provider.packageStatus === 'added' ? 'new package' : 'package removed'})`
    const heading = `## ${provider.package}${status}: ${provider.bump === null ? 'no change' : `${breaking} breaking, ${provider.counts['non-breaking']} non-breaking, ${info} info → needs a ${provider.bump} changeset`}`
    sections.push(heading)
    if (provider.changes.length > 0)
      sections.push(
        markdownTable(['classification', 'rule', 'operation', 'where', 'change'], changeRows(provider.changes)),
      )
  }
  return sections.join('\n\n') + '\n'
}

export function changeRows(changes: readonly ContractChange[]): string[][] {
  const documentation = new Map<string, number>()
  const rows: Array<{ order: number; cells: string[] }> = []
  for (const change of changes) {
    if (change.rule === 'documentation-changed') {
      documentation.set(change.operation, (documentation.get(change.operation) ?? 0) + 1)
      continue
    }
    rows.push({
      order: classificationOrder[change.classification],
      cells: [change.classification, change.rule, change.operation, change.location, change.message],
    })
  }
  for (const [operation, count] of documentation) {
    rows.push({
      order: classificationOrder.info,
      cells: [
        'info',
        'documentation-changed',
        operation,
        `${count} place(s)`,
        changeRules['documentation-changed'].summary,
      ],
    })
  }
  return rows.sort((left, right) => left.order - right.order).map((row) => row.cells)
}
