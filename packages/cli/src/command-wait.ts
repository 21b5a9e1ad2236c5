import { openConnection, reportMock, resolveProvider } from './cli-connection.js'
import { checkOutputPath } from './cli-download.js'
import { parseTaskReference, resumeCommand } from './cli-handle.js'
import type { CommandContext } from './cli-run.js'
import { followTask } from './cli-task-follow.js'

/** `sorakit wait <handle|taskId>`: follow a task created earlier (or elsewhere) to its video. */
export async function runWait(context: CommandContext): Promise<void> {
  const { flags } = context
  const reference = parseTaskReference(context.positional!)
  const outPath =
    typeof flags['out'] === 'string' ? await checkOutputPath(flags['out'], flags['force'] === true) : undefined
  const providerId = await resolveProvider(flags['provider'], reference.handle?.provider)
  const connection = await openConnection(providerId, flags, context, reference.handle?.baseUrl)
  try {
    const { mock, sora } = connection
    reportMock(connection, context.reporter)
    const extraFlags = [
      ...(mock === undefined ? [] : ['--mock']),
      ...(outPath === undefined ? [] : ['--out', outPath]),
      ...(flags['force'] === true ? ['--force'] : []),
    ]
    const resume =
      reference.handle === undefined
        ? ['sorakit wait --provider', providerId, reference.taskId, ...extraFlags].join(' ')
        : resumeCommand(reference.handle, extraFlags)
    await followTask(context, sora, { task: reference.handle ?? reference.taskId, outPath, resume })
  } finally {
    await connection.close()
  }
}
