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

/** The command that resumes waiting for `handle`, ready to paste into a POSIX shell (never with a key). */
export function resumeCommand(handle: SoraHandle, extraFlags: readonly string[]): string {
  return ['sorakit', 'wait', shellQuote(JSON.stringify(handle)), ...extraFlags.map(shellQuote)].join(' ')
}

function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}
