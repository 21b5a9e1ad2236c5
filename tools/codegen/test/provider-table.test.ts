import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { modelNaming, type ProviderTable } from '@sorakit/provider'
import { describe, expect, it } from 'vitest'
import { modelModules } from '../src/package-naming.js'
import { loadManifests } from '../src/provider-manifest.js'
import { repositoryRoot } from './sandbox.js'

// Every provider of specs/, as codegen itself reads them.
const providerIds = (await loadManifests(repositoryRoot)).map((manifest) => manifest.id)

const httpMethods = ['get', 'put', 'post', 'delete', 'patch']

describe('the generated provider table', () => {
  it.each(providerIds)('%s: lists every operation of the bundled document by operationId', async (id) => {
    const document = JSON.parse(await readFile(path.join(repositoryRoot, 'packages', id, 'openapi.json'), 'utf8'))
    const module = (await import(path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider.gen.ts`))) as Record<
      string,
      ProviderTable
    >
    const table = module[`${id}Provider`]!
    const { modelIn, discriminator } = table.modelOperation
    // modelIn 'path': the documents name no operations; each table operation is every model's, under its path.
    const located = (operation: { method: string; path: string }, model: string) =>
      `${operation.method} ${operation.path.replace(`{${discriminator}}`, model)}`
    const expected: Record<string, { method: string; path: string }> = {}
    const documentOperations: string[] = []
    for (const [operationPath, item] of Object.entries<Record<string, { operationId?: string }>>(document.paths)) {
      for (const method of httpMethods) {
        if (item[method] !== undefined) documentOperations.push(`${method} ${operationPath}`)
        const operationId = item[method]?.operationId
        if (operationId !== undefined) expected[operationId] = { method, path: operationPath }
      }
    }
    if (modelIn === 'path') {
      const listed = Object.values(table.operations).flatMap((operation) =>
        Object.keys(table.models).map((model) => located(operation, model)),
      )
      expect(listed.sort()).toEqual(documentOperations.sort())
    } else expect(table.operations).toEqual(expected)
    expect(Object.keys(table.operations).length).toBeGreaterThanOrEqual(2)
  })
})

describe('the model modules', () => {
  it.each(providerIds)(
    '%s: the table is its API part plus one module per model, each naming its provider and id',
    async (id) => {
      const table = (await import(path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider.gen.ts`))) as Record<
        string,
        { models: Record<string, { provider: string; id: string }> }
      >
      const api = (await import(
        path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider-api.gen.ts`)
      )) as Record<string, object>
      const { models, ...rest } = table[`${id}Provider`]!
      expect(rest).toEqual(api[`${id}ProviderApi`])
      for (const [modelId, entry] of Object.entries(models)) {
        const naming = modelNaming(modelId)
        const module = (await import(
          path.join(repositoryRoot, 'packages', id, 'src', 'models', `${naming.fileName}.gen.ts`)
        )) as Record<string, unknown>
        expect(module[naming.constant]).toBe(entry)
        expect(entry).toMatchObject({ provider: id, id: modelId })
      }
    },
  )

  it('names a model module by one rule: slashes become dashes, dots stay, the constant is camelCase', () => {
    expect(modelNaming('kling-3.0/video')).toEqual({
      fileName: 'kling-3.0-video',
      subpath: 'models/kling-3.0-video',
      constant: 'kling30Video',
    })
    expect(modelNaming('bytedance/seedance-1.5-pro')).toEqual({
      fileName: 'bytedance-seedance-1.5-pro',
      subpath: 'models/bytedance-seedance-1.5-pro',
      constant: 'bytedanceSeedance15Pro',
    })
    expect(modelNaming('sora_2_pro_t2v').constant).toBe('sora2ProT2v')
    expect(modelNaming('3d-model/Fast').constant).toBe('model3dModelFast')
  })

  it('refuses two models whose module or constant names would collide', () => {
    const manifest = { id: 'kie', directory: 'specs/kie' } as Parameters<typeof modelModules>[0]
    expect(() => modelModules(manifest, ['a/b-c', 'a-b/c'])).toThrow(
      /models "a\/b-c" and "a-b\/c" would share the generated file a-b-c/,
    )
    expect(() => modelModules(manifest, ['veo3.1', 'veo-3-1'])).toThrow(/would share the generated constant veo31/)
  })
})

describe('the callbacks in the provider table', () => {
  const callbacksOf = async (id: string) =>
    (
      (await import(path.join(repositoryRoot, 'packages', id, 'src', `${id}-provider.gen.ts`))) as Record<
        string,
        { callbacks: unknown }
      >
    )[`${id}Provider`]!.callbacks
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
