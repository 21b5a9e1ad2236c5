import { describe, expect, it } from 'vitest'
import { resolvePointer, toPointer } from '../src/json-pointer.js'
import { isJsonObject, type JsonValue } from '../src/json-value.js'
import { loadManifests } from '../src/provider-manifest.js'
import { SpecReader } from '../src/provider-load.js'
import { repositoryRoot } from './sandbox.js'

/** Pointers of every schema property (a field) in a document. */
function fieldPointers(node: JsonValue, path: Array<string | number> = []): string[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => fieldPointers(item, [...path, index]))
  if (!isJsonObject(node)) return []
  return Object.entries(node).flatMap(([key, child]) => {
    if (key === 'example' || key === 'examples') return []
    const here =
      key === 'properties' && isJsonObject(child)
        ? Object.keys(child).map((name) => toPointer([...path, key, name]))
        : []
    return [...here, ...fieldPointers(child, [...path, key])]
  })
}

describe('hand-authored documents cite their sources', async () => {
  const manifests = await loadManifests(repositoryRoot)
  const reader = new SpecReader(repositoryRoot)
  const vtrix = manifests.find((manifest) => manifest.id === 'vtrix')!

  it('vtrix: every document is hand-authored and names its doc pages', () => {
    for (const document of vtrix.documents) {
      expect(document.origin).toBe('hand-authored')
      expect(document.sources?.some((source) => source.startsWith('https://doc.vtrix.ai/'))).toBe(true)
    }
  })

  it.each(vtrix.documents.map((document) => [document.file, document] as const))(
    '%s: every field cites a doc page, and every citation points at a field',
    async (_file, entry) => {
      const document = await reader.read(entry.file)
      const fields = fieldPointers(document)
      const cited = Object.keys(entry.fieldSources ?? {})
      expect(fields.length).toBeGreaterThan(3)
      expect(fields.filter((pointer) => !cited.includes(pointer))).toEqual([])
      expect(cited.filter((pointer) => resolvePointer(document, pointer) === undefined)).toEqual([])
      for (const url of Object.values(entry.fieldSources ?? {}))
        expect(url).toMatch(/^https:\/\/(doc|docs)\.vtrix\.ai\/|^https:\/\/github\.com\/VtrixAI\/vtrix-cli/)
    },
  )
})
