import { mockProviders } from '@sorakit/mock'
import { describe, expect, it } from 'vitest'
import { jsonLines, runSorakit } from './sorakit-process.js'

// The mock package reads every provider and model from specs/ and the bundled documents: the same
// source the generated tables come from, and no list typed here.
// One row per model and operation it serves (Kling 3.0 makes text-to-video and image-to-video).
const expected = mockProviders
  .flatMap(({ table }) =>
    Object.entries(table.models).flatMap(([model, entry]) => entry.operations.map(() => `${table.id} ${model}`)),
  )
  .sort()

describe('sorakit models', () => {
  it('--json lists exactly the providers and models of the generated tables, one object per line', async () => {
    const { code, stdout } = await runSorakit(['models', '--json'])
    expect(code).toBe(0)
    const lines = jsonLines(stdout)
    expect(lines.every((line) => line['event'] === 'model')).toBe(true)
    expect(lines.map((line) => `${String(line['provider'])} ${String(line['model'])}`).sort()).toEqual(expected)
    for (const { table } of mockProviders) {
      for (const line of lines.filter((candidate) => candidate['provider'] === table.id)) {
        const model = table.models[String(line['model']) as keyof typeof table.models]!
        expect(line['availability'], String(line['model'])).toBe(model.availability.status)
        expect(line['isDefault']).toBe(
          (table.defaultModels as Record<string, string>)[String(line['operation'])] === line['model'],
        )
      }
    }
  })

  it('prints a table naming every model, its operation, its availability and the key variable', async () => {
    const { code, stdout } = await runSorakit(['models'])
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n').slice(1)
    expect(rows.map((row) => row.split(/\s+/).slice(0, 2).join(' ')).sort()).toEqual(expected)
    for (const { table } of mockProviders) expect(stdout).toContain(`${table.id.toUpperCase()}_API_KEY`)
    expect(stdout.split('\n')[0]).toContain('AVAILABILITY')
    expect(rows.filter((row) => /\bpaused\b/.test(row)).length).toBe(
      expected.length - rows.filter((row) => /\bavailable\b/.test(row)).length,
    )
  })

  it('--provider narrows the list to one provider', async () => {
    const [first] = mockProviders
    const { code, stdout } = await runSorakit(['models', '--json', '--provider', first!.table.id])
    expect(code).toBe(0)
    expect(
      jsonLines(stdout)
        .map((line) => line['model'])
        .sort(),
    ).toEqual(
      Object.entries(first!.table.models)
        .flatMap(([model, entry]) => entry.operations.map(() => model))
        .sort(),
    )
  })
})
