import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { licenseFileName, packagingProblems } from '@sorakit/package-policy'
import { build } from 'esbuild'
import { providerNaming } from '@sorakit/provider'
import { providerIds } from '@sorakit/provider-registry'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { entrySpecifiers, facadeService, importEveryEntryModule, requireEveryEntryScript } from './commonjs-consumer.js'
import {
  authorizationOf,
  everyModelModule,
  modelRequestPath,
  requestBody,
  type ProviderTable,
} from './consumer-code.js'
import { publicPackages, repositoryRoot, run, type PackedPackage } from '../src/consumer-project.js'

const providers = providerIds
// Every public package packed and npm-installed outside the workspace (test/consumer-project-setup.ts).
const project = inject('consumerProject')
let tables: Array<{ packageName: string; factory: string; table: ProviderTable }>
const typescript = path.join(repositoryRoot, 'node_modules/typescript/bin/tsc')

beforeAll(async () => {
  tables = await Promise.all(
    providers.map(async (id) => {
      const module = (await import(path.join(project.root, 'node_modules/@sorakit', id, 'dist/index.js'))) as Record<
        string,
        unknown
      >
      const naming = providerNaming(id)
      return {
        packageName: naming.packageName,
        factory: naming.clientFactory,
        table: module[naming.providerConstant] as ProviderTable,
      }
    }),
  )
  await writeFile(path.join(project.root, 'every-model.ts'), everyModelModule(tables))
})

async function tarballFiles(packed: PackedPackage): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', packed.tarball])
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.replace(/^package\//, ''))
    .sort()
}

async function tarballText(packed: PackedPackage, file: string): Promise<string> {
  return (await run('tar', ['-xzOf', packed.tarball, `package/${file}`])).stdout
}

function packedPackage(name: string): PackedPackage {
  return project.packed.find((item) => item.name === name)!
}

describe('the packed packages, installed outside the workspace', () => {
  it('ship their build, types, bundled document and README, and no sources', async () => {
    for (const id of providers) {
      const packed = project.packed.find((item) => item.name === `@sorakit/${id}`)!
      const files = await tarballFiles(packed)
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'README.md',
          'openapi.json',
          'dist/index.js',
          'dist/index.d.ts',
          `dist/${id}-client.gen.js`,
          `dist/${id}-openapi.gen.d.ts`,
        ]),
      )
      expect(
        files.filter((file) => file.startsWith('src/') || (file.endsWith('.ts') && !file.endsWith('.d.ts'))),
      ).toEqual([])
    }
  })

  // One program per resolution mode: the code using every model must compile, and broken.ts (a body that
  // breaks its model's schema) must be the one error, so each tsc run proves both.
  it.each(['NodeNext', 'Bundler'])(
    'type-checks consumer code that uses every model of every provider, and rejects code that breaks a model schema (%s resolution)',
    async (resolution) => {
      await writeFile(
        path.join(project.root, 'broken.ts'),
        `import { createKieClient } from '@sorakit/kie'\nvoid createKieClient({ apiKey: 'k' }).POST('/api/v1/jobs/createTask', { body: { model: 'sora-2-image-to-video', input: { prompt: 'p' } } })\n`,
      )
      const tsconfig = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: resolution === 'Bundler' ? 'ESNext' : 'NodeNext',
          moduleResolution: resolution,
          types: [],
          skipLibCheck: false,
        },
        files: ['every-model.ts', 'broken.ts'],
      }
      const tsconfigName = `tsconfig.every-model-${resolution.toLowerCase()}.json`
      await writeFile(path.join(project.root, tsconfigName), JSON.stringify(tsconfig))
      const source = await readFile(path.join(project.root, 'every-model.ts'), 'utf8')
      expect(source.match(/calls\.push\(/g)?.length).toBe(
        tables.reduce((count, { table }) => count + Object.keys(table.models).length, 0),
      )
      const failure = (await run(process.execPath, [typescript, '-p', tsconfigName], { cwd: project.root }).catch(
        (error: { stdout: string }) => error,
      )) as { stdout?: string }
      const errors = (failure.stdout ?? '').split('\n').filter((line) => / error TS\d+:/.test(line))
      expect(errors, failure.stdout).toHaveLength(1)
      expect(errors[0]).toMatch(/^broken\.ts\(2,\d+\): error TS\d+:/)
      expect(failure.stdout).toContain("Property 'image_urls' is missing")
    },
  )

  it("runs in Node: every request goes to the default server with the provider's auth and the body as written", async () => {
    const { outputFiles } = await build({
      entryPoints: [path.join(project.root, 'every-model.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      absWorkingDir: project.root,
    })
    await writeFile(path.join(project.root, 'every-model.mjs'), outputFiles[0]!.text)
    const { stdout } = await run(process.execPath, ['every-model.mjs'], { cwd: project.root })
    const requests = JSON.parse(stdout) as Array<{ url: string; authorization: string; body: { model: string } }>
    const expected = tables.flatMap(({ table }) =>
      Object.keys(table.models).map(
        (modelId) =>
          `${table.servers.api}${modelRequestPath(table, modelId)} ${JSON.stringify(requestBody(table, modelId))}`,
      ),
    )
    // Requests are compared as a set: the clients' middleware makes their order nondeterministic.
    expect(requests.map((request) => `${request.url} ${JSON.stringify(request.body)}`).sort()).toEqual(expected.sort())
    expect(new Set(requests.map((request) => request.authorization))).toEqual(
      new Set(tables.map(({ table }) => authorizationOf(table, 'key'))),
    )
  })

  it('serves the bundled document as @sorakit/<id>/openapi.json', async () => {
    const script =
      providers.map((id) => `import ${id} from '@sorakit/${id}/openapi.json' with { type: 'json' }`).join('\n') +
      `\nconsole.log(JSON.stringify([${providers.join(', ')}].map((document) => [document.openapi, document.servers[0].url])))`
    await writeFile(path.join(project.root, 'documents.mjs'), script)
    const { stdout } = await run(process.execPath, ['documents.mjs'], { cwd: project.root })
    expect(JSON.parse(stdout)).toEqual(tables.map(({ table }) => ['3.1.0', table.servers.api]))
  })

  it('routes upload paths to the upload server and honours its override', async () => {
    const script = `import { createKieClient } from '@sorakit/kie'
const urls = []
const fetch = async (request) => { urls.push(request.url); return new Response('{}', { headers: { 'content-type': 'application/json' } }) }
await createKieClient({ apiKey: 'k', fetch }).POST('/api/file-url-upload', { body: { fileUrl: 'https://example.com/a.png', uploadPath: 'images' } })
await createKieClient({ apiKey: 'k', fetch, baseUrl: 'http://127.0.0.1:4010/', uploadBaseUrl: 'http://127.0.0.1:4013' }).POST('/api/file-base64-upload', { body: { base64Data: 'aGk=', uploadPath: 'images' } })
await createKieClient({ apiKey: 'k', fetch, baseUrl: 'http://127.0.0.1:4010' }).GET('/api/v1/chat/credit')
console.log(JSON.stringify(urls))`
    await writeFile(path.join(project.root, 'upload.mjs'), script)
    const { stdout } = await run(process.execPath, ['upload.mjs'], { cwd: project.root })
    expect(JSON.parse(stdout)).toEqual([
      'https://kieai.redpandaai.co/api/file-url-upload',
      'http://127.0.0.1:4013/api/file-base64-upload',
      'http://127.0.0.1:4010/api/v1/chat/credit',
    ])
  })

  it('bundles for the browser with no Node built-in', async () => {
    const result = await build({
      entryPoints: [path.join(project.root, 'every-model.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      absWorkingDir: project.root,
      logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["'](fs|path|crypto|http)["']\)/)
  })
})

describe('the packed facade, installed outside the workspace', () => {
  const facadeConsumer = `import { createSora, SoraError, UnsupportedFeatureError, type SoraHandle } from '@sorakit/sora'
import { createSora as createKieSora, createSoraWithModels } from '@sorakit/sora/kie'
import { kling30Video } from '@sorakit/kie/models/kling-3.0-video'
import { verifyKieWebhook } from '@sorakit/sora/webhooks'

const created: string[] = []
const fetch = async (request: Request) => {
  created.push(request.url)
  const task = { id: 'task_1', status: 'pending', model: 'sora_2_pro_t2v', created_at: 1765184045 }
  return new Response(JSON.stringify(task), { headers: { 'content-type': 'application/json' } })
}
const vtrix = createSora({ provider: 'vtrix', apiKey: 'secret-key', fetch })
const handle: SoraHandle = await vtrix.textToVideo({ prompt: 'A paper boat', durationSeconds: 8 })
const kie = createKieSora({ apiKey: 'secret-key', fetch })
let refused = ''
try {
  // @ts-expect-error 16 s is no duration of kie.ai's default model (Kling 3.0: 3 to 15): refused at compile time, and at run time for JavaScript callers
  await kie.textToVideo({ prompt: 'A paper boat', durationSeconds: 16 })
} catch (error) {
  refused = SoraError.isInstance(error) && error instanceof UnsupportedFeatureError ? error.message : 'wrong error'
}
// A facade over one model module: it knows that model only, in its types and at run time.
const kling = createSoraWithModels({ apiKey: 'secret-key', fetch, models: [kling30Video] })
// @ts-expect-error a model this facade was not given
const unknownModel = kling.textToVideo({ model: 'sora-2-text-to-video', prompt: 'A paper boat' }).then(() => 'started', (error) => error.name)
const selected = kling.capabilities.operations.textToVideo.map((model) => model.model)
console.log(JSON.stringify({ handle, created, refused, verifier: typeof verifyKieWebhook, selected, unknownModel: await unknownModel }))
`

  it('installs the sorakit bin, which answers --help and lists the models of the installed provider tables', async () => {
    const bin = path.join(project.root, 'node_modules/.bin/sorakit')
    const help = await run(bin, ['--help'], { cwd: project.root })
    expect(help.stdout).toContain('Usage: sorakit <command> [options]')
    const { stdout } = await run(bin, ['models', '--json'], { cwd: project.root })
    const listed = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { provider: string; model: string })
    // One line per model and operation it serves.
    const expected = tables.flatMap(({ table }) =>
      Object.entries(table.models).flatMap(([model, entry]) => entry.operations.map(() => `${table.id} ${model}`)),
    )
    expect(listed.map(({ provider, model }) => `${provider} ${model}`).sort()).toEqual(expected.sort())
  })

  it('ships every entry point with types, and no sources', async () => {
    const facade = project.packed.find((item) => item.name === '@sorakit/sora')!
    const files = await tarballFiles(facade)
    // Every entry its manifest exports (the root, one per provider of the registry, webhooks...), code and types.
    const { exports } = JSON.parse(await readFile(path.join(facade.directory, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>
    }
    const targets = Object.values(exports).flatMap((target) =>
      typeof target === 'string' ? [] : [target.default, target.types],
    )
    expect(targets.length).toBeGreaterThan(4)
    expect(files).toEqual(expect.arrayContaining(targets.map((target) => target.replace(/^\.\//, ''))))
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([])
  })

  it('type-checks and runs consumer code from the tarballs', async () => {
    await writeFile(path.join(project.root, 'facade.ts'), facadeConsumer)
    await writeFile(
      path.join(project.root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: [],
        },
        files: ['facade.ts'],
      }),
    )
    await run(process.execPath, [typescript, '-p', 'tsconfig.json'], { cwd: project.root })
    const { outputFiles } = await build({
      entryPoints: [path.join(project.root, 'facade.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      absWorkingDir: project.root,
    })
    await writeFile(path.join(project.root, 'facade.mjs'), outputFiles[0]!.text)
    const { stdout } = await run(process.execPath, ['facade.mjs'], { cwd: project.root })
    const result = JSON.parse(stdout)
    expect(result.handle).toMatchObject({
      provider: 'vtrix',
      taskId: 'task_1',
      model: 'sora_2_pro_t2v',
      baseUrl: 'https://cloud.vtrix.ai',
    })
    expect(result.created).toEqual(['https://cloud.vtrix.ai/model/v1/generation'])
    expect(result.refused).toMatch(/durationSeconds/)
    expect(result.verifier).toBe('function')
    expect(result).toMatchObject({ selected: ['kling-3.0/video'], unknownModel: 'UnsupportedFeatureError' })
  })

  it.each(['@sorakit/sora/kie', '@sorakit/sora/webhooks'])(
    '%s bundles for the browser with no Node built-in',
    async (entry) => {
      await writeFile(path.join(project.root, 'browser-entry.js'), `export * from '${entry}'\n`)
      const result = await build({
        entryPoints: [path.join(project.root, 'browser-entry.js')],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        absWorkingDir: project.root,
        logLevel: 'silent',
      })
      expect(result.errors).toEqual([])
      expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["'](fs|path|crypto|http)["']\)/)
    },
  )
})

// Found by scanning the workspace: a new public package is checked without being listed here.
const everyPublicPackage = (await publicPackages()).map((item) => item.name)
const consumerTestsRequire = createRequire(import.meta.url)
const attw = path.join(
  path.dirname(consumerTestsRequire.resolve('@arethetypeswrong/cli/package.json')),
  'dist/index.js',
)

describe.concurrent('every public package, as packed', () => {
  it('is found by scanning the workspace', () => {
    expect(everyPublicPackage).toEqual(expect.arrayContaining(['@sorakit/sora', '@sorakit/kie']))
    expect(project.packed.map((item) => item.name)).toEqual(everyPublicPackage)
  })

  it.each(everyPublicPackage)('%s follows the packaging policy (tools/package-policy)', async (name) => {
    const packed = packedPackage(name)
    const files = await tarballFiles(packed)
    const problems = packagingProblems(
      {
        directory: path.relative(repositoryRoot, packed.directory),
        manifest: JSON.parse(await tarballText(packed, 'package.json')) as Record<string, unknown>,
        files,
        licenseText: files.includes(licenseFileName) ? await tarballText(packed, licenseFileName) : undefined,
      },
      await readFile(path.join(repositoryRoot, licenseFileName), 'utf8'),
    )
    expect(problems).toEqual([])
  })

  // cjs-resolves-to-esm is the one rule ignored: require() of the ES module build is how CommonJS
  // consumers load the packages on every supported Node, proven by the CommonJS tests below.
  it.each(everyPublicPackage)(
    '%s: types resolve under node10, node16 (CJS and ESM) and bundler (arethetypeswrong)',
    async (name) => {
      const result = await run(process.execPath, [
        attw,
        packedPackage(name).tarball,
        '--format',
        'json',
        '--ignore-rules',
        'cjs-resolves-to-esm',
      ]).catch((error: { stdout: string }) => error)
      const report = JSON.parse(result.stdout) as {
        problems?: Record<string, Array<{ kind: string; entrypoint: string; resolutionKind?: string }>>
      }
      const problems = Object.values(report.problems ?? {})
        .flat()
        .filter((problem) => problem.kind !== 'CJSResolvesToESM')
      expect(problems).toEqual([])
      expect(result).not.toBeInstanceOf(Error)
    },
  )

  it.each(everyPublicPackage)('%s: publint finds nothing, suggestions included', async (name) => {
    const tarball = await readFile(packedPackage(name).tarball)
    const { messages, pkg } = await publint({
      pack: {
        tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer,
      },
      level: 'suggestion',
      strict: true,
    })
    expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([])
  })
})

/** Every file of an installed package, relative to its folder. */
async function packageFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

describe('CommonJS consumers of the packed packages', () => {
  async function entries() {
    const manifests = await Promise.all(
      everyPublicPackage.map(
        async (name) =>
          JSON.parse(await readFile(path.join(project.root, 'node_modules', name, 'package.json'), 'utf8')) as {
            name: string
            exports: Record<string, unknown>
          },
      ),
    )
    const specifiers = await Promise.all(
      manifests.map(async (manifest) =>
        entrySpecifiers(manifest, await packageFiles(path.join(project.root, 'node_modules', manifest.name))),
      ),
    )
    return { code: specifiers.flatMap((item) => item.code), json: specifiers.flatMap((item) => item.json) }
  }

  async function importedNames(code: readonly string[]): Promise<Record<string, string[]>> {
    await writeFile(
      path.join(project.root, 'import-every-entry.mjs'),
      `const exported = {}\nfor (const specifier of ${JSON.stringify(code)}) exported[specifier] = Object.keys(await import(specifier)).sort()\nconsole.log(JSON.stringify(exported))\n`,
    )
    return JSON.parse(
      (await run(process.execPath, ['import-every-entry.mjs'], { cwd: project.root })).stdout,
    ) as Record<string, string[]>
  }

  it(`require() loads every entry point of every public package on Node ${process.versions.node}, with the exports import() gives`, async () => {
    const { code, json } = await entries()
    expect(code).toEqual(
      expect.arrayContaining(['@sorakit/sora', '@sorakit/sora/kie', '@sorakit/sora/webhooks', '@sorakit/kie']),
    )
    await writeFile(path.join(project.root, 'require-every-entry.cjs'), requireEveryEntryScript(code, json))
    const { stdout, stderr } = await run(process.execPath, ['require-every-entry.cjs'], { cwd: project.root })
    expect(stderr).toBe('')
    const required = JSON.parse(stdout) as Record<string, unknown>
    const imported = await importedNames(code)
    for (const specifier of code) expect((required[specifier] as string[]).length, specifier).toBeGreaterThan(0)
    expect(Object.fromEntries(code.map((specifier) => [specifier, required[specifier]]))).toEqual(imported)
    for (const specifier of json) {
      const [name, file] = [specifier.split('/').slice(0, 2).join('/'), specifier.split('/').slice(2).join('/')]
      expect(required[specifier], specifier).toEqual(
        JSON.parse(await readFile(path.join(project.root, 'node_modules', name, file), 'utf8')),
      )
    }
  })

  it.each([
    { module: 'NodeNext', moduleResolution: 'NodeNext' },
    { module: 'CommonJS', moduleResolution: 'Node10' },
  ])(
    'a CommonJS TypeScript service (module $module, moduleResolution $moduleResolution) compiles and runs',
    async (options) => {
      const { code } = await entries()
      const folder = path.join(project.root, `commonjs-${options.moduleResolution.toLowerCase()}`)
      await mkdir(folder, { recursive: true })
      await writeFile(path.join(folder, 'package.json'), JSON.stringify({ type: 'commonjs' }))
      await writeFile(path.join(folder, 'every-entry.ts'), importEveryEntryModule(code))
      await writeFile(path.join(folder, 'service.ts'), facadeService)
      const compilerOptions = {
        ...options,
        strict: true,
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        types: [],
        outDir: 'out',
        skipLibCheck: false,
      }
      await writeFile(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['service.ts'] }))
      await run(process.execPath, [typescript, '-p', 'tsconfig.json'], { cwd: folder })
      const { stdout, stderr } = await run(process.execPath, ['out/service.js'], { cwd: folder })
      expect(stderr).toBe('')
      const result = JSON.parse(stdout)
      expect(result.handle).toMatchObject({
        provider: 'vtrix',
        taskId: 'task_1',
        model: 'sora_2_pro_t2v',
        baseUrl: 'https://cloud.vtrix.ai',
      })
      expect(result.created).toEqual(['https://cloud.vtrix.ai/model/v1/generation'])
      expect(result.refused).toMatch(/durationSeconds/)
      expect(result.verifier).toBe('function')
      expect(result.exported).toEqual(await importedNames(code))
    },
  )
})
