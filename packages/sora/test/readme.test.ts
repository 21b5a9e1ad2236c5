import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, also run by `pnpm capabilities`
import { capabilityTables } from '../scripts/capability-table.mjs'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('shows the capability table the facade derives today', () => {
    const section = readme.match(/<!-- capabilities:start -->\n([\s\S]*?)<!-- capabilities:end -->/)?.[1]
    expect(section, 'run `pnpm --filter @sorakit/sora capabilities` and paste its output between the markers').toBe(capabilityTables() as string)
  })
})
