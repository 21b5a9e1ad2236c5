import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
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

export interface ConsumerProject {
  /** The project's folder, outside the workspace. */
  root: string
  /** Every public workspace package, as packed into `root`. */
  packed: PackedPackage[]
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

const readJson = async (file: string) =>
  JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string> | string>

/**
 * What an app that tests with `@sorakit/mock/msw` adds from the registry: msw (the range the mock is tested with) and
 * vitest.
 */
async function mockConsumerDependencies(): Promise<Record<string, string>> {
  const mockManifest = await readJson(path.join(repositoryRoot, 'packages/mock/package.json'))
  const vitest = await readJson(path.join(repositoryRoot, 'node_modules/vitest/package.json'))
  return {
    msw: (mockManifest['devDependencies'] as Record<string, string>)['msw']!,
    vitest: vitest['version'] as string,
  }
}

/**
 * npm's install flags for a consumer project. `--prefer-offline` takes registry metadata from npm's
 * cache without asking again, so after `pnpm bootstrap` has prefetched it (consumer-prefetch.ts) the
 * tests resolve nothing over the network; the fetch bounds turn a stalled registry into an error
 * within minutes instead of a hang.
 */
const npmInstallFlags = [
  'install',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  '--ignore-scripts',
  '--loglevel=error',
  '--fetch-timeout=60000',
  '--fetch-retries=2',
]

/**
 * A consumer project outside the workspace with every public package installed from its packed
 * tarball (so a missing `files` entry or a broken `exports` map shows up as it would for a user),
 * plus msw and vitest from the registry as a frontend app testing against `@sorakit/mock/msw` has.
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const packages = await publicPackages()
  const root = await mkdtemp(path.join(tmpdir(), 'sorakit-consumer-'))
  try {
    // One pnpm process packs them all (`--json` names each tarball): a process each costs a pnpm start-up apiece.
    const { stdout } = await run(
      'pnpm',
      [
        ...packages.flatMap(({ name }) => ['--filter', name]),
        '--recursive',
        'pack',
        '--pack-destination',
        root,
        '--json',
      ],
      { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
    )
    const tarballs = new Map(
      (JSON.parse(stdout) as Array<{ name: string; filename: string }>).map((entry) => [entry.name, entry.filename]),
    )
    const packed: PackedPackage[] = packages.map(({ name, directory }) => ({
      name,
      directory,
      tarball: tarballs.get(name)!,
    }))
    const dependencies = {
      ...Object.fromEntries(packed.map((item) => [item.name, `file:${item.tarball}`])),
      ...(await mockConsumerDependencies()),
    }
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'sorakit-consumer', private: true, type: 'module', dependencies }, null, 2),
    )
    await run('npm', npmInstallFlags, { cwd: root })
    return { root, packed }
  } catch (error) {
    await removeConsumerProject(root)
    throw error
  }
}

export async function removeConsumerProject(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true })
}
