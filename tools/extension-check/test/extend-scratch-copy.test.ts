import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { modelNaming } from '@sorakit/provider'
import { providerIds } from '@sorakit/provider-registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// README.md, "Adding a model or a white label", done step by step in a scratch copy of this repository:
// a white label of the kie family ("acme", spec files only) and a non-Sora model in kie's createTask
// shape (fixtures/), then the documented commands, then every part of the toolkit that must take them.
// Not part of `pnpm test` (it installs and builds a second workspace): CI runs `pnpm test:extension`.

const run = promisify(execFile)
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
const newModel = 'kling-2.6/text-to-video'
const whiteLabel = {
  id: 'acme',
  displayName: 'Acme',
  api: 'https://api.acme.example',
  mockPorts: { api: 4031, upload: 4034 },
}

let scratch: string

/** A command in the scratch copy: its stdout and stderr; a failure carries everything it printed. */
async function commandInScratch(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, {
      cwd: path.join(scratch, options.cwd ?? '.'),
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
    })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in the scratch copy:\n${stdout}\n${stderr}`, { cause: error })
  }
}

/** Everything a command printed in the scratch copy. */
async function inScratch(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const { stdout, stderr } = await commandInScratch(command, args, options)
  // vitest colours its summary even when asked not to; the checks read plain text.
  return (stdout + stderr).replace(/\u001b\[[0-9;]*m/g, '')
}

const readScratchJson = async (relative: string) => JSON.parse(await readFile(path.join(scratch, relative), 'utf8'))
const writeScratchJson = (relative: string, value: unknown) =>
  writeFile(path.join(scratch, relative), JSON.stringify(value, null, 2) + '\n')

/** The repository's files as git sees them (tracked and new, ignored ones left out), committed as the drift base. */
async function copyRepository(): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repositoryRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(path.dirname(path.join(scratch, file)), { recursive: true })
    await cp(path.join(repositoryRoot, file), path.join(scratch, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error // deleted in the working tree, not yet committed
    })
  }
  const git = ['-c', 'user.name=extension-check', '-c', 'user.email=extension-check@example.com']
  await inScratch('git', ['init', '--quiet', '--initial-branch', 'main'])
  await inScratch('git', ['add', '--all'])
  await inScratch('git', [...git, 'commit', '--quiet', '--message', 'base'])
}

/** Step 1 of adding a model: its document in specs/kie/authored, its manifest entry. */
async function addModel(): Promise<void> {
  await cp(
    path.join(fixtures, 'kie-kling-2-6-text-to-video.json'),
    path.join(scratch, 'specs/kie/authored/kie-kling-2-6-text-to-video.json'),
  )
  const manifest = await readScratchJson('specs/kie/manifest.json')
  manifest.documents.push(JSON.parse(await readFile(path.join(fixtures, 'kie-kling-2-6-manifest-entry.json'), 'utf8')))
  await writeScratchJson('specs/kie/manifest.json', manifest)
}

/**
 * Step 1 of adding a white label: a manifest (Apikley's as the template: its host, ports and names
 * changed) whose documents are reused from the folders that have them, with overlays pointing their
 * servers at the white label's host.
 */
async function addWhiteLabel(): Promise<void> {
  const folder = path.join(scratch, 'specs', whiteLabel.id)
  await mkdir(path.join(folder, 'overlays'), { recursive: true })
  for (const name of ['api-server', 'upload-server', 'create-task', 'mintlify-model']) {
    const overlay = await readFile(path.join(scratch, `specs/apikley/overlays/apikley-${name}.overlay.json`), 'utf8')
    await writeFile(
      path.join(folder, `overlays/${whiteLabel.id}-${name}.overlay.json`),
      overlay.replaceAll('https://api.apikley.ru', whiteLabel.api).replaceAll('Apikley', whiteLabel.displayName),
    )
  }
  const manifest = JSON.parse(
    (await readFile(path.join(scratch, 'specs/apikley/manifest.json'), 'utf8'))
      .replaceAll('overlays/apikley-', `overlays/${whiteLabel.id}-`)
      .replaceAll('https://api.apikley.ru', whiteLabel.api),
  )
  Object.assign(manifest, {
    id: whiteLabel.id,
    displayName: whiteLabel.displayName,
    docsUrl: `${whiteLabel.api}/docs`,
    mockPorts: whiteLabel.mockPorts,
  })
  manifest.auth.keyPage = `${whiteLabel.api}/keys`
  for (const document of manifest.documents) {
    if (document.origin !== 'vendored') continue
    // Apikley's own pages, reused as Apikley reuses kie's: the same schema at the white label's host.
    document.file = `../apikley/${document.file}`
    document.origin = 'reused'
    document.mirrors = document.upstream.url
    document.overlays.push(`overlays/${whiteLabel.id}-api-server.overlay.json`)
    delete document.upstream
  }
  await writeScratchJson(`specs/${whiteLabel.id}/manifest.json`, manifest)
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'sorakit-extension-'))
  await copyRepository()
  // A newcomer's set-up clone: installed (offline: pnpm's store already holds every locked package).
  await inScratch('pnpm', ['install', '--offline', '--frozen-lockfile'])
})

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('adding a model and a white label with spec files and the documented commands', () => {
  it('pnpm codegen makes @sorakit/acme and types the new model in @sorakit/kie', async () => {
    await addModel()
    await addWhiteLabel()
    const output = await inScratch('pnpm', ['codegen'])
    expect(output).toContain(`codegen: ${providerIds.length + 1} providers`)
    // The model gets its own generated module (named by the contract's one rule), which the table composes.
    const naming = modelNaming(newModel)
    const table = await readFile(path.join(scratch, 'packages/kie/src/kie-provider.gen.ts'), 'utf8')
    expect(table).toContain(`import { ${naming.constant} } from './${naming.subpath}.gen.js'`)
    const model = await readFile(path.join(scratch, `packages/kie/src/${naming.subpath}.gen.ts`), 'utf8')
    expect(model).toContain(`"id": "${newModel}"`)
    expect((await readScratchJson(`packages/${whiteLabel.id}/package.json`)).name).toBe(`@sorakit/${whiteLabel.id}`)
    expect((await readScratchJson('packages/provider-registry/package.json')).dependencies).toHaveProperty(
      `@sorakit/${whiteLabel.id}`,
    )
  })

  it('pnpm install takes the new package into the workspace and its lockfile', async () => {
    // --no-frozen-lockfile: pnpm freezes the lockfile when CI is set, as it is here.
    await inScratch('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'])
    expect(await readFile(path.join(scratch, 'pnpm-lock.yaml'), 'utf8')).toContain(`packages/${whiteLabel.id}:`)
  })

  it('pnpm build', async () => {
    await inScratch('pnpm', ['build'])
  })

  it('drift reports the new package and the new model as additions, nothing breaking', async () => {
    // The drift CLI writes its JSON to stdout, the build of the root script to stderr.
    const report = JSON.parse(
      (await commandInScratch('pnpm', ['--silent', 'specs:diff', '--base', 'HEAD', '--json'])).stdout,
    ) as DiffReport
    const byProvider: Record<string, DiffReport['providers'][number]> = Object.fromEntries(
      report.providers.map((entry) => [entry.provider, entry]),
    )
    expect(byProvider[whiteLabel.id]).toMatchObject({ packageStatus: 'added', bump: 'minor', counts: { breaking: 0 } })
    expect(byProvider['kie']).toMatchObject({ packageStatus: 'changed', bump: 'minor', counts: { breaking: 0 } })
  })

  it('every package type-checks, with consumer code that calls the new model by its id', async () => {
    await writeFile(
      path.join(scratch, 'packages/sora/test/extension-model.test.ts'),
      await readFile(path.join(fixtures, 'extension-model.test.ts.txt'), 'utf8'),
    )
    await inScratch('pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'])
  })

  it('the facade calls the new model by its id and the white label by its id, against @sorakit/mock/msw', async () => {
    const output = await inScratch('pnpm', ['exec', 'vitest', 'run', 'test/extension-model.test.ts'], {
      cwd: 'packages/sora',
    })
    // Every test of the fixture ran and passed.
    const fixture = await readFile(path.join(fixtures, 'extension-model.test.ts.txt'), 'utf8')
    const count = fixture.match(/^it\(/gm)?.length ?? 0
    expect(output).toMatch(new RegExp(`Tests\\s+${count} passed \\(${count}\\)`))
  })

  it("the mock contract suite passes for the white label's server", async () => {
    const output = await inScratch(
      'pnpm',
      [
        'exec',
        'vitest',
        'run',
        '--config',
        'vitest.release.config.ts',
        'test/contract.test.ts',
        '--testNamePattern',
        `${whiteLabel.displayName} contract`,
      ],
      { cwd: 'packages/mock' },
    )
    const passed = Number(/Tests\s+(\d+) passed/.exec(output)?.[1])
    expect(passed, output).toBeGreaterThan(10)
    expect(output).not.toMatch(/\d+ failed/)
  })

  it('pnpm demo runs every flow of every provider, the white label included', async () => {
    // Fresh mocks on free ports: --<server>-port 0 for each server the demo's --help lists.
    const help = await inScratch('node', ['tools/demo/dist/demo-cli.js', '--help'])
    const portFlags = [...help.matchAll(/(--[a-z0-9-]+-port) <port>/g)].map((match) => match[1]!)
    expect(portFlags.join(' ')).toContain(`--${whiteLabel.id}-`)
    const output = await inScratch('node', ['tools/demo/dist/demo-cli.js', ...portFlags.flatMap((flag) => [flag, '0'])])
    expect(output).toContain(whiteLabel.displayName)
    expect(output).toMatch(/All \d+ flows completed/)
  })
})

interface DiffReport {
  providers: Array<{ provider: string; packageStatus: string; bump: string | null; counts: Record<string, number> }>
}
