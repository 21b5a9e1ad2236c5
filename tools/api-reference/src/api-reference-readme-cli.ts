#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { renderApiReferenceSite } from './api-reference-site.js'
import { pageWeights, pageWeightTable } from './api-reference-weight.js'

const start = '<!-- page-weight:start (pnpm --filter @sorakit/api-reference readme) -->'
const end = '<!-- page-weight:end -->'

/**
 * Writes the page weight table of tools/api-reference/README.md from the pages as built now; `--check` only compares.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url))
  const readme = await readFile(readmePath, 'utf8')
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${readmePath} has no ${start} ... ${end} markers`)
  const table = pageWeightTable(pageWeights(await renderApiReferenceSite()))
  const updated = `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`
  if (updated === readme) {
    console.log('tools/api-reference/README.md: page weights up to date')
    return 0
  }
  if (argv.includes('--check')) {
    console.error(
      'tools/api-reference/README.md: the page weights are stale; run `pnpm --filter @sorakit/api-reference readme`',
    )
    return 1
  }
  await writeFile(readmePath, updated)
  console.log('tools/api-reference/README.md: page weights written')
  return 0
}

if (process.argv[1]?.endsWith('api-reference-readme-cli.js')) process.exitCode = await main(process.argv.slice(2))
