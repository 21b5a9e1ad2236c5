import { mockProviders } from '@sorakit/mock'
import { describe, expect, it } from 'vitest'
import { jsonLines, runSorakit } from './sorakit-process.js'

// The mock package reads every provider and model from specs/ and the bundled documents: the same
// source the generated tables come from, and no list typed here.
const expected = mockProviders.flatMap(({ table }) => Object.keys(table.models).map((model) => `${table.id} ${model}`)).sort()

describe('sorakit models', () => {
  it('--json lists exactly the providers and models of the generated tables, one object per line', async () => {
    const { code, stdout } = await runSorakit(['models', '--json'])
    expect(code).toBe(0)
    const lines = jsonLines(stdout)
    expect(lines.every((line) => line['event'] === 'model')).toBe(true)
    expect(lines.map((line) => `${String(line['provider'])} ${String(line['model'])}`).sort()).toEqual(expected)
  })

  it('prints a table naming every model, its operation and the key variable', async () => {
    const { code, stdout } = await runSorakit(['models'])
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n').slice(1)
    expect(rows.map((row) => row.split(/\s+/).slice(0, 2).join(' ')).sort()).toEqual(expected)
    for (const { table } of mockProviders) expect(stdout).toContain(`${table.id.toUpperCase()}_API_KEY`)
  })

  it('--provider narrows the list to one provider', async () => {
    const [first] = mockProviders
    const { code, stdout } = await runSorakit(['models', '--json', '--provider', first!.table.id])
    expect(code).toBe(0)
    expect(jsonLines(stdout).map((line) => line['model']).sort()).toEqual(Object.keys(first!.table.models).sort())
  })
})
