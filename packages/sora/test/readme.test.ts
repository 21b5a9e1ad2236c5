import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, also run by `pnpm capabilities`
import { capabilityTables } from '../scripts/capability-table.mjs'
// @ts-expect-error: a plain .mjs script, also run by `pnpm retry-table`
import { retryTable } from '../scripts/retry-table.mjs'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('shows the capability table the facade derives today', () => {
    const section = readme.match(/<!-- capabilities:start -->\n([\s\S]*?)<!-- capabilities:end -->/)?.[1]
    expect(section, 'run `pnpm --filter @sorakit/sora capabilities` (it writes them)').toBe(
      capabilityTables() as string,
    )
  })

  it('shows the retry table the transport and the errors read', () => {
    const section = readme.match(/<!-- retries:start -->\n([\s\S]*?)<!-- retries:end -->/)?.[1]
    expect(section, 'run `pnpm --filter @sorakit/sora retry-table` and paste its output between the markers').toBe(
      retryTable() as string,
    )
  })
})
