import { readFileSync } from 'node:fs'
import { createFailurePolicy, type SoraErrorKind } from '@sorakit/sora'
import { describe, expect, it } from 'vitest'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

// Kinds a create never gets have no row.
const notFromACreate: readonly SoraErrorKind[] = ['not-found', 'poll-deadline-exceeded', 'webhook-verification']

describe('README', () => {
  it("states every kind's action of the facade's createFailurePolicy", () => {
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'))
    for (const [kind, rule] of Object.entries(createFailurePolicy) as Array<[SoraErrorKind, { action: string }]>) {
      if (notFromACreate.includes(kind)) continue
      const row = rows.find((line) => line.split('|')[1]!.includes(`\`${kind}\``))
      expect(row, `no row for ${kind}`).toBeDefined()
      expect(row!.split('|')[2], `${kind}'s action`).toContain(rule.action)
    }
  })

  it('carries the figures the bench and the load script write', () => {
    expect(readme).toMatch(/poll-bench:start[^\n]*\n\n\d+ simulated tasks/)
    expect(readme).toMatch(/queue-load:start[^\n]*\n\nMeasured by `pnpm queue:load`/)
  })
})
