import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mockProviders } from '../src/mock-providers.js'
import {
  lifecycleScenarioTableMarkdown,
  lifecycleTableEnd,
  lifecycleTableStart,
  scenarioTableMarkdown,
  scenarioTableEnd,
  scenarioTableStart,
} from '../src/mock-scenarios.js'
import { listOperations, readBundledDocument, responseExamples } from '../src/openapi-operations.js'
import { requestSamples } from '../src/request-samples.js'
import { lifecycleRole, send } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

// Every documented response of every operation can be picked with `Prefer: code=<status>, example=<name>`,
// and the README's table lists exactly those.

for (const provider of mockProviders) {
  const document = readBundledDocument(repositoryRoot, provider.table.id)
  describe(`${provider.table.displayName} scenarios`, () => {
    for (const entry of listOperations(document, provider.table)) {
      const [request] = requestSamples(document, entry, 'required')
      for (const [status, response] of Object.entries(entry.responses)) {
        const examples = responseExamples(response)
        const cases = examples.length === 0 ? [{ name: undefined, value: undefined }] : examples
        for (const example of cases) {
          const prefer = example.name === undefined ? `code=${status}` : `code=${status}, example=${example.name}`
          it(`${entry.operationId} with Prefer: ${prefer}`, async () => {
            const answer = await send(provider.table, entry, request!, { prefer })
            expect(answer.status).toBe(Number(status))
            if (example.value !== undefined) expect(answer.body).toEqual(example.value)
            else expect(answer.body).toBe('')
          })
        }
      }
      const defaultExample = responseExamples(entry.responses['200'] ?? {})[0]
      // Create, status, uploads and download links are the lifecycle's (lifecycle.test.ts); the rest answer Prism's
      // first example.
      if (defaultExample?.name !== undefined && lifecycleRole(provider.table.id, document, entry) === 'other') {
        it(`${entry.operationId} without Prefer answers 200 with its first example, ${defaultExample.name}`, async () => {
          const answer = await send(provider.table, entry, request!)
          expect(answer.body).toEqual(defaultExample.value)
        })
      }
    }
  })
}

describe('README lifecycle scenario table', () => {
  it('is what the scenario declaration makes (regenerate with `pnpm --filter @sorakit/mock readme`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(
      readme.indexOf(lifecycleTableStart),
      readme.indexOf(lifecycleTableEnd) + lifecycleTableEnd.length,
    )
    expect(section).toBe(lifecycleScenarioTableMarkdown(mockProviders))
  })
})

describe('README scenario table', () => {
  it('lists every named example of every bundled document (regenerate with `pnpm --filter @sorakit/mock readme`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(
      readme.indexOf(scenarioTableStart),
      readme.indexOf(scenarioTableEnd) + scenarioTableEnd.length,
    )
    const expected = scenarioTableMarkdown(
      mockProviders.map((provider) => ({ provider, document: readBundledDocument(repositoryRoot, provider.table.id) })),
    )
    expect(section).toBe(expected)
  })
})
