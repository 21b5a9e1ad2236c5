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
    // Progress rises through one state, or none for a family that reports no progress (fal).
    expect(states!.running.filter((state) => state.progressing).length).toBeLessThanOrEqual(1)
  })

  it('each state is a named example of the status answer, in that state', () => {
    const document = readBundledDocument(repositoryRoot, table.id)
    const { method, path } = table.operations[lifecycleFamilies[table.family]!.operations.status]!
    const { modelIn, discriminator } = table.modelOperation
    // A modelIn 'path' provider documents the status operation under each model's own path.
    const paths =
      modelIn === 'path' ? Object.keys(table.models).map((model) => path.replace(`{${discriminator}}`, model)) : [path]
    for (const located of paths) {
      const operation = document.paths[located]![method] as { responses: Record<string, ResponseObject> }
      const examples = new Map(
        responseExamples(operation.responses['200']!).map((example) => [example.name, example.value]),
      )
      for (const { state, example } of [...states!.running, states!.success, states!.failure]) {
        expect(examples.has(example), `${table.displayName} documents no example ${example} at ${located}`).toBe(true)
        expect(JSON.stringify(examples.get(example))).toContain(`"${state}"`)
      }
      // A failure in the success state is told apart by its error field: set in the failure example only.
      const { errorField } = states!.failure
      if (errorField === undefined) continue
      expect(examples.get(states!.failure.example)).toHaveProperty(errorField)
      expect(examples.get(states!.success.example)).not.toHaveProperty(errorField)
    }
  })
})
