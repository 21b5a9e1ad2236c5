import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
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

/**
 * Public workspace packages (not `private`), found by asking pnpm for every workspace package, so
 * a new public package anywhere in the workspace is packed, installed and checked without being listed.
 */
export async function publicPackages(): Promise<Array<{ name: string; directory: string }>> {
  const { stdout } = await run('pnpm', ['ls', '--recursive', '--depth', '-1', '--json'], { cwd: repositoryRoot })
  const workspace = JSON.parse(stdout) as Array<{ name: string; path: string; private?: boolean }>
  return workspace
    .filter((item) => item.private === false)
    .map((item) => ({ name: item.name, directory: item.path }))
    .sort((left, right) => left.name.localeCompare(right.name))
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
  // Packed in parallel: each `pnpm pack` mostly waits on pnpm's own start-up.
  const packed: PackedPackage[] = await Promise.all(
    packages.map(async ({ name, directory }) => {
      const { stdout } = await run('pnpm', ['pack', '--pack-destination', root], { cwd: directory })
      return { name, directory, tarball: stdout.trim().split('\n').at(-1)! }
    }),
  )
  const dependencies = { ...Object.fromEntries(packed.map((item) => [item.name, `file:${item.tarball}`])), ...registryDependencies }
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'sorakit-consumer', private: true, type: 'module', dependencies }, null, 2))
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd: root })
  return { root, packed, remove: () => rm(root, { recursive: true, force: true }) }
}
