import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../src/codegen-cli.js'

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const codegenCli = path.join(repositoryRoot, 'tools/codegen/dist/codegen-cli.js')

/** A throwaway repository with a copy of specs/ (and the committed packages), to break one thing at a time. */
export interface Sandbox {
  root: string
  readJson(relative: string): Promise<any>
  writeJson(relative: string, value: unknown): Promise<void>
  editJson(relative: string, edit: (value: any) => void): Promise<void>
  readText(relative: string): Promise<string>
  writeText(relative: string, text: string): Promise<void>
  /** Runs the codegen CLI in-process; returns its exit code and what it printed. */
  codegen(...args: string[]): Promise<{ exitCode: number; output: string }>
  /**
   * Runs the built CLI (dist/codegen-cli.js) as a child process, as CI does, killed after
   * `timeoutMs`; `exitCode` is null when it had to be killed (it hung).
   */
  codegenProcess(options: { timeoutMs: number }, ...args: string[]): Promise<{ exitCode: number | null; output: string; elapsedMs: number }>
  remove(): Promise<void>
}

export async function createSandbox(options: { withPackages?: boolean } = {}): Promise<Sandbox> {
  const root = await mkdtemp(path.join(tmpdir(), 'sorakit-codegen-'))
  await cp(path.join(repositoryRoot, 'specs'), path.join(root, 'specs'), { recursive: true })
  if (options.withPackages) {
    for (const provider of ['kie', 'apikley', 'vtrix']) {
      await cp(path.join(repositoryRoot, 'packages', provider), path.join(root, 'packages', provider), {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|dist|\.turbo)([/\\]|$)/.test(source),
      })
    }
  }
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n')
  const sandbox: Sandbox = {
    root,
    readText: (relative) => readFile(path.join(root, relative), 'utf8'),
    writeText: (relative, text) => writeFile(path.join(root, relative), text),
    readJson: async (relative) => JSON.parse(await sandbox.readText(relative)),
    writeJson: (relative, value) => sandbox.writeText(relative, JSON.stringify(value, null, 2) + '\n'),
    editJson: async (relative, edit) => {
      const value = await sandbox.readJson(relative)
      edit(value)
      await sandbox.writeJson(relative, value)
    },
    codegen: async (...args) => {
      const lines: string[] = []
      const capture = (line: string) => void lines.push(line)
      const exitCode = await main([...args, '--root', root], { info: capture, problem: capture })
      return { exitCode, output: lines.join('\n') }
    },
    codegenProcess: ({ timeoutMs }, ...args) =>
      new Promise((resolve) => {
        const started = performance.now()
        execFile(process.execPath, [codegenCli, ...args, '--root', root], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
          const exitCode = error === null ? 0 : error.killed ? null : typeof error.code === 'number' ? error.code : null
          resolve({ exitCode, output: stdout + stderr, elapsedMs: performance.now() - started })
        })
      }),
    remove: () => rm(root, { recursive: true, force: true }),
  }
  return sandbox
}
