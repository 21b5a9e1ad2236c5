import { markdownTable } from './markdown-table.js'
import type { PullRow, PullStatus } from './upstream-pull.js'

/** The `--json` output of `specs:pull`. */
export interface PullReport {
  format: 'sorakit-spec-pull'
  version: 1
  rows: Array<Omit<PullRow, 'upstreamText'>>
}

export function pullReport(rows: readonly PullRow[]): PullReport {
  return { format: 'sorakit-spec-pull', version: 1, rows: rows.map(({ upstreamText: _text, ...row }) => row) }
}

/**
 * One table of documents (and model list failures, and disappeared models), then the models the
 * providers list that no document declares: a long list, kept apart so the table stays readable.
 */
export function renderPullMarkdown(rows: readonly PullRow[]): string {
  const listed = rows.filter((row) => row.status === 'listed-not-vendored')
  const table = markdownTable(
    ['provider', 'file', 'status', 'detail'],
    rows
      .filter((row) => row.status !== 'listed-not-vendored')
      .map((row) => [
        row.provider,
        row.model === undefined ? row.file : `${row.file} (${row.model})`,
        row.status,
        detail(row),
      ]),
  )
  const counts = new Map<PullStatus, number>()
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1)
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ')
  const listedSection =
    listed.length === 0
      ? ''
      : `\n## Listed by the provider, not vendored\n\nReported only: vendor a model by hand (upstream.form "schema-endpoint", url = its schema route) if sorakit should offer it.\n\n${markdownTable(
          ['provider', 'model', 'listed as', 'schema route'],
          listed.map((row) => [row.provider, row.model ?? '?', row.reason ?? '', row.url ?? '']),
        )}\n`
  return `# Upstream check\n\n${table}\n\n${summary}\n${listedSection}`
}

function detail(row: PullRow): string {
  const parts: string[] = []
  if (row.status === 'changed' || row.status === 'written' || row.status === 'refused') {
    parts.push(`sha256 ${short(row.recordedSha256)} → ${short(row.upstreamSha256)}`)
  }
  if (row.reason !== undefined) parts.push(row.reason)
  if (row.url !== undefined && row.status !== 'unchanged' && !(row.reason ?? '').includes(row.url)) parts.push(row.url)
  return parts.join('; ')
}

function short(hash: string | undefined): string {
  return hash === undefined ? '?' : `${hash.slice(0, 12)}…`
}
