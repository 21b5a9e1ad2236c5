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
 * What an app that tests with `@sorakit/mock/msw` adds from the registry: msw (the version the handlers are tested
 * with) and vitest.
 */
export async function mockConsumerDependencies(): Promise<Record<string, string>> {
  const mockManifest = await readJson(path.join(repositoryRoot, 'packages/mock-msw/package.json'))
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

/** Every public package packed into `destination` by one pnpm process (`--json` names each tarball). */
async function packPublicPackages(destination: string): Promise<PackedPackage[]> {
  const packages = await publicPackages()
  // One process packs them all: a process each costs a pnpm start-up apiece.
  const { stdout } = await run(
    'pnpm',
    [
      ...packages.flatMap(({ name }) => ['--filter', name]),
      '--recursive',
      'pack',
      '--pack-destination',
      destination,
      '--json',
    ],
    { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
  )
  const tarballs = new Map(
    (JSON.parse(stdout) as Array<{ name: string; filename: string }>).map((entry) => [entry.name, entry.filename]),
  )
  return packages.map(({ name, directory }) => ({ name, directory, tarball: tarballs.get(name)! }))
}

export interface ConsumerProjectOptions {
  /** The packed packages the project depends on by name. Default: every public package. */
  install?: string[]
  /** Registry packages added beside them. Default: msw and vitest, as an app testing with the MSW handlers has. */
  registryDependencies?: Record<string, string>
}

/**
 * A consumer project outside the workspace with public packages installed from their packed tarballs (so a
 * missing `files` entry or a broken `exports` map shows up as it would for a user), plus msw and vitest from
 * the registry as a frontend app testing against `@sorakit/mock/msw` has. Every packed package is also an npm
 * `overrides` entry, so a package's dependencies on other sorakit packages resolve to their tarballs too.
 */
export async function createConsumerProject(options: ConsumerProjectOptions = {}): Promise<ConsumerProject> {
  const root = await mkdtemp(path.join(tmpdir(), 'sorakit-consumer-'))
  try {
    const packed = await packPublicPackages(root)
    const tarballs = Object.fromEntries(packed.map((item) => [item.name, `file:${item.tarball}`]))
    const installed = options.install ?? packed.map((item) => item.name)
    const dependencies = {
      ...Object.fromEntries(installed.map((name) => [name, tarballs[name] ?? missingPackage(name)])),
      ...(options.registryDependencies ?? (await mockConsumerDependencies())),
    }
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify(
        { name: 'sorakit-consumer', private: true, type: 'module', dependencies, overrides: tarballs },
        null,
        2,
      ),
    )
    await run('npm', npmInstallFlags, { cwd: root })
    return { root, packed }
  } catch (error) {
    await removeConsumerProject(root)
    throw error
  }
}

function missingPackage(name: string): never {
  throw new Error(`${name} is not a public workspace package: pick one of the packages \`pnpm ls --recursive\` lists`)
}

export async function removeConsumerProject(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true })
}
