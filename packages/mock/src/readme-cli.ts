#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { mockProviders, repositoryRoot } from './mock-providers.js'
import {
  lifecycleScenarioTableMarkdown,
  lifecycleTableEnd,
  lifecycleTableStart,
  replaceScenarioTable,
  replaceSection,
  scenarioTableMarkdown,
} from './mock-scenarios.js'
import { readBundledDocument } from './openapi-operations.js'

/**
 * Regenerates the scenario tables (lifecycle scenarios, Prefer examples) of packages/mock/README.md from
 * packages/<id>/openapi.json; `--check` only compares.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url))
  const readme = await readFile(readmePath, 'utf8')
  const table = scenarioTableMarkdown(
    mockProviders.map((provider) => ({ provider, document: readBundledDocument(repositoryRoot, provider.table.id) })),
  )
  const updated = replaceSection(
    replaceScenarioTable(readme, table),
    lifecycleTableStart,
    lifecycleTableEnd,
    lifecycleScenarioTableMarkdown(mockProviders),
  )
  if (updated === readme) {
    console.log('packages/mock/README.md: scenario tables up to date')
    return 0
  }
  if (argv.includes('--check')) {
    console.error('packages/mock/README.md: a scenario table is stale; run `pnpm --filter @sorakit/mock readme`')
    return 1
  }
  await writeFile(readmePath, updated)
  console.log('packages/mock/README.md: scenario tables regenerated')
  return 0
}

if (process.argv[1]?.endsWith('readme-cli.js')) process.exitCode = await main(process.argv.slice(2))
