import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes, main } from '../src/codegen-cli.js'
import { staleBundledDocuments } from '../src/codegen-run.js'
import { createSandbox, repositoryRoot, type Sandbox } from './sandbox.js'

const run = promisify(execFile)
let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.remove()
  sandbox = undefined
})

async function treeHashes(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>()
  for (const entry of await readdir(path.join(root, 'packages'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    hashes.set(
      path.relative(root, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    )
  }
  return hashes
}

/** `codegen --check` of a tree, as `pnpm test` runs it first: its exit code and what it printed. */
async function checkTree(root: string): Promise<{ exitCode: number; output: string }> {
  const lines: string[] = []
  const capture = (line: string) => void lines.push(line)
  const exitCode = await main(['--check', '--root', root], { info: capture, problem: capture })
  return { exitCode, output: lines.join('\n') }
}

describe('codegen output', () => {
  // `pnpm test` starts with `pnpm codegen --check` on this tree (the committed packages are what the specs
  // generate); these cases prove the check itself.
  it('the same check fails on a copy whose specs changed after its packages were generated', async () => {
    sandbox = await createSandbox({ withPackages: true })
    expect((await checkTree(sandbox.root)).exitCode).toBe(exitCodes.ok)
    await sandbox.editJson(
      'specs/vtrix/authored/vtrix-generation.json',
      (document) => (document.paths['/model/v1/generation'].post.summary = 'Changed'),
    )
    const { exitCode, output } = await checkTree(sandbox.root)
    expect(exitCode).toBe(exitCodes.stale)
    expect(output).toContain('packages/vtrix/openapi.json')
    expect(output).toContain('pnpm codegen')
  })

  it('runs from a process started with --eval (a worker must not inherit it)', async () => {
    const script =
      "import { runCodegenCli } from '@sorakit/codegen'; process.exitCode = await runCodegenCli(['--check', '--root', process.argv[1]])"
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script, repositoryRoot], {
      cwd: path.join(repositoryRoot, 'tools/codegen'),
    })
    expect(stdout).toContain('codegen --check: up to date')
  })

  it('writes identical bytes when run twice', async () => {
    sandbox = await createSandbox()
    const initial = await sandbox.codegen()
    expect(initial.exitCode).toBe(exitCodes.ok)
    const fileCount = Number(/ (\d+) files;/.exec(initial.output)?.[1])
    const first = await treeHashes(sandbox.root)
    const second = await sandbox.codegen()
    expect(second.output).toContain(` 0 written, ${fileCount} unchanged`)
    expect(await treeHashes(sandbox.root)).toEqual(first)
    expect(first.size).toBe(fileCount)
  })

  it('--check names each stale file and the command that fixes it', async () => {
    sandbox = await createSandbox({ withPackages: true })
    expect((await sandbox.codegen('--check')).exitCode).toBe(exitCodes.ok)
    await sandbox.writeText('packages/kie/openapi.json', (await sandbox.readText('packages/kie/openapi.json')) + ' ')
    await rm(path.join(sandbox.root, 'packages/vtrix/README.md'))
    const { exitCode, output } = await sandbox.codegen('--check')
    expect(exitCode).toBe(exitCodes.stale)
    expect(output).toContain('packages/kie/openapi.json')
    expect(output).toContain('packages/vtrix/README.md')
    expect(output).toContain('pnpm codegen')
    expect(output).not.toContain('packages/apikley')
  })

  it('--check reports a generated package whose spec folder is gone', async () => {
    sandbox = await createSandbox({ withPackages: true })
    await rm(path.join(sandbox.root, 'specs/vtrix'), { recursive: true })
    const { exitCode, output } = await sandbox.codegen('--check')
    expect(exitCode).toBe(exitCodes.stale)
    expect(output).toContain('packages/vtrix (no spec generates it any more: delete it)')
  })

  it('--check reports the module of a model no spec defines any more', async () => {
    sandbox = await createSandbox({ withPackages: true })
    await sandbox.editJson('specs/kie/manifest.json', (manifest) => {
      manifest.documents = manifest.documents.filter(
        (document: { file: string }) => document.file !== 'vendored/grok-imagine-text-to-video.json',
      )
    })
    const { exitCode, output } = await sandbox.codegen('--check')
    expect(exitCode, output).toBe(exitCodes.stale)
    expect(output).toContain(
      'packages/kie/src/models/grok-imagine-text-to-video.gen.ts (no spec generates it any more: delete it)',
    )
  })

  it('keeps the version changesets gave a package', async () => {
    sandbox = await createSandbox({ withPackages: true })
    await sandbox.editJson('packages/kie/package.json', (manifest) => (manifest.version = '1.4.2'))
    expect((await sandbox.codegen()).exitCode).toBe(exitCodes.ok)
    expect((await sandbox.readJson('packages/kie/package.json')).version).toBe('1.4.2')
    expect((await sandbox.codegen('--check')).exitCode).toBe(exitCodes.ok)
  })

  it('leaves every package untouched when one provider has bad input', async () => {
    sandbox = await createSandbox({ withPackages: true })
    const before = await treeHashes(sandbox.root)
    // A valid change to kie that would rewrite its package...
    await sandbox.editJson(
      'specs/kie/authored/kie-download-url.json',
      (document) => (document.paths['/api/v1/common/download-url'].post.summary = 'Changed'),
    )
    // ...and a broken vtrix document: nothing at all may be written.
    await sandbox.writeText('specs/vtrix/authored/vtrix-sora-2-i2v.json', '{ "openapi": ')
    const { exitCode, output } = await sandbox.codegen()
    expect(exitCode).toBe(exitCodes.badInput)
    expect(output).toContain('nothing was written')
    expect(await treeHashes(sandbox.root)).toEqual(before)
  })

  it('leaves the old tree untouched and no temporary files when a write fails', async () => {
    sandbox = await createSandbox({ withPackages: true })
    await sandbox.editJson(
      'specs/kie/authored/kie-create-task.json',
      (document) => (document.paths['/api/v1/jobs/createTask'].post.summary = 'Changed'),
    )
    await sandbox.editJson(
      'specs/vtrix/authored/vtrix-generation.json',
      (document) => (document.paths['/model/v1/generation'].post.summary = 'Changed'),
    )
    // vtrix is written last; a file where its src/ folder should be makes that write fail.
    await rm(path.join(sandbox.root, 'packages/vtrix/src'), { recursive: true })
    await writeFile(path.join(sandbox.root, 'packages/vtrix/src'), 'not a folder')
    const before = await treeHashes(sandbox.root)
    const { exitCode } = await sandbox.codegen()
    expect(exitCode).toBe(exitCodes.internal)
    const after = await treeHashes(sandbox.root)
    expect(after).toEqual(before)
    expect([...after.keys()].filter((file) => file.endsWith('.tmp'))).toEqual([])
  })

  it('creates a missing packages folder', async () => {
    sandbox = await createSandbox()
    await mkdir(path.join(sandbox.root, 'packages'), { recursive: true })
    const { exitCode, output } = await sandbox.codegen()
    expect(exitCode).toBe(exitCodes.ok)
    expect((await treeHashes(sandbox.root)).size).toBe(Number(/ (\d+) files;/.exec(output)?.[1]))
  })
})

describe('staleBundledDocuments', () => {
  it('names the bundled documents that differ from what specs/ makes, and only those', async () => {
    sandbox = await createSandbox({ withPackages: true })
    expect(await staleBundledDocuments(sandbox.root)).toEqual([])
    await sandbox.editJson(
      'specs/vtrix/authored/vtrix-generation.json',
      (document) => (document.paths['/model/v1/generation'].post.summary = 'Changed'),
    )
    await sandbox.writeText('packages/kie/README.md', 'hand edit\n')
    expect(await staleBundledDocuments(sandbox.root)).toEqual(['packages/vtrix/openapi.json'])
  })
})
