#!/usr/bin/env node
import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultSiteDirectory, renderApiReferenceSite, writeApiReferenceSite } from './api-reference-site.js'
import { pageWeights, pageWeightTable } from './api-reference-weight.js'

const usage = 'Usage: pnpm docs:reference [--out <folder>]   (default folder: tools/api-reference/site, ignored by git)'

/** `pnpm docs:reference`: writes the static API reference of every provider and prints its page weight. */
export async function main(argv: readonly string[]): Promise<number> {
  let out: string
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    })
    if (values.help) {
      console.log(usage)
      return 0
    }
    out = path.resolve(values.out ?? defaultSiteDirectory)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
    return 2
  }
  const site = await renderApiReferenceSite()
  await writeApiReferenceSite(site, out)
  console.log(`API reference written to ${out}: open ${path.join(out, 'index.html')}`)
  for (const page of site.pages)
    console.log(
      `  ${page.displayName.padEnd(12)} ${path.join(out, page.fileName)}   (live on its mock: ${page.mockDocsUrl})`,
    )
  console.log(`\nPage weight:\n${pageWeightTable(pageWeights(site))}`)
  return 0
}

if (process.argv[1]?.endsWith('api-reference-cli.js')) process.exitCode = await main(process.argv.slice(2))
