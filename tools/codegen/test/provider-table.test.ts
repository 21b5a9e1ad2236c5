import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadManifests } from '../src/provider-manifest.js'
import { repositoryRoot } from './sandbox.js'

// Every provider of specs/, as codegen itself reads them.
const providerIds = (await loadManifests(repositoryRoot)).map((manifest) => manifest.id)

const httpMethods = ['get', 'put', 'post', 'delete', 'patch']

describe('the generated provider table', () => {
  it.each(providerIds)('%s: lists every operation of the bundled document by operationId', async (id) => {
    const document = JSON.parse(await readFile(path.join(repositoryRoot, 'packages', id, 'openapi.json'), 'utf8'))
    const expected: Record<string, { method: string; path: string }> = {}
    for (const [operationPath, item] of Object.entries<Record<string, { operationId?: string }>>(document.paths)) {
      for (const method of httpMethods) {
        const operationId = item[method]?.operationId
        if (operationId !== undefined) expected[operationId] = { method, path: operationPath }
      }
    }
    const table = (await import(path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider.gen.ts`))) as Record<string, { operations: unknown }>
    expect(table[`${id}Provider`]!.operations).toEqual(expected)
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(2)
  })
})

describe('the callbacks in the provider table', () => {
  const callbacksOf = async (id: string) => ((await import(path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider.gen.ts`))) as Record<string, { callbacks: unknown }>)[`${id}Provider`]!.callbacks
  it('name the request field of each URL and the headers each delivery carries, as the specs declare them', async () => {
    expect(await callbacksOf('kie')).toEqual({
      taskCompleted: { urlField: 'callBackUrl', headers: ['X-Webhook-Timestamp', 'X-Webhook-Signature'] },
      taskProgress: { urlField: 'progressCallBackUrl', headers: ['X-Webhook-Timestamp', 'X-Webhook-Signature'] },
    })
    // Apikley's overlay removes the progress callback and the signature headers it does not document.
    expect(await callbacksOf('apikley')).toEqual({ taskCompleted: { urlField: 'callBackUrl', headers: [] } })
    expect(await callbacksOf('vtrix')).toEqual({})
  })
})
