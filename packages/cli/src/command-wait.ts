import { openConnection, reportMock, resolveProvider } from './cli-connection.js'
import { checkOutputPath } from './cli-download.js'
import { parseTaskReference, resumeCommand, resumeFlags } from './cli-handle.js'
import type { CommandContext } from './cli-run.js'
import { followTask } from './cli-task-follow.js'

/** `sorakit wait <handle|taskId>`: follow a task created earlier (or elsewhere) to its video. */
export async function runWait(context: CommandContext): Promise<void> {
  const { flags } = context
  const reference = parseTaskReference(context.positional!)
  const outPath =
    typeof flags['out'] === 'string' ? await checkOutputPath(flags['out'], flags['force'] === true) : undefined
  const providerId = await resolveProvider(flags['provider'], reference.handle?.provider, context)
  const connection = await openConnection(providerId, flags, context, reference.handle?.baseUrl)
  try {
    const { mock, sora } = connection
    reportMock(connection, context.reporter)
    const resume = resumeCommand(
      { provider: providerId, taskId: reference.taskId },
      resumeFlags(flags, mock !== undefined, outPath ?? undefined),
    )
    await followTask(context, sora, { task: reference.handle ?? reference.taskId, outPath, resume })
  } finally {
    await connection.close()
  }
}
