import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CodegenCheckResult {
  upToDate: boolean
  /** What the check printed: the stale bundled documents and the command that fixes them. */
  output: string
  /** True when an earlier passing check of exactly the same inputs was reused. */
  cached: boolean
}

// Resolving @sorakit/codegen from this package's folder works from dist/ and from src/ under vitest.
const packageRoot = fileURLToPath(new URL('..', import.meta.url))
// Only the bundled documents: the mocks serve nothing else, and checking them skips type generation.
const checkScript = `import { staleBundledDocuments } from '@sorakit/codegen'
try {
  const stale = await staleBundledDocuments(process.argv[1])
  if (stale.length === 0) console.log('bundled documents up to date with specs/')
  else {
    console.error('stale against specs/:\\n' + stale.map((file) => '  ' + file).join('\\n') + '\\nRun \\\`pnpm codegen\\\` and commit the result.')
    process.exitCode = 1
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 2
}`
/** Where the fingerprint of the last passing check is kept. */
export const checkCacheFile = path.join(packageRoot, 'node_modules', '.cache', 'sorakit-mock', 'codegen-check')

/**
 * Whether every bundled document (`packages/<id>/openapi.json`) is what specs/ makes of it, remembered:
 * the check costs about a second of CPU while Prism loads, so a pass is stored under a fingerprint of
 * everything it reads, and reused while that is unchanged.
 */
export async function runCodegenCheck(repositoryRoot: string): Promise<CodegenCheckResult> {
  const fingerprint = await codegenInputsFingerprint(repositoryRoot)
  if ((await readFile(checkCacheFile, 'utf8').catch(() => undefined)) === fingerprint) {
    return {
      upToDate: true,
      output: 'bundled documents up to date with specs/ (inputs unchanged since the last passing check)',
      cached: true,
    }
  }
  const result = await spawnCodegenCheck(repositoryRoot)
  if (result.upToDate) {
    await mkdir(path.dirname(checkCacheFile), { recursive: true })
    await writeFile(checkCacheFile, fingerprint)
  }
  return result
}

/**
 * sha256 over the path and content of every file the check depends on: specs/, the generated packages
 * (without node_modules and builds; not the hand-written ones such as this package), the codegen build and the lockfile
 * (a generator dependency upgrade
 * can change its output). Hand-written: twenty lines over node:crypto, not worth a dependency.
 */
export async function codegenInputsFingerprint(repositoryRoot: string): Promise<string> {
  const skipped = new Set(['node_modules', 'dist', '.turbo'])
  const hash = createHash('sha256').update(path.resolve(repositoryRoot))
  const codegenBuild = path.join(packageRoot, 'node_modules', '@sorakit', 'codegen', 'dist')
  // The generated packages only (one per specs/ folder): the hand-written ones, this one included, are not codegen's
  // inputs or outputs.
  const providers = (await readdir(path.join(repositoryRoot, 'specs'), { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
  const generated = providers.sort().map((provider) => path.join(repositoryRoot, 'packages', provider))
  const sources = [
    path.join(repositoryRoot, 'specs'),
    ...generated,
    codegenBuild,
    path.join(repositoryRoot, 'pnpm-lock.yaml'),
  ]
  for (const source of sources) {
    for (const file of await listFiles(source, skipped))
      hash.update(`\0${path.relative(repositoryRoot, file)}\0`).update(await readFile(file))
  }
  return hash.digest('hex')
}

async function listFiles(location: string, skipped: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(location, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return undefined
    if (error.code === 'ENOENT') return []
    throw error
  })
  if (entries === undefined) return [location]
  const nested = await Promise.all(
    entries
      .filter((entry) => !skipped.has(entry.name))
      .sort((left, right) => left.name.localeCompare(right.name))
      .map((entry) =>
        entry.isDirectory() ? listFiles(path.join(location, entry.name), skipped) : [path.join(location, entry.name)],
      ),
  )
  return nested.flat()
}

/**
 * Runs @sorakit/codegen's `staleBundledDocuments` in its own process: it uses the second core while the
 * Prism host loads, and its validators are gone once it answered.
 */
function spawnCodegenCheck(repositoryRoot: string): Promise<CodegenCheckResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', checkScript, repositoryRoot], {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ upToDate: code === 0, output: output.trim(), cached: false }))
  })
}
