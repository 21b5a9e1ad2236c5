import { familyTaskStates } from '@sorakit/provider'
import { lifecycleFamilies } from '@sorakit/mock-msw/engine'
import { describe, expect, it } from 'vitest'
import { mockProviders } from '../src/mock-providers.js'
import { readBundledDocument, responseExamples, type ResponseObject } from '../src/openapi-operations.js'
import { repositoryRoot } from './repository-root.js'

// Each API family's task states are declared once (@sorakit/provider) and read by the facade, the mock and the demo:
// for every provider, its family declares them, they make a whole lifecycle, and each state's named example is in
// the provider's bundled document with that state, so the mock plays what the provider documents.
describe.each(mockProviders.map((provider) => [provider.table.id, provider] as const))('%s', (_id, provider) => {
  const { table } = provider
  const states = familyTaskStates[table.family]

  it("its family's task states are declared and make one lifecycle", () => {
    expect(states, `no task states for the API family ${table.family}`).toBeDefined()
    expect(states!.running.reduce((sum, state) => sum + state.share, 0)).toBeCloseTo(1, 9)
    expect(states!.running.filter((state) => state.progressing)).toHaveLength(1)
  })

  it('each state is a named example of the status answer, in that state', () => {
    const document = readBundledDocument(repositoryRoot, table.id)
    const { method, path } = table.operations[lifecycleFamilies[table.family]!.operations.status]!
    const response = (document.paths[path]![method] as { responses: Record<string, ResponseObject> }).responses['200']!
    const examples = new Map(responseExamples(response).map((example) => [example.name, example.value]))
    for (const { state, example } of [...states!.running, states!.success, states!.failure]) {
      expect(examples.has(example), `${table.displayName} documents no example ${example}`).toBe(true)
      expect(JSON.stringify(examples.get(example))).toContain(`"${state}"`)
    }
  })
})
