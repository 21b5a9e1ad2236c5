import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadManifests, sha256Hex, vendoredJsonFromYaml, type ProviderManifest } from '@sorakit/codegen'
import { exitCodes, main, pullExitCode } from '../src/drift-cli.js'
import { checkUpstreams, type PullRow } from '../src/upstream-pull.js'
import { writeChangedUpstreams } from '../src/upstream-write.js'
import { repositoryRoot, specsSandbox } from './specs-sandbox.js'
import { closedPort, startLoopbackServer, type LoopbackServer } from './loopback-server.js'
import { mintlifyPage, upstreamYaml } from './upstream-pages.js'

const taskDetailHeader = 'market/common/get-task-detail.json get /api/v1/jobs/recordInfo'
const imageToVideoHeader = 'market/sora2/sora-2-image-to-video.json post /api/v1/jobs/createTask'
const taskDetailPath = '/kie/market/common/get-task-detail.md'
const apikleyImageToVideoPath = '/apikley/Sora-2/sora-2-image-to-video'
const referencePath = '/kie/market/sora2/sora-2-image-to-video.md'
const taskDetail = upstreamYaml('kie-get-task-detail.yaml')
const flattened = upstreamYaml('apikley-sora-2-image-to-video.flattened.yaml')
const reference = upstreamYaml('kie-sora-2-image-to-video.mintlify.yaml')

let server: LoopbackServer
let manifests: ProviderManifest[]
const scratch: string[] = []
// These tests are about docs pages: catalog keys are unset, whatever the machine's environment holds
// (catalog-pull.test.ts covers the keyed routes).
const withoutKeys = { environment: {} }

beforeAll(async () => {
  server = await startLoopbackServer()
  manifests = await loadManifests(repositoryRoot)
})
beforeEach(() => {
  for (const manifest of manifests) if (manifest.catalog) vi.stubEnv(manifest.catalog.apiKeyVariable, '')
})
afterAll(async () => {
  await server.close()
})
afterEach(async () => {
  vi.unstubAllEnvs()
  server.routes.clear()
  await Promise.all(scratch.splice(0).map((directory) => rm(directory, { recursive: true, force: true })))
})

/** A sandbox copy of specs/ (see specs-sandbox.ts), removed after the test. */
async function scratchRepository(origin = server.origin, edit?: (manifest: string) => string): Promise<string> {
  const root = await specsSandbox(origin, edit)
  scratch.push(root)
  return root
}

const read = (root: string, file: string) => readFile(path.join(root, file), 'utf8')
// The row of the provider that owns the file (a reused file also has a row under the provider reusing it).
const rowOf = (rows: readonly PullRow[], file: string) =>
  rows.find((row) => row.file === file && file.startsWith(`specs/${row.provider}/`))!

function serve(route: string, body: string, contentType = 'text/markdown') {
  server.routes.set(route, { contentType, body })
}

describe('specs:pull against loopback pages', () => {
  it('reports unchanged, hand-authored and reused documents, and pages that are not there', async () => {
    const root = await scratchRepository()
    serve(taskDetailPath, mintlifyPage('Get Task Details', taskDetailHeader, taskDetail))
    const { rows } = await checkUpstreams(root, withoutKeys)
    expect(rowOf(rows, 'specs/kie/vendored/get-task-detail.json')).toMatchObject({
      provider: 'kie',
      status: 'unchanged',
      upstreamSha256: 'cbb417a105348134d2ca74e16bde6c601b28d22552bfe1972f215a008a1dab06',
    })
    expect(rowOf(rows, 'specs/kie/authored/kie-create-task.json')).toMatchObject({
      provider: 'kie',
      status: 'hand-authored',
    })
    expect(
      rows.find((row) => row.provider === 'apikley' && row.file === 'specs/kie/vendored/get-task-detail.json'),
    ).toMatchObject({ status: 'reused', reason: 'provenance in specs/kie/manifest.json' })
    expect(rowOf(rows, 'specs/kie/vendored/sora-2-characters.json')).toMatchObject({
      status: 'unreachable',
      reason: expect.stringContaining('HTTP 404'),
    })
    expect(rows.filter((row) => row.provider === 'vtrix').every((row) => row.status === 'hand-authored')).toBe(true)
    expect(pullExitCode(rows)).toBe(exitCodes.unreachable)
  })

  it('--write takes a changed block: vendored copy, manifest sha256 and date, regenerated package', async () => {
    const root = await scratchRepository()
    const changed = taskDetail.replace('summary: Get Task Details', 'summary: Get Task Details and Results')
    expect(changed).not.toBe(taskDetail)
    serve(taskDetailPath, mintlifyPage('Get Task Details', taskDetailHeader, changed))
    const { manifests, rows } = await checkUpstreams(root, { providers: ['kie'], ...withoutKeys })
    expect(rowOf(rows, 'specs/kie/vendored/get-task-detail.json').status).toBe('changed')
    const written = await writeChangedUpstreams(root, manifests, rows, { today: '2030-01-02' })
    expect(rowOf(written, 'specs/kie/vendored/get-task-detail.json')).toMatchObject({
      status: 'written',
      reason: expect.stringContaining('packages regenerated'),
    })
    expect(await read(root, 'specs/kie/vendored/get-task-detail.json')).toBe(vendoredJsonFromYaml(changed, 'x'))
    const manifest = JSON.parse(await read(root, 'specs/kie/manifest.json')) as {
      documents: Array<{ file: string; upstream?: { sha256: string; retrieved: string } }>
    }
    expect(
      manifest.documents.find((document) => document.file === 'vendored/get-task-detail.json')!.upstream,
    ).toMatchObject({ sha256: sha256Hex(changed), retrieved: '2030-01-02' })
    const bundled = JSON.parse(await read(root, 'packages/kie/openapi.json')) as {
      paths: Record<string, { get: { summary: string } }>
    }
    expect(bundled.paths['/api/v1/jobs/recordInfo']!.get.summary).toBe('Get Task Details and Results')
  })

  it('--write leaves the vendored copy alone when the block is missing, and says why', async () => {
    const root = await scratchRepository()
    serve(taskDetailPath, '# Get Task Details\n\nNo OpenAPI section any more.\n')
    const before = await read(root, 'specs/kie/vendored/get-task-detail.json')
    const code = await main(['pull', 'kie', '--write', '--root', root], { out: () => {}, err: () => {} })
    expect(code).toBe(exitCodes.unreachable)
    const { rows } = await checkUpstreams(root, { providers: ['kie'], ...withoutKeys })
    expect(rowOf(rows, 'specs/kie/vendored/get-task-detail.json')).toMatchObject({
      status: 'malformed',
      reason: expect.stringContaining('no "## OpenAPI" heading'),
    })
    expect(await read(root, 'specs/kie/vendored/get-task-detail.json')).toBe(before)
  })

  it('--write refuses a change the codegen cannot build (an overlay no longer applies) and writes nothing', async () => {
    const root = await scratchRepository()
    serve(
      taskDetailPath,
      mintlifyPage(
        'Get Task Details',
        taskDetailHeader,
        taskDetail.replace('/api/v1/jobs/recordInfo:', '/api/v1/jobs/record-info:'),
      ),
    )
    const vendored = await read(root, 'specs/kie/vendored/get-task-detail.json')
    const manifest = await read(root, 'specs/kie/manifest.json')
    const { manifests, rows } = await checkUpstreams(root, { providers: ['kie'], ...withoutKeys })
    const written = await writeChangedUpstreams(root, manifests, rows)
    expect(rowOf(written, 'specs/kie/vendored/get-task-detail.json')).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('codegen rejects the new upstream documents, nothing written'),
    })
    expect(await read(root, 'specs/kie/vendored/get-task-detail.json')).toBe(vendored)
    expect(await read(root, 'specs/kie/manifest.json')).toBe(manifest)
  })
})

describe('specs:pull --write on the flattened Apikley page', () => {
  const edited = flattened.replace(
    'description: Apikley Sora-2-image-to-video API Documentation - Image to Video',
    'description: Apikley Sora-2-image-to-video API Documentation - Image to Video (v2)',
  )

  it('re-runs the repair against the kie reference named in the manifest', async () => {
    expect(edited).not.toBe(flattened)
    const root = await scratchRepository()
    serve(apikleyImageToVideoPath, `Sora-2-image-to-video\n\n${edited}`, 'text/plain')
    serve(referencePath, mintlifyPage('Sora 2 image to video', imageToVideoHeader, reference))
    const before = JSON.parse(await read(root, 'specs/apikley/vendored/sora-2-image-to-video.json')) as {
      info: { description: string }
    }
    const { manifests, rows } = await checkUpstreams(root, { providers: ['apikley'], ...withoutKeys })
    expect(rowOf(rows, 'specs/apikley/vendored/sora-2-image-to-video.json').status).toBe('changed')
    const written = await writeChangedUpstreams(root, manifests, rows, { regenerate: async () => 0 })
    expect(rowOf(written, 'specs/apikley/vendored/sora-2-image-to-video.json').status).toBe('written')
    const after = JSON.parse(await read(root, 'specs/apikley/vendored/sora-2-image-to-video.json')) as {
      info: { description: string }
    }
    expect(after.info.description).toBe(`${before.info.description} (v2)`)
    expect({ ...after, info: { ...after.info, description: before.info.description } }).toEqual(before)
    const manifest = JSON.parse(await read(root, 'specs/apikley/manifest.json')) as {
      documents: Array<{ file: string; upstream?: { sha256: string; repair?: string; repairReference?: unknown } }>
    }
    const upstream = manifest.documents.find((document) => document.file === 'vendored/sora-2-image-to-video.json')!
      .upstream!
    expect(upstream.sha256).toBe(sha256Hex(edited))
    expect(upstream.repair).toBeDefined()
    expect(upstream.repairReference).toBeDefined()
  })

  it('refuses when the reference changed too', async () => {
    const root = await scratchRepository()
    serve(apikleyImageToVideoPath, edited, 'text/plain')
    serve(
      referencePath,
      mintlifyPage('Sora 2 image to video', imageToVideoHeader, reference.replace('title:', 'title: ')),
    )
    const vendored = await read(root, 'specs/apikley/vendored/sora-2-image-to-video.json')
    const { manifests, rows } = await checkUpstreams(root, { providers: ['apikley'], ...withoutKeys })
    const written = await writeChangedUpstreams(root, manifests, rows, { regenerate: async () => 0 })
    expect(rowOf(written, 'specs/apikley/vendored/sora-2-image-to-video.json')).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('its repair reference changed too'),
    })
    expect(await read(root, 'specs/apikley/vendored/sora-2-image-to-video.json')).toBe(vendored)
  })

  it('refuses with a clear message when the manifest names no reference', async () => {
    const root = await scratchRepository(server.origin, (text) => {
      const manifest = JSON.parse(text) as { documents: Array<{ upstream?: { repairReference?: unknown } }> }
      for (const document of manifest.documents) delete document.upstream?.repairReference
      return JSON.stringify(manifest, null, 2) + '\n'
    })
    serve(apikleyImageToVideoPath, edited, 'text/plain')
    const { manifests, rows } = await checkUpstreams(root, { providers: ['apikley'], ...withoutKeys })
    const written = await writeChangedUpstreams(root, manifests, rows, { regenerate: async () => 0 })
    expect(rowOf(written, 'specs/apikley/vendored/sora-2-image-to-video.json')).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('names no upstream.repairReference'),
    })
  })
})

describe('specs:pull offline', () => {
  it('reports every vendored file as unreachable with the reason and exits with the distinct code', async () => {
    const root = await scratchRepository(`http://127.0.0.1:${await closedPort()}`)
    let printed = ''
    const code = await main(['pull', '--root', root, '--json'], { out: (text) => (printed += text), err: () => {} })
    expect(code).toBe(exitCodes.unreachable)
    const report = JSON.parse(printed) as { format: string; rows: PullRow[] }
    expect(report.format).toBe('sorakit-spec-pull')
    const fetched = report.rows.filter((row) => !['hand-authored', 'reused', 'needs-key'].includes(row.status))
    const pages = manifests.flatMap((manifest) =>
      manifest.documents.filter(
        (document) => document.origin === 'vendored' && document.upstream?.form !== 'schema-endpoint',
      ),
    )
    expect(fetched.map((row) => row.file).sort()).toEqual(pages.map((document) => document.file).sort())
    for (const row of fetched)
      expect(row).toMatchObject({
        status: 'unreachable',
        reason: expect.stringContaining('connection refused (ECONNREFUSED)'),
      })
    // Without the key, the catalog's rows are not fetched at all: they say which variable to set.
    const needsKey = report.rows.filter((row) => row.status === 'needs-key')
    expect(needsKey.length).toBe(
      manifests.filter((manifest) => manifest.catalog).length +
        manifests.flatMap((manifest) =>
          manifest.documents.filter(
            (document) => document.origin === 'vendored' && document.upstream?.form === 'schema-endpoint',
          ),
        ).length,
    )
  })
})
