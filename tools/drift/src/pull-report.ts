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

export function renderPullMarkdown(rows: readonly PullRow[]): string {
  const table = markdownTable(
    ['provider', 'file', 'status', 'detail'],
    rows.map((row) => [row.provider, row.file, row.status, detail(row)]),
  )
  const counts = new Map<PullStatus, number>()
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1)
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ')
  return `# Upstream check\n\n${table}\n\n${summary}\n`
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
