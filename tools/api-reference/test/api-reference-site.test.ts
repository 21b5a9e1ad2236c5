import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadManifests, packageNaming } from '@sorakit/codegen'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/api-reference-cli.js'
import { scalarBundle } from '../src/api-reference-scalar.js'
import {
  renderApiReferenceSite,
  repositoryRoot,
  writeApiReferenceSite,
  type ApiReferenceSite,
} from '../src/api-reference-site.js'
import { pageWeights } from '../src/api-reference-weight.js'

let site: ApiReferenceSite
let scratch: string

beforeAll(async () => {
  site = await renderApiReferenceSite()
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sorakit-api-reference-'))
})

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

describe('the static API reference', () => {
  it("has one page per provider in specs/, each inlining that provider's bundled document, and an index linking them", async () => {
    const manifests = await loadManifests(repositoryRoot)
    expect(site.pages.map((page) => page.providerId)).toEqual(manifests.map((manifest) => manifest.id))
    for (const manifest of manifests) {
      const page = site.pages.find((candidate) => candidate.providerId === manifest.id)!
      const bundled = JSON.parse(
        await readFile(path.join(repositoryRoot, packageNaming(manifest).directory, 'openapi.json'), 'utf8'),
      ) as unknown
      const inlined = /<script id="sorakit-openapi-document" type="application\/json">([^<]*)<\/script>/.exec(
        page.html,
      )?.[1]
      expect(JSON.parse(inlined!)).toEqual(bundled)
      expect(page.html).toContain('<script src="./scalar-api-reference.js"></script>')
      expect(site.index).toContain(`<a href="./${page.fileName}">${manifest.displayName}</a>`)
      expect(page.mockDocsUrl).toBe(`http://127.0.0.1:${manifest.mockPorts['api']}/docs`)
    }
  })

  it('writes the pages, the index and the bundle, replacing what the folder held', async () => {
    const out = path.join(scratch, 'site')
    await mkdir(out, { recursive: true })
    await writeFile(path.join(out, 'stale.html'), 'old')
    await writeApiReferenceSite(site, out)
    expect((await readdir(out)).sort()).toEqual(
      ['index.html', 'scalar-api-reference.js', ...site.pages.map((page) => page.fileName)].sort(),
    )
    expect((await readFile(path.join(out, 'scalar-api-reference.js'))).equals(scalarBundle())).toBe(true)
    expect((await readdir(scratch)).filter((name) => name.includes('staging'))).toEqual([])
  })

  it('leaves the previous site in place when writing fails', async () => {
    const out = path.join(scratch, 'kept')
    await writeApiReferenceSite(site, out)
    const broken = { ...site, pages: [...site.pages, { ...site.pages[0]!, fileName: 'missing-folder/page.html' }] }
    await expect(writeApiReferenceSite(broken, out)).rejects.toThrow(/ENOENT/)
    expect((await readdir(out)).sort()).toEqual(
      ['index.html', 'scalar-api-reference.js', ...site.pages.map((page) => page.fileName)].sort(),
    )
    expect((await readdir(scratch)).filter((name) => name.includes('staging'))).toEqual([])
  })

  it('weighs each page as a first visit: its HTML plus the shared bundle, raw and gzipped', () => {
    for (const weight of pageWeights(site)) {
      const page = site.pages.find((candidate) => candidate.providerId === weight.providerId)!
      expect(weight.html.raw).toBe(Buffer.byteLength(page.html))
      expect(weight.script.raw).toBe(scalarBundle().length)
      expect(weight.total.raw).toBe(weight.html.raw + weight.script.raw)
      expect(weight.total.gzip).toBe(weight.html.gzip + weight.script.gzip)
      expect(weight.script.gzip).toBeLessThan(weight.script.raw / 2)
    }
  })

  it('pnpm docs:reference refuses an unknown flag with exit code 2 and the usage', async () => {
    const errors: string[] = []
    const original = console.error
    console.error = (message: string) => void errors.push(message)
    try {
      expect(await main(['--output', 'x'])).toBe(2)
    } finally {
      console.error = original
    }
    expect(errors.join('\n')).toMatch(/Unknown option '--output'[\s\S]*Usage: pnpm docs:reference \[--out <folder>\]/)
  })
})
