import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  loadManifests,
  sha256Hex,
  stringifyJson,
  vendoredJsonFromUpstream,
  type ManifestDocument,
  type ProviderManifest,
} from '@sorakit/codegen'
import { nextDelay } from '../src/catalog-fetch.js'
import { declaredModels, schemaRouteUrl } from '../src/catalog-listing.js'
import { exitCodes, main, pullExitCode } from '../src/drift-cli.js'
import { pullReport, renderPullMarkdown } from '../src/pull-report.js'
import { checkUpstreams, type PullOptions, type PullRow } from '../src/upstream-pull.js'
import { writeChangedUpstreams } from '../src/upstream-write.js'
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js'
import { repositoryRoot, specsSandbox } from './specs-sandbox.js'
import { upstreamYaml } from './upstream-pages.js'

// Real captures of kie.ai's catalog routes (the model list, and the schema of one model).
const capturedList = JSON.parse(upstreamYaml('kie-schema-endpoint-models.json')) as {
  code: number
  msg: string
  data: { total: number; models: Array<{ model: string; title: string; provider: string; taskType: string[] }> }
}
const capturedSchema = JSON.parse(upstreamYaml('kie-schema-endpoint-bytedance__seedance-1.5-pro.json')) as {
  data: {
    model: string
    openapi: {
      openapi: string
      info: object
      paths: Record<
        string,
        {
          post: {
            summary: string
            requestBody: {
              content: {
                'application/json': { schema: { properties: { model: { enum: string[]; default: string } } } }
              }
            }
          }
        }
      >
    }
  }
}
// Fixture models no real manifest will declare, so the sandbox never holds the same model twice.
const fixtureModels = ['sorakit-fixture/seedance-a', 'sorakit-fixture/seedance-b'] as const
const apiKey = 'test-key-0123'

let server: LoopbackServer
let catalogManifest: ProviderManifest
const scratch: string[] = []
const sleeps: number[] = []
const sleep = async (ms: number) => void sleeps.push(ms)

beforeAll(async () => {
  server = await startLoopbackServer()
  const withCatalog = (await loadManifests(repositoryRoot)).filter((manifest) => manifest.catalog !== undefined)
  expect(withCatalog.length).toBeGreaterThan(0)
  catalogManifest = withCatalog[0]!
})
afterAll(async () => {
  await server.close()
})
afterEach(async () => {
  vi.unstubAllEnvs()
  server.routes.clear()
  server.requested.length = 0
  server.authorizations.length = 0
  sleeps.length = 0
  await Promise.all(scratch.splice(0).map((directory) => rm(directory, { recursive: true, force: true })))
})

/**
 * The route's answer for a fixture model: the captured Seedance document, pruned to what a kie
 * model document contributes (its request body; the shared createTask responses are authored
 * elsewhere), its model id the fixture's. `summary` lets a test change it.
 */
function schemaAnswer(model: string, summary = 'Seedance 1.5 Pro'): string {
  const { openapi, info, paths } = capturedSchema.data.openapi
  const operation = paths['/api/v1/jobs/createTask']!.post
  const requestBody = structuredClone(operation.requestBody)
  const modelProperty = requestBody.content['application/json'].schema.properties.model
  modelProperty.enum = [model]
  modelProperty.default = model
  return JSON.stringify(
    {
      code: 200,
      msg: 'success',
      data: {
        model,
        openapi: { openapi, info, paths: { '/api/v1/jobs/createTask': { post: { summary, requestBody } } } },
      },
    },
    null,
    2,
  )
}

interface Sandbox {
  root: string
  manifest: ProviderManifest
  /** Repository-relative file of each fixture model's document. */
  files: Record<string, string>
  /** The loopback path of a model's schema route. */
  routeOf(model: string): string
  listPath: string
  /**
   * Every schema-endpoint document of the provider (the fixtures and any the repository vendors), in manifest order.
   */
  schemaDocuments: ManifestDocument[]
  /** What the route of each schema-endpoint document the repository vendors answers: its recorded text. */
  recordedAnswers: Map<string, string>
}

type RawManifest = {
  catalog: { url: string; schemaUrl: string }
  documents: Array<{
    file: string
    origin?: string
    model?: object
    upstream?: { url: string; sha256: string; retrieved?: string; form: string }
  }>
}

/**
 * A specs/ sandbox whose catalog provider vendors the fixture models from their schema routes.
 * The schema-endpoint documents the repository itself vendors stay, their recorded sha256 set to
 * an answer made of their vendored copy (served by `serveCatalog`), so they read unchanged.
 */
async function catalogSandbox(): Promise<Sandbox> {
  const root = await specsSandbox(server.origin)
  scratch.push(root)
  const manifestPath = path.join(root, catalogManifest.manifestPath)
  const raw = JSON.parse(await readFile(manifestPath, 'utf8')) as RawManifest
  const recordedAnswers = new Map<string, string>()
  for (const { file, upstream } of raw.documents) {
    if (upstream?.form !== 'schema-endpoint') continue
    const openapi = JSON.parse(await readFile(path.join(root, catalogManifest.directory, file), 'utf8')) as unknown
    const answer = JSON.stringify({ code: 200, msg: 'success', data: { model: file, openapi } })
    upstream.sha256 = sha256Hex(answer)
    recordedAnswers.set(new URL(upstream.url).pathname, answer)
  }
  const files: Record<string, string> = {}
  for (const model of fixtureModels) {
    const file = `vendored/${model.replace('/', '-')}.json`
    const answer = schemaAnswer(model)
    await writeFile(
      path.join(root, catalogManifest.directory, file),
      vendoredJsonFromUpstream(answer, 'schema-endpoint', model),
    )
    raw.documents.push({
      file,
      origin: 'vendored',
      model: { operation: 'imageToVideo', availability: { status: 'available', source: 'a test fixture' } },
      upstream: {
        url: schemaRouteUrl(raw.catalog, model),
        sha256: sha256Hex(answer),
        retrieved: '2026-12-01',
        form: 'schema-endpoint',
      },
    })
    files[model] = `${catalogManifest.directory}/${file}`
  }
  await writeFile(manifestPath, stringifyJson(raw))
  const manifest = (await loadManifests(root)).find((candidate) => candidate.id === catalogManifest.id)!
  const pathOf = (url: string) => new URL(url).pathname
  const schemaDocuments = manifest.documents.filter((document) => document.upstream?.form === 'schema-endpoint')
  return {
    root,
    manifest,
    files,
    routeOf: (model) => pathOf(schemaRouteUrl(manifest.catalog!, model)),
    listPath: pathOf(manifest.catalog!.url),
    schemaDocuments,
    recordedAnswers,
  }
}

/** The list route's answer: the captured list, plus every model the sandbox declares (minus `without`). */
async function listAnswer(sandbox: Sandbox, without: readonly string[] = []): Promise<string> {
  const declared = (await declaredModels(sandbox.root, sandbox.manifest)).map((entry) => entry.model)
  const listed = new Set(capturedList.data.models.map((entry) => entry.model))
  const extra = declared
    .filter((model) => !listed.has(model))
    .map((model) => ({
      model,
      slug: model,
      title: model,
      provider: 'fixture',
      taskType: ['Image to Video'],
      description: null,
      pricingDesc: '',
    }))
  const models = [...capturedList.data.models, ...extra].filter((entry) => !without.includes(entry.model))
  return JSON.stringify({ ...capturedList, data: { total: models.length, models } })
}

const json = (body: string) => ({ contentType: 'application/json', body })
const throttled = json(JSON.stringify({ code: 429, msg: 'Too many requests, please try again later', data: null }))

function serveCatalog(
  sandbox: Sandbox,
  list: string,
  answers: Partial<Record<(typeof fixtureModels)[number], Parameters<LoopbackServer['routes']['set']>[1]>> = {},
) {
  server.routes.set(sandbox.listPath, json(list))
  for (const [route, answer] of sandbox.recordedAnswers) server.routes.set(route, json(answer))
  for (const model of fixtureModels)
    server.routes.set(sandbox.routeOf(model), answers[model] ?? json(schemaAnswer(model)))
}

function check(sandbox: Sandbox, options: PullOptions = {}) {
  const environment = { [sandbox.manifest.catalog!.apiKeyVariable]: apiKey }
  return checkUpstreams(sandbox.root, { providers: [sandbox.manifest.id], environment, sleep, ...options })
}

const rowOf = (rows: readonly PullRow[], file: string) => rows.find((row) => row.file === file)!
/** The rows of the catalog: its schema-endpoint documents and its model list. */
const catalogRows = (rows: readonly PullRow[], sandbox: Sandbox) =>
  rows.filter(
    (row) =>
      sandbox.schemaDocuments.some((document) => document.file === row.file) ||
      row.file === sandbox.manifest.manifestPath,
  )

/** Every file under specs/, with its content: the whole tree, to prove nothing was written. */
async function specsTree(root: string): Promise<Map<string, string>> {
  const entries = await readdir(path.join(root, 'specs'), { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
  return new Map(
    await Promise.all(files.map(async (file) => [path.relative(root, file), await readFile(file, 'utf8')] as const)),
  )
}

describe('specs:pull from a schema endpoint', () => {
  it('reports unchanged documents, with the key, one request at a time', async () => {
    const sandbox = await catalogSandbox()
    serveCatalog(sandbox, await listAnswer(sandbox))
    const { rows } = await check(sandbox)
    for (const model of fixtureModels)
      expect(rowOf(rows, sandbox.files[model]!)).toMatchObject({
        status: 'unchanged',
        upstreamSha256: sha256Hex(schemaAnswer(model)),
      })
    const catalogRequests = server.requested.filter((requested) => requested.startsWith(sandbox.listPath))
    // The list first, then each document in manifest order; the slash of the model id is not encoded.
    expect(catalogRequests).toEqual([
      sandbox.listPath,
      ...sandbox.schemaDocuments.map((document) => new URL(document.upstream!.url).pathname),
    ])
    expect(catalogRequests).toContain(`${sandbox.listPath}/sorakit-fixture/seedance-a/schema`)
    expect(
      catalogRows(rows, sandbox).every((row) => row.status === 'unchanged' || row.status === 'listed-not-vendored'),
    ).toBe(true)
    const authorizations = server.requested.flatMap((requested, index) =>
      requested.startsWith(sandbox.listPath) ? [server.authorizations[index]] : [],
    )
    expect(authorizations).toEqual(catalogRequests.map(() => `Bearer ${apiKey}`))
    expect(rows.some((row) => row.status === 'disappeared')).toBe(false)
    expect(sleeps).toEqual([])
  })

  it('--write takes a changed answer: data.openapi as stringifyJson writes it, manifest sha256 and date', async () => {
    const sandbox = await catalogSandbox()
    const [changedModel, sameModel] = fixtureModels
    const changed = schemaAnswer(changedModel, 'Seedance 1.5 Pro (image to video)')
    serveCatalog(sandbox, await listAnswer(sandbox), { [changedModel]: json(changed) })
    const { manifests, rows } = await check(sandbox)
    expect(rowOf(rows, sandbox.files[changedModel]!)).toMatchObject({
      status: 'changed',
      upstreamSha256: sha256Hex(changed),
    })
    expect(rowOf(rows, sandbox.files[sameModel]!).status).toBe('unchanged')
    let regenerated = 0
    const written = await writeChangedUpstreams(sandbox.root, manifests, rows, {
      today: '2030-01-02',
      regenerate: async () => ++regenerated && 0,
    })
    expect(rowOf(written, sandbox.files[changedModel]!).status).toBe('written')
    expect(regenerated).toBe(1)
    const openapi = (JSON.parse(changed) as { data: { openapi: unknown } }).data.openapi
    expect(await readFile(path.join(sandbox.root, sandbox.files[changedModel]!), 'utf8')).toBe(stringifyJson(openapi))
    const manifest = JSON.parse(await readFile(path.join(sandbox.root, sandbox.manifest.manifestPath), 'utf8')) as {
      documents: Array<{ file: string; upstream?: { sha256: string; retrieved: string } }>
    }
    const entry = manifest.documents.find(
      (document) => `${sandbox.manifest.directory}/${document.file}` === sandbox.files[changedModel],
    )!
    expect(entry.upstream).toMatchObject({ sha256: sha256Hex(changed), retrieved: '2030-01-02' })
  })

  it('lists the models the provider lists that no document declares, and never vendors them', async () => {
    const sandbox = await catalogSandbox()
    serveCatalog(sandbox, await listAnswer(sandbox))
    const before = await specsTree(sandbox.root)
    const { manifests, rows } = await check(sandbox)
    const declared = new Set((await declaredModels(sandbox.root, sandbox.manifest)).map((entry) => entry.model))
    const expected = capturedList.data.models.map((entry) => entry.model).filter((model) => !declared.has(model))
    expect(expected.length).toBeGreaterThan(0)
    const listed = rows.filter((row) => row.status === 'listed-not-vendored')
    expect(listed.map((row) => row.model)).toEqual(expected)
    const first = capturedList.data.models.find((entry) => entry.model === expected[0])!
    expect(listed[0]).toMatchObject({
      file: sandbox.manifest.manifestPath,
      url: schemaRouteUrl(sandbox.manifest.catalog!, first.model),
      reason: expect.stringContaining(`${first.title} by ${first.provider}`),
    })
    // Information only: the catalog's rows alone exit 0.
    expect(pullExitCode(catalogRows(rows, sandbox))).toBe(exitCodes.ok)
    await writeChangedUpstreams(sandbox.root, manifests, rows, { regenerate: async () => 0 })
    expect(await specsTree(sandbox.root)).toEqual(before)
    const markdown = renderPullMarkdown(rows)
    expect(markdown).toContain('## Listed by the provider, not vendored')
    expect(markdown).toContain(`| ${sandbox.manifest.id} | ${first.model} |`)
    expect(pullReport(rows).rows.filter((row) => row.status === 'listed-not-vendored').length).toBe(expected.length)
  })

  it('reports a declared model the list no longer names as disappeared, with the file declaring it', async () => {
    const sandbox = await catalogSandbox()
    const [goneModel] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox, [goneModel]))
    const { rows } = await check(sandbox)
    const disappeared = rows.filter((row) => row.status === 'disappeared')
    expect(disappeared).toEqual([
      expect.objectContaining({
        provider: sandbox.manifest.id,
        file: sandbox.files[goneModel],
        model: goneModel,
        reason: expect.stringContaining('availability'),
      }),
    ])
    expect(pullExitCode(catalogRows(rows, sandbox))).toBe(exitCodes.findings)
    expect(renderPullMarkdown(rows)).toContain(`${sandbox.files[goneModel]} (${goneModel}) | disappeared`)
  })

  it('backs off when the route answers code 429 and resumes', async () => {
    const sandbox = await catalogSandbox()
    const [throttledModel] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox), {
      [throttledModel]: {
        sequence: [throttled, { ...throttled, headers: { 'retry-after': '3' } }, json(schemaAnswer(throttledModel))],
      },
    })
    const { rows } = await check(sandbox, { random: () => 0.5 })
    expect(rowOf(rows, sandbox.files[throttledModel]!).status).toBe('unchanged')
    expect(server.requested.filter((requested) => requested === sandbox.routeOf(throttledModel)).length).toBe(3)
    // 2 s (±25 % jitter, here none) after the first 429; the second said Retry-After: 3.
    expect(sleeps).toEqual([2000, 3000])
  })

  it('a route throttled to the end is unreachable, and --write then writes nothing at all', async () => {
    const sandbox = await catalogSandbox()
    const [changedModel, throttledModel] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox), {
      [changedModel]: json(schemaAnswer(changedModel, 'changed')),
      [throttledModel]: throttled,
    })
    const before = await specsTree(sandbox.root)
    const { manifests, rows } = await check(sandbox, { attempts: 4, random: () => 0 })
    expect(rowOf(rows, sandbox.files[throttledModel]!)).toMatchObject({
      status: 'unreachable',
      reason: expect.stringMatching(/throttled .*code 429.* after 4 requests/),
    })
    expect(server.requested.filter((requested) => requested === sandbox.routeOf(throttledModel)).length).toBe(4)
    expect(sleeps).toEqual([1500, 3000, 6000])
    expect(rowOf(rows, sandbox.files[changedModel]!).status).toBe('changed')
    const written = await writeChangedUpstreams(sandbox.root, manifests, rows, { regenerate: async () => 0 })
    expect(rowOf(written, sandbox.files[changedModel]!)).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('could not be fetched'),
    })
    expect(await specsTree(sandbox.root)).toEqual(before)
    expect(pullExitCode(written)).toBe(exitCodes.unreachable)
  })

  it('gives up before the overall wait bound rather than waiting past it', async () => {
    const sandbox = await catalogSandbox()
    const [throttledModel] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox), {
      [throttledModel]: { ...throttled, headers: { 'retry-after': '120' } },
    })
    const { rows } = await check(sandbox, { maxWaitMs: 60_000 })
    expect(rowOf(rows, sandbox.files[throttledModel]!)).toMatchObject({
      status: 'unreachable',
      reason: expect.stringContaining('past its 60 s bound'),
    })
    expect(sleeps).toEqual([])
  })

  it('bounds the waiting of the whole catalog pull, not of each route', async () => {
    const sandbox = await catalogSandbox()
    serveCatalog(sandbox, await listAnswer(sandbox), { [fixtureModels[0]]: throttled, [fixtureModels[1]]: throttled })
    const { rows } = await check(sandbox, { maxWaitMs: 3000, random: () => 0.5 })
    for (const model of fixtureModels)
      expect(rowOf(rows, sandbox.files[model]!)).toMatchObject({
        status: 'unreachable',
        reason: expect.stringContaining('code 429'),
      })
    // The first route waits 2 s once; the second has 1 s of the bound left, less than its first wait.
    expect(sleeps).toEqual([2000])
    expect(rowOf(rows, sandbox.files[fixtureModels[1]]!).reason).toContain('after 1 request (')
  })

  it('without the key: the catalog rows say which variable to set and nothing is requested; docs pages still run', async () => {
    const sandbox = await catalogSandbox()
    const variable = sandbox.manifest.catalog!.apiKeyVariable
    vi.stubEnv(variable, '')
    serveCatalog(sandbox, await listAnswer(sandbox))
    // Every docs page of the provider answers its vendored copy's JSON (YAML too), so those rows run and read
    // `changed`.
    const pages = sandbox.manifest.documents.filter(
      (document) => document.origin === 'vendored' && document.upstream?.form !== 'schema-endpoint',
    )
    expect(pages.length).toBeGreaterThan(0)
    for (const document of pages) {
      const text = await readFile(path.join(sandbox.root, document.file), 'utf8')
      const page =
        document.upstream!.form === 'mintlify-block'
          ? `## OpenAPI\n\n\`\`\`\`yaml ${document.upstream!.block}\n${text}\`\`\`\`\n`
          : text
      server.routes.set(
        new URL(document.upstream!.url).pathname + (document.upstream!.form === 'openapi-file' ? '' : '.md'),
        { contentType: 'text/markdown', body: page },
      )
    }
    let printed = ''
    const code = await main(['pull', sandbox.manifest.id, '--root', sandbox.root, '--json'], {
      out: (text) => (printed += text),
      err: () => {},
    })
    const { rows } = JSON.parse(printed) as { rows: PullRow[] }
    const needsKey = rows.filter((row) => row.status === 'needs-key')
    expect(needsKey.map((row) => row.file).sort()).toEqual(
      [...sandbox.schemaDocuments.map((document) => document.file), sandbox.manifest.manifestPath].sort(),
    )
    for (const row of needsKey) expect(row.reason).toContain(`needs ${variable}`)
    expect(server.requested.filter((requested) => requested.startsWith(sandbox.listPath))).toEqual([])
    for (const document of pages) expect(rowOf(rows, document.file).status).toBe('changed')
    expect(code).toBe(exitCodes.needsKey)
  })

  it('openapi: null is malformed, with the reason', async () => {
    const sandbox = await catalogSandbox()
    const [model] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox), {
      [model]: json(JSON.stringify({ code: 200, msg: 'success', data: { model, openapi: null } })),
    })
    const { rows } = await check(sandbox)
    expect(rowOf(rows, sandbox.files[model]!)).toMatchObject({
      status: 'malformed',
      reason: expect.stringContaining('no OpenAPI document for this model'),
    })
    expect(pullExitCode(catalogRows(rows, sandbox))).toBe(exitCodes.upstreamMalformed)
  })

  it('a non-JSON answer (the HTML app shell) is malformed; a non-JSON list too', async () => {
    const sandbox = await catalogSandbox()
    const [model] = fixtureModels
    const shell = { contentType: 'text/html', body: '<!doctype html><html><body><div id="root"></div></body></html>' }
    serveCatalog(sandbox, 'not json', { [model]: shell })
    const { rows } = await check(sandbox)
    expect(rowOf(rows, sandbox.files[model]!)).toMatchObject({
      status: 'malformed',
      reason: expect.stringContaining('not JSON'),
    })
    expect(
      rows.find((row) => row.file === sandbox.manifest.manifestPath && row.url === sandbox.manifest.catalog!.url),
    ).toMatchObject({ status: 'malformed', reason: expect.stringContaining('the model list is not JSON') })
    expect(rows.some((row) => row.status === 'listed-not-vendored' || row.status === 'disappeared')).toBe(false)
  })

  it('a schema-endpoint document in a manifest without a catalog is a bad input naming the missing declaration', async () => {
    const sandbox = await catalogSandbox()
    const manifestPath = path.join(sandbox.root, sandbox.manifest.manifestPath)
    const raw = JSON.parse(await readFile(manifestPath, 'utf8')) as { catalog?: unknown }
    delete raw.catalog
    await writeFile(manifestPath, stringifyJson(raw))
    let problem = ''
    const code = await main(['pull', sandbox.manifest.id, '--root', sandbox.root], {
      out: () => {},
      err: (text) => (problem += text),
    })
    expect(code).toBe(exitCodes.badInput)
    expect(problem).toContain(
      `${sandbox.manifest.manifestPath}: ${sandbox.schemaDocuments[0]!.file} is read from a schema endpoint (upstream.form "schema-endpoint"), but the manifest declares no "catalog"`,
    )
    expect(server.requested).toEqual([])
  })

  it('an error code in the body (a bad key) is unreachable, naming the code', async () => {
    const sandbox = await catalogSandbox()
    const [model] = fixtureModels
    serveCatalog(sandbox, await listAnswer(sandbox), {
      [model]: json(JSON.stringify({ code: 401, msg: 'You do not have access permissions', data: null })),
    })
    const { rows } = await check(sandbox)
    expect(rowOf(rows, sandbox.files[model]!)).toMatchObject({
      status: 'unreachable',
      reason: expect.stringContaining('answered code 401 (You do not have access permissions)'),
    })
  })
})

describe('declared models', () => {
  it('agree with the models the codegen merged into the bundled document', async () => {
    for (const manifest of (await loadManifests(repositoryRoot)).filter((candidate) =>
      candidate.documents.some((document) => document.model !== undefined),
    )) {
      const bundled = JSON.parse(
        await readFile(path.join(repositoryRoot, 'packages', manifest.id, 'openapi.json'), 'utf8'),
      ) as {
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody: {
                content: { 'application/json': { schema: { discriminator: { mapping: Record<string, string> } } } }
              }
            }
          >
        >
      }
      const { path: modelPath, method, modelIn } = manifest.modelOperation
      // modelIn 'path': each model submits on its own path (`/<model id>`); modelIn 'body': the discriminator mapping.
      const bundledModels =
        modelIn === 'path'
          ? Object.keys(bundled.paths)
              .filter((candidate) => !candidate.includes('{') && bundled.paths[candidate]![method] !== undefined)
              .map((candidate) => candidate.slice(1))
          : Object.keys(
              bundled.paths[modelPath]![method]!.requestBody.content['application/json'].schema.discriminator.mapping,
            )
      expect((await declaredModels(repositoryRoot, manifest)).map((entry) => entry.model).sort()).toEqual(
        bundledModels.sort(),
      )
    }
  })
})

describe('backoff delays', () => {
  it('double from the base with ±25 % jitter, and honour Retry-After in seconds or as a date', () => {
    expect([1, 2, 3].map((attempt) => nextDelay(attempt, undefined, { random: () => 0.5 }))).toEqual([2000, 4000, 8000])
    expect(nextDelay(1, undefined, { random: () => 0 })).toBe(1500)
    expect(nextDelay(3, undefined, { random: () => 0.999 })).toBeLessThanOrEqual(10_000)
    expect(nextDelay(1, '7')).toBe(7000)
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString()
    expect(nextDelay(1, inFiveSeconds)).toBeGreaterThan(3000)
    expect(nextDelay(1, 'soon', { random: () => 0.5 })).toBe(2000)
  })
})
