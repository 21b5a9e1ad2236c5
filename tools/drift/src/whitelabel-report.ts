import type { ContractChange } from './contract-change.js'
import type { BundledDocument } from './bundled-documents.js'
import { diffDocuments } from './contract-diff.js'
import { changeRows } from './diff-report.js'
import { markdownTable } from './markdown-table.js'

type WhitelabelKind = 'lacks' | 'adds' | 'changes'

/** The `--json` output of `specs:whitelabel`. */
export interface WhitelabelReport {
  format: 'sorakit-whitelabel-diff'
  version: 1
  /** The original API (e.g. kie) and its white label (e.g. apikley). */
  reference: string
  whitelabel: string
  differences: Array<ContractChange & { kind: WhitelabelKind }>
}

/** The same diff as `specs:diff`, read as "what the white label lacks, adds or changes". */
export function whitelabelReport(reference: BundledDocument, whitelabel: BundledDocument): WhitelabelReport {
  const differences = diffDocuments(reference.document, whitelabel.document).map((change) => ({
    ...change,
    kind: kindOf(change),
  }))
  return {
    format: 'sorakit-whitelabel-diff',
    version: 1,
    reference: reference.provider,
    whitelabel: whitelabel.provider,
    differences,
  }
}

function kindOf(change: ContractChange): WhitelabelKind {
  if (change.rule.endsWith('-removed')) return 'lacks'
  if (change.rule.endsWith('-added')) return 'adds'
  return 'changes'
}

export function renderWhitelabelMarkdown(report: WhitelabelReport): string {
  const sections = [`# ${report.whitelabel} compared with ${report.reference}`]
  const titles: Record<WhitelabelKind, string> = {
    lacks: `What ${report.whitelabel} lacks`,
    adds: `What ${report.whitelabel} adds`,
    changes: `What ${report.whitelabel} changes`,
  }
  for (const kind of ['lacks', 'adds', 'changes'] as const) {
    const changes = report.differences.filter((difference) => difference.kind === kind)
    sections.push(`## ${titles[kind]} (${changes.length})`)
    sections.push(
      changes.length === 0
        ? 'Nothing.'
        : markdownTable(['consumer impact', 'rule', 'operation', 'where', 'difference'], changeRows(changes)),
    )
  }
  return sections.join('\n\n') + '\n'
}
