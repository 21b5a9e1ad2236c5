import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface CodegenCheckResult {
  upToDate: boolean
  /** What `pnpm codegen --check` printed: the stale files and the command that fixes them. */
  output: string
}

// Resolving @sorakit/codegen from this package's folder works from dist/ and from src/ under vitest.
const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const checkScript = "import { runCodegenCli } from '@sorakit/codegen'; process.exitCode = await runCodegenCli(process.argv.slice(1))"

/**
 * Runs the codegen CLI's `--check` (what `pnpm codegen --check` runs) through @sorakit/codegen's exported
 * entry, in its own process: it uses the second core while the Prism host loads, and its ~100 MB of
 * TypeScript and validators are gone once it has answered.
 */
export async function runCodegenCheck(repositoryRoot: string): Promise<CodegenCheckResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', checkScript, '--', '--check', '--root', repositoryRoot], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ upToDate: code === 0, output: output.trim() }))
  })
}
