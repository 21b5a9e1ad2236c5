import type { SoraClock } from '@sorakit/sora'
import { parseCommandLine, type ParsedCommand } from './cli-arguments.js'
import type { CommandName } from './cli-commands.js'
import { CliUsageError, exitCodes, InterruptedError } from './cli-errors.js'
import { commandHelp } from './cli-help.js'
import { createReporter, outputMode, type Reporter } from './cli-output.js'

/** What every command gets. */
export interface CommandContext {
  flags: ParsedCommand['flags']
  positional: string | undefined
  reporter: Reporter
  environment: NodeJS.ProcessEnv
  /** Aborted by Ctrl-C (SIGINT); a second Ctrl-C ends the process at once. */
  signal: AbortSignal
  /** The facade's clock (its polls and retries wait on it). Default: the real one. */
  clock?: SoraClock | undefined
}

export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  environment: NodeJS.ProcessEnv
  /** The facade's clock; tests that run the CLI in-process pass a faster one. Default: the real one. */
  clock?: SoraClock
}

// Each command loads only when run: `status` never loads the progress bar, `models` never opens a connection.
const loaders: Record<CommandName, () => Promise<(context: CommandContext) => Promise<void>>> = {
  generate: async () => (await import('./command-generate.js')).runGenerate,
  wait: async () => (await import('./command-wait.js')).runWait,
  status: async () => (await import('./command-status.js')).runStatus,
  credits: async () => (await import('./command-credits.js')).runCredits,
  models: async () => (await import('./command-models.js')).runModels,
}

/** Runs one command line; resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, environment: process.env },
): Promise<number> {
  const json = argv.includes('--json')
  const secrets = secretsOf(argv, io.environment)
  let parsed: ParsedCommand
  try {
    parsed = parseCommandLine(argv)
  } catch (error) {
    const reporter = await createReporter(outputMode(json, io.stderr), io.stdout, io.stderr, secrets, io.environment)
    return await fail(reporter, error, false)
  }
  if (parsed.flags['help'] === true) {
    io.stdout.write(commandHelp(parsed.command))
    return exitCodes.done
  }
  const reporter = await createReporter(
    outputMode(parsed.flags['json'] === true, io.stderr),
    io.stdout,
    io.stderr,
    secrets,
    io.environment,
  )
  const controller = new AbortController()
  const interrupt = () => controller.abort()
  process.once('SIGINT', interrupt)
  try {
    const command = await loaders[parsed.command]()
    await command({
      flags: parsed.flags,
      positional: parsed.positional,
      reporter,
      environment: io.environment,
      signal: controller.signal,
      clock: io.clock,
    })
    return exitCodes.done
  } catch (error) {
    return await fail(reporter, error, controller.signal.aborted)
  } finally {
    reporter.close()
    process.removeListener('SIGINT', interrupt)
  }
}

// The reporter removes the keys and control characters from the message, as from everything it prints.
async function fail(reporter: Reporter, error: unknown, interrupted: boolean): Promise<number> {
  if (error instanceof InterruptedError || interrupted) return exitCodes.interrupted
  const { exitCode, kind, message } = await classify(error)
  reporter.emit({ event: 'error', kind, exitCode, message })
  return exitCode
}

async function classify(error: unknown): Promise<{ exitCode: number; kind: string; message: string }> {
  if (error instanceof CliUsageError) return { exitCode: exitCodes.usage, kind: 'usage', message: error.message }
  const { SoraError } = await import('@sorakit/sora')
  if (SoraError.isInstance(error)) {
    // Input the facade refused before sending anything is bad usage; anything a provider answered is a failure.
    const refusedLocally =
      (error.kind === 'validation' || error.kind === 'unsupported-feature') && error.status === undefined
    return {
      exitCode: refusedLocally ? exitCodes.usage : exitCodes.failed,
      kind: error.kind,
      message: `${error.name}: ${error.message}`,
    }
  }
  const name = error instanceof Error ? error.name : 'Error'
  return {
    exitCode: exitCodes.failed,
    kind: name,
    message: error instanceof Error ? `${name}: ${error.message}` : String(error),
  }
}

// The facade already keeps keys out of its errors; the reporter also removes them from everything a
// provider sends that is printed (task messages, errors from fetch or the mocks).
function secretsOf(argv: readonly string[], environment: NodeJS.ProcessEnv): string[] {
  const flagIndex = argv.indexOf('--api-key')
  const inline = argv
    .filter((argument) => argument.startsWith('--api-key='))
    .map((argument) => argument.slice('--api-key='.length))
  // Every `*_API_KEY` and `*_KEY` (a provider's own variable, fal's FAL_KEY): removing more than needed is safe.
  const fromEnvironment = Object.entries(environment)
    .filter(([name]) => name.endsWith('_KEY'))
    .map(([, value]) => value ?? '')
  return [...(flagIndex >= 0 ? [argv[flagIndex + 1] ?? ''] : []), ...inline, ...fromEnvironment].filter(
    (secret) => secret.length >= 4,
  )
}
