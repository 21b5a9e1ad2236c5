import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import type { SoraClock } from '@sorakit/sora'
import { runCli } from '../src/cli-run.js'

/** The built bin: tests run what users run. */
export const sorakitBin = fileURLToPath(new URL('../dist/sorakit.js', import.meta.url))

export interface SorakitRun {
  child: ChildProcess
  /** Everything printed so far (stdout, or the terminal's screen in a pseudo-terminal). */
  output(): string
  stderr(): string
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>
  /** Resolves once the output contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>
  /** Ctrl-C: the ^C key in a terminal (the line discipline sends SIGINT), SIGINT when piped. */
  interrupt(): void
}

export interface RunOptions {
  /** Run inside a pseudo-terminal (util-linux `script`), so stdout is a TTY. */
  terminal?: boolean
  /** Variables added to a clean environment (no *_API_KEY from the caller's). */
  environment?: Record<string, string>
  cwd?: string
}

/** The environment that points `--mock` at the suite's mocks, without any of the caller's keys. */
export function testEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.endsWith('_API_KEY') && !name.startsWith('SORAKIT_MOCK_')),
  )
  return { ...base, ...inject('mockEnvironment'), NO_COLOR: '1', ...extra }
}

export function startSorakit(args: readonly string[], options: RunOptions = {}): SorakitRun {
  const env = testEnvironment(options.environment)
  const command = [process.execPath, sorakitBin, ...args]
  // `script -qfec <command> /dev/null`: runs the command on a new pseudo-terminal and copies its screen to our stdout.
  const child = options.terminal
    ? spawn('script', ['-qfec', command.map(shellQuote).join(' '), '/dev/null'], {
        env: { ...env, COLUMNS: '100', LINES: '30' },
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(command[0]!, command.slice(1), { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    for (const listener of listeners) listener()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const listener of listeners) listener()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return {
    child,
    output: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        // Results come on stdout, progress and hints on stderr: either may carry the awaited text.
        const matches = () =>
          typeof text === 'string' ? `${stdout}${stderr}`.includes(text) : text.test(stdout) || text.test(stderr)
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(new Error(`no ${String(text)} in the output within ${timeoutMs} ms:\n${stdout}\n${stderr}`))
        }, timeoutMs)
        const check = () => {
          if (!matches()) return
          clearTimeout(timer)
          listeners.delete(check)
          resolve()
        }
        listeners.add(check)
        check()
      }),
    interrupt: () => {
      if (options.terminal) child.stdin!.write('\x03')
      else child.kill('SIGINT')
    },
  }
}

/** Runs to the end; resolves with the exit code and the output. */
export async function runSorakit(
  args: readonly string[],
  options: RunOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startSorakit(args, options)
  const code = await run.exited
  return { code, stdout: run.output(), stderr: run.stderr() }
}

/**
 * runCli in this process, with collected output (piped: stdout is not a terminal): the same code as the
 * bin, without a process start per case, and with the fast clock. `pnpm test` runs the CLI this way; the process tests
 * (cli-process.test.ts, `pnpm test:release`) cover the terminal and Ctrl-C.
 */
/** Real time, but every wait of the facade (its 2-3 s polls, retry backoffs) is 20 times shorter. */
export const fastClock: SoraClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(resolve, ms / 20)
      signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true })
    }),
}

export async function runInProcess(
  args: readonly string[],
  options: { environment?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const collected = { stdout: '', stderr: '' }
  const stream = (name: 'stdout' | 'stderr') =>
    ({ isTTY: false, write: (text: string) => ((collected[name] += text), true) }) as unknown as NodeJS.WriteStream
  const code = await runCli(args, {
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    environment: testEnvironment(options.environment),
    clock: fastClock,
  })
  return { code, ...collected }
}

/** The JSON lines of a `--json` run. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}
