import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CodegenCheckResult {
  upToDate: boolean
  /** What `pnpm codegen --check` printed: the stale files and the command that fixes them. */
  output: string
}

/**
 * Runs `pnpm codegen --check` (the codegen CLI of @sorakit/codegen) in its own process, so it uses the
 * second core while the Prism host loads, and its ~100 MB of TypeScript and validators are gone once it answers.
 */
export function runCodegenCheck(repositoryRoot: string): Promise<CodegenCheckResult> {
  const cli = path.join(path.dirname(fileURLToPath(import.meta.resolve('@sorakit/codegen'))), 'codegen-cli.js')
  if (!existsSync(cli)) return Promise.reject(new Error(`${cli} does not exist: build @sorakit/codegen first (pnpm build)`))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--check', '--root', repositoryRoot], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ upToDate: code === 0, output: output.trim() }))
  })
}
