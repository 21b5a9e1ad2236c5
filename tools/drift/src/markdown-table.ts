/** A GitHub-flavoured markdown table; cells may hold any text (pipes and line breaks are escaped). */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll(/\r?\n/g, '<br>')
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n')
}
