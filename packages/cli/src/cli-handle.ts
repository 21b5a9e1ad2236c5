import type { SoraHandle } from '@sorakit/sora'
import { CliUsageError } from './cli-errors.js'

/** A `<handle|taskId>` argument: the JSON handle `generate` printed, or a bare task id. */
export type TaskReference = { handle: SoraHandle; taskId: string } | { handle: undefined; taskId: string }

export function parseTaskReference(argument: string): TaskReference {
  if (!argument.trimStart().startsWith('{')) return { handle: undefined, taskId: argument }
  let value: unknown
  try {
    value = JSON.parse(argument)
  } catch {
    throw new CliUsageError(
      'The handle is not valid JSON: pass it in single quotes as `generate` printed it, or pass the task id with --provider',
    )
  }
  const record = value as Record<string, unknown>
  for (const field of ['provider', 'taskId'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '')
      throw new CliUsageError(
        `The handle has no ${field}: pass it as \`generate\` printed it, or pass the task id with --provider`,
      )
  }
  return { handle: value as SoraHandle, taskId: record['taskId'] as string }
}

/**
 * The command that resumes waiting for a task, ready to paste into a POSIX shell (never with a key): the
 * short form, task id and provider; the flags that chose the host (`--mock`, `--base-url`) come along.
 */
export function resumeCommand(task: { provider: string; taskId: string }, extraFlags: readonly string[]): string {
  return ['sorakit', 'wait', task.taskId, '--provider', task.provider, ...extraFlags].map(shellQuote).join(' ')
}

/** The flags a resumed command needs to reach the same task and file: the host's, `--out` and `--force`. */
export function resumeFlags(
  flags: Readonly<Record<string, string | boolean | undefined>>,
  mock: boolean,
  outPath: string | undefined,
): string[] {
  const chosen = (name: string) => (typeof flags[name] === 'string' ? [`--${name}`, flags[name] as string] : [])
  return [
    ...(mock ? (typeof flags['mock-url'] === 'string' ? chosen('mock-url') : ['--mock']) : []),
    ...chosen('base-url'),
    ...chosen('upload-base-url'),
    ...(outPath === undefined ? [] : ['--out', outPath]),
    ...(flags['force'] === true ? ['--force'] : []),
  ]
}

function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}
