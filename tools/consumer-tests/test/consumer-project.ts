import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const run = promisify(execFile)
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

export interface PackedPackage {
  name: string
  directory: string
  tarball: string
}

/** Public workspace packages (not `private`), as consumers get them. */
export async function publicPackages(): Promise<Array<{ name: string; directory: string }>> {
  const folders = await readdir(path.join(repositoryRoot, 'packages'))
  const result: Array<{ name: string; directory: string }> = []
  for (const folder of folders.sort()) {
    const directory = path.join(repositoryRoot, 'packages', folder)
    const manifest = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8')) as { name: string; private?: boolean }
    if (!manifest.private) result.push({ name: manifest.name, directory })
  }
  return result
}

/**
 * A consumer project outside the workspace with every public package installed from its packed
 * tarball, so a missing `files` entry or a broken `exports` map shows up as it would for a user.
 */
export async function createConsumerProject(): Promise<{ root: string; packed: PackedPackage[]; remove(): Promise<void> }> {
  return createProjectFrom(await publicPackages())
}

/**
 * A project outside the workspace with the given workspace packages installed from their packed tarballs,
 * plus `registryDependencies` (name → version) from the npm registry.
 */
export async function createProjectFrom(packages: ReadonlyArray<{ name: string; directory: string }>, registryDependencies: Readonly<Record<string, string>> = {}): Promise<{ root: string; packed: PackedPackage[]; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'sorakit-consumer-'))
  const packed: PackedPackage[] = []
  for (const { name, directory } of packages) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', root], { cwd: directory })
    const tarball = stdout.trim().split('\n').at(-1)!
    packed.push({ name, directory, tarball })
  }
  const dependencies = { ...Object.fromEntries(packed.map((item) => [item.name, `file:${item.tarball}`])), ...registryDependencies }
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'sorakit-consumer', private: true, type: 'module', dependencies }, null, 2))
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd: root })
  return { root, packed, remove: () => rm(root, { recursive: true, force: true }) }
}
